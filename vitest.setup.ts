import fc from 'fast-check';
import { expect } from 'vitest';
import { batchMatchers } from './src/testing/index.js';

// Property tests are reproducible: one seed for the whole run, overridable to replay a failure.
const DEFAULT_SEED = 20261121;
const seed = process.env['FC_SEED'] === undefined ? DEFAULT_SEED : Number(process.env['FC_SEED']);
fc.configureGlobal({ seed, numRuns: 100 });

// PySpark's pprint prints local time; tests pin the zone so expected blocks are exact.
process.env.TZ = 'UTC';

// The kit's matchers (toEqualBatches, toEqualBatchesUnordered); their types: test/support/batch-matchers.d.ts.
expect.extend(batchMatchers);
