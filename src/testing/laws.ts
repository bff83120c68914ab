/**
 * The laws of `dstream-ts/testing`, exported as its `laws` namespace: async checks of a job
 * against a plain model, each throwing a `BatchAssertionError` with a per-batch report. Call them
 * inside a fast-check property (`fc.asyncProperty`) or with fixed inputs.
 */
export {
  windowEqualsUnionOfBatches,
  reduceByKeyAndWindowMatchesNaive,
  type WindowLawOptions,
  type ReduceWindowLawOptions,
} from './window-laws.js';
export {
  stateEqualsFoldOfBatches,
  type StateLawCommonOptions,
  type UpdateStateLawOptions,
  type MapWithStateLawOptions,
} from './state-law.js';
export { checkRecovery, type CheckRecoveryOptions } from './recovery-law.js';
export type { LawRunOptions } from './law-support.js';
