// --- Virtual time ---
export { ManualClock } from '../scheduler/clock/manual-clock.js';
// --- Running streams in tests ---
export { runBatches, type RunBatchesOptions, type InputBatches } from './run-batches.js';
export { runStream, type RunStreamOptions, type StreamRun } from './run-stream.js';
export type { BatchOutput } from './kit-context.js';
