/**
 * pprint / print blocks (spec §4.1): 43 dashes, the time line, up to `num` elements, `...` only
 * when there were more, an empty line, for every batch including empty ones. PySpark rendering
 * by default (tests run with TZ=UTC), Scala's with `{ format: 'scala' }`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Logger, ManualClock, Milliseconds, StreamingContext } from '../../../src/index.js';

const DASHES = '-'.repeat(43);
const silent: Logger = { warn: () => undefined, error: () => undefined };

let written: string[] = [];
let ssc: StreamingContext | undefined;

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await ssc?.stop();
  ssc = undefined;
});

/** Run `build` over `batches` batch intervals and return everything written to stdout. */
async function printed(
  build: (ssc: StreamingContext) => void,
  batches: number,
  batchMs = 1000,
): Promise<string> {
  const clock = new ManualClock();
  ssc = new StreamingContext({ batchDuration: Milliseconds(batchMs), clock, logger: silent });
  build(ssc);
  ssc.start();
  await clock.advance(batchMs * batches);
  return written.join('');
}

function block(time: string, ...lines: string[]): string {
  return [DASHES, `Time: ${time}`, DASHES, ...lines, '', ''].join('\n');
}

describe('pprint / print', () => {
  it('the dash line has 43 dashes', () => {
    expect(DASHES).toHaveLength(43);
  });

  it('prints PySpark blocks by default: local time, Python reprs', async () => {
    const out = await printed((s) => {
      s.queueStream<readonly [string, number]>([
        [
          ['a', 1],
          ['b', 2],
        ],
        [['c', 3]],
      ]).pprint();
    }, 2);
    expect(out).toBe(
      block('1970-01-01 00:00:01', "('a', 1)", "('b', 2)") +
        block('1970-01-01 00:00:02', "('c', 3)"),
    );
  });

  it("prints Scala blocks with { format: 'scala' }: `<ms> ms` and toString", async () => {
    const out = await printed((s) => {
      s.queueStream<readonly [string, number]>([
        [
          ['a', 1],
          ['b', 2],
        ],
      ]).print(10, { format: 'scala' });
    }, 1);
    expect(out).toBe(block('1000 ms', '(a,1)', '(b,2)'));
  });

  it('strings print bare in both formats; nested values follow each language', async () => {
    const out = await printed((s) => {
      const input = s.queueStream<unknown>([['word', 7, [1, 2, 3], ['k', ['x', 'y']], null, true]]);
      input.pprint();
      input.pprint(10, { format: 'scala' });
    }, 1);
    expect(out).toBe(
      // A JavaScript array prints as a Python tuple unless the engine built it as a collection.
      block('1970-01-01 00:00:01', 'word', '7', '(1, 2, 3)', "('k', ('x', 'y'))", 'None', 'True') +
        block('1000 ms', 'word', '7', '(1,2,3)', '(k,(x,y))', 'null', 'true'),
    );
  });

  it('prints `...` only when there are more than num elements', async () => {
    const out = await printed((s) => {
      s.queueStream([
        [1, 2, 3],
        [1, 2, 3, 4],
        [1, 2],
      ]).pprint(3);
    }, 3);
    expect(out).toBe(
      block('1970-01-01 00:00:01', '1', '2', '3') +
        block('1970-01-01 00:00:02', '1', '2', '3', '...') +
        block('1970-01-01 00:00:03', '1', '2'),
    );
  });

  it('num defaults to 10', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => i);
    const out = await printed((s) => {
      s.queueStream([eleven.slice(0, 10), eleven]).print();
    }, 2);
    const ten = eleven.slice(0, 10).map(String);
    expect(out).toBe(
      block('1970-01-01 00:00:01', ...ten) + block('1970-01-01 00:00:02', ...ten, '...'),
    );
  });

  it('empty batches print the header and an empty line', async () => {
    const out = await printed((s) => {
      const input = s.queueStream<number>([]);
      input.pprint();
      input.print(10, { format: 'scala' });
    }, 2);
    expect(out).toBe(
      block('1970-01-01 00:00:01') +
        block('1000 ms') +
        block('1970-01-01 00:00:02') +
        block('2000 ms'),
    );
    expect(out.startsWith(`${DASHES}\nTime: 1970-01-01 00:00:01\n${DASHES}\n\n${DASHES}`)).toBe(
      true,
    );
  });

  it('a 500 ms batch interval prints microseconds every other batch (Python format)', async () => {
    const out = await printed(
      (s) => {
        s.queueStream<number>([]).pprint();
      },
      3,
      500,
    );
    expect(out).toBe(
      block('1970-01-01 00:00:00.500000') +
        block('1970-01-01 00:00:01') +
        block('1970-01-01 00:00:01.500000'),
    );
  });

  it('a 500 ms batch interval in Scala format prints plain milliseconds', async () => {
    const out = await printed(
      (s) => {
        s.queueStream<number>([]).print(10, { format: 'scala' });
      },
      2,
      500,
    );
    expect(out).toBe(block('500 ms') + block('1000 ms'));
  });

  it('prints a later date with all its fields', async () => {
    // 2021-11-14 10:00:54 UTC, the time in the DESIGN example.
    const clock = new ManualClock(1636884053000);
    ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger: silent });
    ssc.queueStream([[['Store', 4] as const]]).pprint();
    ssc.queueStream([[['Store', 4] as const]]).print(10, { format: 'scala' });
    ssc.start();
    await clock.advance(1000);
    expect(written.join('')).toBe(
      block('2021-11-14 10:00:54', "('Store', 4)") + block('1636884054000 ms', '(Store,4)'),
    );
  });

  it('takes only num + 1 elements, computing only the partitions needed', async () => {
    const computed: number[] = [];
    const out = await printed((s) => {
      const rdd = s.sparkContext
        .parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4)
        .mapPartitionsWithIndex((index, items) => {
          computed.push(index);
          return items;
        });
      s.queueStream([rdd]).pprint(1);
    }, 1);
    expect(out).toBe(block('1970-01-01 00:00:01', '1', '...'));
    expect(computed).toEqual([0]);
  });
});
