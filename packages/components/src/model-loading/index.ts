export { type ModelLoadingEstimate, useModelLoadingCountdown } from './useModelLoadingCountdown';
