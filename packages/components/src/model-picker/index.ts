export { ModelPicker, type ModelPickerProps } from './ModelPicker';
export { type ModelChoice, type ModelPolicy, parseModelChoice } from './options';
