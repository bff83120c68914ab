// --- Virtual time ---
export { ManualClock } from '../scheduler/clock/manual-clock.js';
// --- Running streams in tests ---
export { runBatches, type RunBatchesOptions } from './run-batches.js';
