// Backpressure on receivers (Spark's ReceiverRateController → BlockGenerator's rate limiter): the
// initial rate bounds the first batches, then the PID estimate of the processing rate does, never
// above receiverMaxRate. Processing time is exact: the job moves the wall clock (only `Date` is
// faked) by a fixed cost per record.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ManualClock,
  Milliseconds,
  Receiver,
  StreamingContext,
  type BackpressureOptions,
  type Logger,
} from '../../../src/index.js';

const silent: Logger = { warn: () => undefined, error: () => undefined };

class BacklogReceiver extends Receiver<number> {
  onStart(): void {
    // A source far faster than processing: 20 000 single items at once.
    for (let i = 0; i < 20_000; i++) void this.store(i);
  }
  onStop(): void {
    // Nothing to release: the items were all stored in onStart.
  }
}

async function batchSizes(
  backpressure: BackpressureOptions,
  batches: number,
  msPerRecord: number,
  receiverMaxRate?: number,
): Promise<number[]> {
  vi.useFakeTimers({ toFake: ['Date'], now: 0 });
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({
    batchDuration: Milliseconds(1000),
    clock,
    logger: silent,
    backpressure,
    ...(receiverMaxRate === undefined ? {} : { receiverMaxRate }),
  });
  const sizes: number[] = [];
  ssc.receiverStream(new BacklogReceiver()).foreachRDD((rdd) => {
    const n = rdd.count();
    sizes.push(n);
    vi.setSystemTime(Date.now() + n * msPerRecord);
  });
  ssc.start();
  try {
    for (let i = 0; i < batches; i++) await ssc.advance(1000);
  } finally {
    await ssc.stop();
  }
  return sizes;
}

describe('receiver backpressure', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('initialRate limits the first batches, then the PID estimate (500 records/s at 2 ms each)', async () => {
    // 200 ms blocks of at most 400 items. Batch 1 takes 4 blocks: at each whole second the batch
    // is generated before that instant's block is cut. The first estimate only sets the PID's
    // baseline, the second (after batch 2) is 500/s: 100 items per block from then on.
    expect(await batchSizes({ enabled: true, initialRate: 2000 }, 6, 2)).toEqual([
      1600, 2000, 500, 500, 500, 500,
    ]);
  });

  it('receiverMaxRate caps the initial rate and every estimate', async () => {
    // Processing at 10 000/s would allow more, but maxRate stays the cap (200 items per block).
    expect(await batchSizes({ enabled: true, initialRate: 5000 }, 4, 0.1, 1000)).toEqual([
      800, 1000, 1000, 1000,
    ]);
  });
});
