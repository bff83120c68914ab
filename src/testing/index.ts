/**
 * The test kit: run a stream operation batch by batch in virtual time (`runBatches`) and drive a
 * whole context with `ManualClock`.
 *
 * @module dstream-ts/testing
 */
// --- Virtual time ---
export { ManualClock } from '../scheduler/clock/manual-clock.js';
// --- Running streams in tests ---
export { runBatches, type RunBatchesOptions } from './run-batches.js';
