/**
 * The Logger: pino's shape (a pino logger is passed as it is and gets the failed job's error as
 * `err`, stack included), the console adapter's levels, and the info lines for the lifecycle,
 * checkpoints and recovery.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  consoleLogger,
  type Logger,
  ManualClock,
  Milliseconds,
  StreamingContext,
} from '../../../src/index.js';

interface PinoLine {
  level: number;
  msg: string;
  err?: { type: string; message: string; stack: string };
}

/** A real pino logger at `debug` whose JSON lines land in `lines`. */
function pinoLines(): { logger: Logger; lines: PinoLine[] } {
  const lines: PinoLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as PinoLine) },
  );
  return { logger, lines };
}

const directories: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Logger in pino shape', () => {
  it('passes a failed job error to pino as err, with its stack', async () => {
    const { logger, lines } = pinoLines();
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger });
    ssc.queueStream([[1]]).foreachRDD(() => {
      throw new Error('boom');
    });
    ssc.start();
    await clock.advance(Milliseconds(1000));
    await ssc.stop();

    const failed = lines.find((line) => line.level === 50);
    expect(failed?.msg).toBe('Error running job streaming job 1000 ms.0');
    expect(failed?.err?.type).toBe('Error');
    expect(failed?.err?.message).toBe('boom');
    expect(failed?.err?.stack).toMatch(/^Error: boom\n\s+at /);
  });

  it('logs the lifecycle at info and each batch at debug', async () => {
    const { logger, lines } = pinoLines();
    const clock = new ManualClock();
    const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger });
    ssc.queueStream([[1]]).foreachRDD(() => undefined);
    ssc.start();
    await clock.advance(Milliseconds(1000));
    await ssc.stop();

    expect(lines.filter((line) => line.level === 30).map((line) => line.msg)).toEqual([
      'StreamingContext started',
      'StreamingContext stopped successfully',
    ]);
    const debug = lines.filter((line) => line.level === 20).map((line) => line.msg);
    expect(debug[0]).toBe('Added jobs for time 1000 ms');
    expect(debug[1]).toMatch(
      /^Total delay: \d+\.\d{3} s for time 1000 ms \(execution: \d+\.\d{3} s\)$/,
    );
    expect(debug).toHaveLength(2);
  });

  it('logs checkpoints written and the recovery from one at info', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dstream-logger-'));
    directories.push(dir);
    const build = (clock: ManualClock, logger: Logger) => (): StreamingContext => {
      const ssc = new StreamingContext({ batchDuration: Milliseconds(1000), clock, logger });
      ssc.checkpoint(dir);
      ssc.constantInputDStream(ssc.sparkContext.parallelize([1])).foreachRDD(() => undefined);
      return ssc;
    };
    const first = pinoLines();
    const clock = new ManualClock();
    const ssc = build(clock, first.logger)();
    ssc.start();
    await clock.advance(Milliseconds(1000));
    await ssc.stop();
    expect(first.lines.filter((line) => line.level === 30).map((line) => line.msg)).toEqual([
      'StreamingContext started',
      `Checkpoint for time 1000 ms saved to file '${join(dir, 'checkpoint-1000')}'`,
      `Checkpoint for time 1000 ms saved to file '${join(dir, 'checkpoint-1000')}'`,
      'StreamingContext stopped successfully',
    ]);

    const second = pinoLines();
    const restarted = await StreamingContext.getOrCreate(
      dir,
      build(new ManualClock(), second.logger),
      {
        logger: second.logger,
      },
    );
    restarted.start();
    await restarted.stop();
    expect(second.lines.filter((line) => line.level === 30).map((line) => line.msg)).toEqual([
      `Checkpoint successfully loaded from file ${join(dir, 'checkpoint-1000')}`,
      'Checkpoint was generated at time 1000 ms',
      'Batches to reschedule (1 batches): 1000 ms',
      'StreamingContext started',
      'StreamingContext stopped successfully',
    ]);
  });
});

describe('consoleLogger', () => {
  function spies() {
    return {
      debug: vi.spyOn(console, 'debug').mockImplementation(() => undefined),
      info: vi.spyOn(console, 'info').mockImplementation(() => undefined),
      warn: vi.spyOn(console, 'warn').mockImplementation(() => undefined),
      error: vi.spyOn(console, 'error').mockImplementation(() => undefined),
    };
  }

  it('prints warnings and errors by default, with the error after the message', () => {
    const console = spies();
    const logger = consoleLogger();
    const error = new Error('boom');
    logger.debug?.('d');
    logger.info?.('i');
    logger.warn('w');
    logger.error({ err: error }, 'e');
    logger.error({}, 'no error');
    expect('debug' in logger).toBe(false);
    expect('info' in logger).toBe(false);
    expect(console.warn.mock.calls).toEqual([['w']]);
    expect(console.error.mock.calls).toEqual([['e', error], ['no error']]);
  });

  it('prints from the level it is given up', () => {
    const console = spies();
    const info = consoleLogger('info');
    info.debug?.('d');
    info.info?.('i');
    const error = consoleLogger('error');
    error.warn('w');
    error.error({}, 'e');
    consoleLogger('debug').debug?.('d2');
    expect(console.debug.mock.calls).toEqual([['d2']]);
    expect(console.info.mock.calls).toEqual([['i']]);
    expect(console.warn.mock.calls).toEqual([]);
    expect(console.error.mock.calls).toEqual([['e']]);
  });
});
