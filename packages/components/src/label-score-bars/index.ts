export { LabelScoreBars, type LabelScoreBarsProps } from './LabelScoreBars';
