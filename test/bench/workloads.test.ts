/**
 * The benchmark workloads (bench/) at tiny sizes: each runs, and dstream-ts computes exactly what
 * every baseline computes from the same data, batch after batch. No timing is asserted here; the
 * Kafka workload is checked in test/kafka/bench-kafka.test.ts against the real broker.
 */
import { describe, expect, it } from 'vitest';
import type { Implementation } from '../../bench/harness.js';
import { median, quantile } from '../../bench/harness.js';
import { batchOverhead } from '../../bench/workloads/batch-overhead.js';
import { mapFilterChain } from '../../bench/workloads/map-filter-chain.js';
import { state, type StateParams } from '../../bench/workloads/state.js';
import { windows, type WindowParams } from '../../bench/workloads/window.js';
import { wordCount } from '../../bench/workloads/word-count.js';
import type { Workload } from '../../bench/workload.js';

/** Run `batches` batches of every implementation; return each one's outputs, batch by batch. */
async function outputs(
  implementations: readonly Implementation[],
  batches: number,
): Promise<Map<string, unknown[]>> {
  const byName = new Map<string, unknown[]>();
  try {
    for (const impl of implementations) byName.set(impl.name, []);
    for (let b = 0; b < batches; b++) {
      for (const impl of implementations) {
        await impl.batch();
        byName.get(impl.name)?.push(impl.output());
      }
    }
  } finally {
    for (const impl of implementations) await impl.close?.();
  }
  return byName;
}

/** Every implementation's outputs equal the first one's (dstream-ts), and are not trivial. */
async function expectSameResults<P>(
  workload: Workload<P>,
  params: P,
  batches: number,
): Promise<unknown[]> {
  const implementations = await workload.create(params);
  expect(implementations.length).toBeGreaterThanOrEqual(2);
  expect(implementations[0]?.name).toBe('dstream-ts');
  const results = await outputs(implementations, batches);
  const engine = results.get('dstream-ts') ?? [];
  expect(engine).toHaveLength(batches);
  for (const [name, got] of results) {
    expect({ name, outputs: got }).toEqual({ name, outputs: engine });
  }
  return engine;
}

describe('benchmark workloads compute the same results in dstream-ts and the baselines', () => {
  it('word count: dstream-ts = hand loop = RxJS bufferTime', async () => {
    const [first] = (await expectSameResults(wordCount, wordCount.tiny, 3)) as [string, number][][];
    const total = (first ?? []).reduce((sum, [, count]) => sum + count, 0);
    expect(total).toBe(wordCount.tiny.words);
  });

  it('map/filter chain: dstream-ts = plain loop', async () => {
    const sums = await expectSameResults(mapFilterChain, mapFilterChain.tiny, 3);
    expect(sums[0]).not.toBe(0);
  });

  it('per-batch overhead pipeline: dstream-ts = plain loop, and empty batches too', async () => {
    await expectSameResults(batchOverhead, batchOverhead.tiny, 3);
    await expectSameResults(batchOverhead, { ...batchOverhead.tiny, records: 0 }, 3);
  });

  it.each([true, false])(
    'reduceByKeyAndWindow (inverse: %s): dstream-ts = hand ring, past the window length',
    async (inverse) => {
      const params: WindowParams = { ...windows.tiny, inverse };
      const counts = (await expectSameResults(windows, params, params.window + 4)) as [
        string,
        number,
      ][][];
      const lastTotal = (counts.at(-1) ?? []).reduce((sum, [, count]) => sum + count, 0);
      expect(lastTotal).toBe(params.window * params.recordsPerBatch);
    },
  );

  it.each(['mapWithState', 'updateStateByKey'] as const)(
    '%s: dstream-ts = hand Map, across checkpoint batches',
    async (operation) => {
      const params: StateParams = { ...state.tiny, operation };
      const results = await expectSameResults(state, params, 12);
      expect(results.at(-1)).not.toEqual(results[0]);
    },
  );
});

describe('benchmark harness statistics', () => {
  it('median and quantiles interpolate between neighbours', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([1, 2], 0.75)).toBe(1.75);
    expect(median([])).toBeNaN();
  });
});
