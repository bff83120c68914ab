// --- Virtual time ---
export { ManualClock } from '../scheduler/clock/manual-clock.js';
// --- Running streams in tests ---
export { runBatches, type RunBatchesOptions, type InputBatches } from './run-batches.js';
export { runStream, type RunStreamOptions, type StreamRun } from './run-stream.js';
export type { BatchOutput } from './kit-context.js';
// --- Inputs and expectations ---
export { batchesFrom } from './marbles.js';
export {
  expectBatches,
  batchMatchers,
  BatchAssertionError,
  type ActualBatches,
  type ExpectedBatches,
  type BatchEqualityOptions,
  type BatchExpectation,
  type BatchMatchers,
  type BatchMatcherResult,
} from './expect-batches.js';
// --- Properties: generators (need fast-check) and laws ---
export * as arbitraries from './arbitraries.js';
export * as laws from './laws.js';
