export { LabelScoreBars, type LabelScoreBarsProps } from './label-score-bars';
export {
  type CodePointIndex,
  createCodePointIndex,
  ENTITY_PALETTE_SIZE,
  entityColorIndex,
  EntityHighlighter,
  type EntityHighlighterProps,
  type EntitySpan,
  highlightSegments,
  type HighlightResult,
  type Segment,
  toEntitySpans,
  toSegments,
} from './entity-highlighter';
export {
  type ChatMessage,
  ChatMessages,
  type ChatMessagesProps,
  type ChatStatus,
  type ChatToolCall,
  isChatBusy,
  MessageInput,
  type MessageInputProps,
} from './chat';
export {
  type ModelChoice,
  ModelPicker,
  type ModelPickerProps,
  type ModelPolicy,
  parseModelChoice,
} from './model-picker';
export { JobProgress, type JobProgressProps } from './job-progress';
export { type ModelLoadingEstimate, useModelLoadingCountdown } from './model-loading';
