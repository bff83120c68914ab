/**
 * The test kit: run a stream operation batch by batch in virtual time (`runBatches`) and drive a
 * whole context with `ManualClock`.
 *
 * @module dstream-ts/testing
 */
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
/**
 * fast-check arbitraries of inputs: `batches`, `pairBatches`, `windowSpec`, `words`, `keys`,
 * `sentences`. They need fast-check (an optional peer dependency); the rest of the kit does not.
 *
 * @example
 * ```ts
 * fc.asyncProperty(arbitraries.pairBatches(arbitraries.keys(), fc.nat(5)), async (input) => { ... });
 * ```
 */
export * as arbitraries from './arbitraries.js';
/**
 * Laws a job must satisfy, each an async check throwing a `BatchAssertionError` with a per-batch
 * report: `windowEqualsUnionOfBatches`, `reduceByKeyAndWindowMatchesNaive`,
 * `stateEqualsFoldOfBatches`, `checkRecovery`.
 *
 * @example
 * ```ts
 * await laws.checkRecovery({ batchDuration: Seconds(1), input, operation: myJob });
 * ```
 */
export * as laws from './laws.js';
