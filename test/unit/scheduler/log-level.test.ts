/**
 * `sc.setLogLevel(level)` drives the library's logger, as Spark's drives log4j (SparkContextSuite
 * "log level case-insensitive and reset log level" checks the level; here, what gets logged). The
 * filter wraps whatever Logger the context has; levels are Spark's `VALID_LOG_LEVELS`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Logger,
  ManualClock,
  Seconds,
  SparkConf,
  SparkContext,
  StreamingContext,
} from '../../../src/index.js';
import { LogLevelFilter } from '../../../src/scheduler/log-level.js';

/** A logger that records each call as `level: message`, every level included. */
function recording(): {
  logger: Logger & { info(m: string): void; debug(m: string): void };
  lines: string[];
} {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (message) => lines.push(`debug: ${message}`),
      info: (message) => lines.push(`info: ${message}`),
      warn: (message) => lines.push(`warn: ${message}`),
      error: (_, message) => lines.push(`error: ${message}`),
    },
  };
}

let ssc: StreamingContext | undefined;

afterEach(async () => {
  await ssc?.stop();
  ssc = undefined;
});

describe('LogLevelFilter', () => {
  it('passes every call at ALL (the default) and the calls at or above the level otherwise', () => {
    const filter = new LogLevelFilter();
    const { logger, lines } = recording();
    const wrapped = filter.wrap(logger);
    const all = (): void => {
      wrapped.debug('d');
      wrapped.info('i');
      wrapped.warn('w');
      wrapped.error({}, 'e');
    };
    all();
    filter.set('warn');
    all();
    filter.set('ERROR');
    all();
    filter.set('Off');
    all();
    filter.set('TRACE');
    all();
    expect(lines).toEqual([
      'debug: d',
      'info: i',
      'warn: w',
      'error: e',
      'warn: w',
      'error: e',
      'error: e',
      'debug: d',
      'info: i',
      'warn: w',
      'error: e',
    ]);
  });

  it("refuses other levels with Spark's text, keeping the current one", () => {
    const filter = new LogLevelFilter();
    filter.set('INFO');
    expect(() => {
      filter.set('verbose');
    }).toThrow(
      'requirement failed: Supplied level verbose did not match one of: ALL,DEBUG,ERROR,FATAL,TRACE,WARN,INFO,OFF',
    );
    expect(filter.level).toBe('INFO');
  });
});

describe('sc.setLogLevel and the StreamingContext logger', () => {
  it("filters what the context logs, from the call on (Spark's setLogLevel)", () => {
    const { logger, lines } = recording();
    const sc = new SparkContext();
    ssc = new StreamingContext({
      batchDuration: Seconds(1),
      clock: new ManualClock(),
      sparkContext: sc,
      logger,
    });
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    ssc.start();
    sc.setLogLevel('ERROR');
    ssc.start();
    sc.setLogLevel('warn');
    ssc.start();
    expect(lines).toEqual([
      'info: StreamingContext started',
      'warn: StreamingContext has already been started',
      'warn: StreamingContext has already been started',
    ]);
  });

  it('warns as Spark does when the master is local or local[1]', () => {
    const { logger, lines } = recording();
    ssc = new StreamingContext({
      batchDuration: Seconds(1),
      sparkContext: new SparkContext(new SparkConf().setMaster('local[1]')),
      logger,
    });
    expect(lines).toEqual([
      'warn: spark.master should be set as local[n], n > 1 in local mode if you have receivers to get data, otherwise Spark jobs will not get resources to process the received data.',
    ]);
  });
});
