/**
 * What the Kafka examples share: the command line of the two exactly-once ones
 * (kafka-idempotent-sink.ts, kafka-transactional-sink.ts: brokers, topics, PostgreSQL, rate cap,
 * when to stop), the broker and count options the other Kafka examples and lessons take too, and
 * the loop that drives a context until the job should stop. Not an example itself.
 */
import process from 'node:process';
import { setImmediate } from 'node:timers/promises';
import { IllegalArgumentError, ManualClock, type StreamingContext } from 'dstream-ts';
import type { OffsetRange } from 'dstream-ts/kafka';

/** The PostgreSQL the examples write to when neither `--database-url` nor DATABASE_URL is given. */
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Command-line options both examples accept (spread into `parseArgs`'s `options`). */
export const JOB_OPTIONS = {
  brokers: { type: 'string' },
  'database-url': { type: 'string' },
  schema: { type: 'string' },
  'max-rate': { type: 'string' },
  batches: { type: 'string' },
  'stop-when-caught-up': { type: 'boolean', default: false },
  'manual-clock': { type: 'boolean', default: false },
} as const;

/** The parsed common options. */
export interface JobArgs {
  readonly brokers: string[];
  readonly topics: string[];
  readonly databaseUrl: string;
  /** The PostgreSQL schema holding the example's tables (created if missing). */
  readonly schema: string;
  /** Records per second per partition at most (`maxRatePerPartition`), if capped. */
  readonly maxRatePerPartition: number | undefined;
  /** Stop after this many batches of this run, re-run ones included (Infinity: until stopped). */
  readonly batches: number;
  /** Stop after the first batch that found no new record. */
  readonly stopWhenCaughtUp: boolean;
  /** Virtual time: batches back to back instead of one per second (for tests). */
  readonly manualClock: boolean;
}

interface JobValues {
  readonly brokers?: string | undefined;
  readonly 'database-url'?: string | undefined;
  readonly schema?: string | undefined;
  readonly 'max-rate'?: string | undefined;
  readonly batches?: string | undefined;
  readonly 'stop-when-caught-up'?: boolean | undefined;
  readonly 'manual-clock'?: boolean | undefined;
}

/** `text` as a positive integer, for the option `--<name>`. */
export function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new IllegalArgumentError(`Expected --${name} to be a positive integer, got ${text}`);
  }
  return value;
}

/** The brokers of `--brokers host:port[,host:port...]` (`option`), else of $KAFKA_BROKERS. */
export function kafkaBrokers(option: string | undefined): string[] {
  const brokers = (option ?? process.env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0) {
    throw new IllegalArgumentError(
      'No Kafka brokers: give --brokers host:port[,host:port...] or set KAFKA_BROKERS',
    );
  }
  return brokers;
}

/** Check and convert the common options; `positionals` are the topics. */
export function jobArgs(
  values: JobValues,
  positionals: readonly string[],
  defaults: { readonly schema: string },
): JobArgs {
  const brokers = kafkaBrokers(values.brokers);
  if (positionals.length === 0) {
    throw new IllegalArgumentError('No topics: give one or more topic names after the options');
  }
  const schema = values.schema ?? defaults.schema;
  // The schema name is spliced into SQL text (identifiers cannot be query parameters).
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new IllegalArgumentError(
      `Expected --schema to be a lower-case SQL identifier (a-z, 0-9, _), got ${schema}`,
    );
  }
  const maxRate = values['max-rate'];
  const batches = values.batches;
  return {
    brokers,
    topics: [...positionals],
    databaseUrl: values['database-url'] ?? process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    schema,
    maxRatePerPartition: maxRate === undefined ? undefined : positiveInteger('max-rate', maxRate),
    batches: batches === undefined ? Infinity : positiveInteger('batches', batches),
    stopWhenCaughtUp: values['stop-when-caught-up'] ?? false,
    manualClock: values['manual-clock'] ?? false,
  };
}

/** A batch's ranges as the progress lines print them: `<topic>-<partition>:<from>-<until>,...`. */
export function describeRanges(ranges: readonly OffsetRange[]): string {
  return ranges.map((r) => `${r.topic}-${r.partition}:${r.fromOffset}-${r.untilOffset}`).join(',');
}

/**
 * Follows the batches a job has written and says when the job should stop: after `batches`
 * batches, after a new batch with no record (with `stopWhenCaughtUp`; batches re-run after a
 * recovery do not count, as records may have arrived while the job was down), or on SIGINT/SIGTERM.
 */
export class JobProgress {
  readonly #batches: number;
  readonly #stopWhenCaughtUp: boolean;
  #written = 0;
  /** Batches up to this time were generated before the job (re)started. */
  #startedAtMs = -Infinity;
  #isDone = false;
  #finish: () => void = () => undefined;
  /** Resolves once the job should stop. */
  readonly finished: Promise<void>;

  constructor(args: Pick<JobArgs, 'batches' | 'stopWhenCaughtUp'>) {
    this.#batches = args.batches;
    this.#stopWhenCaughtUp = args.stopWhenCaughtUp;
    this.finished = new Promise((resolve) => {
      this.#finish = () => {
        this.#isDone = true;
        resolve();
      };
    });
  }

  get isDone(): boolean {
    return this.#isDone;
  }

  /** The job starts (or resumes) at `nowMs` of its clock. */
  started(nowMs: number): void {
    this.#startedAtMs = nowMs;
  }

  /** Stop after the batch running now. */
  stop(): void {
    this.#finish();
  }

  /**
   * A batch's output was written: print `summary` (one line; the crash tests read it, so it is
   * printed only once the write has committed) and decide whether to stop.
   */
  batchWritten(timeMs: number, records: number, summary: string): void {
    process.stdout.write(`${summary}\n`);
    this.batchCompleted(timeMs, records);
  }

  /**
   * The batch at `timeMs`, which read `records` Kafka records, has finished its output (printed
   * it, with `pprint`): decide whether to stop.
   */
  batchCompleted(timeMs: number, records: number): void {
    const caughtUp = this.#stopWhenCaughtUp && records === 0 && timeMs > this.#startedAtMs;
    if (++this.#written >= this.#batches || caughtUp) this.#finish();
  }
}

/**
 * Start `ssc` and run it until `progress` says stop, then stop it gracefully. A failed batch stops
 * the job at once and its error is thrown (the process exits non-zero).
 */
export async function runJob(ssc: StreamingContext, progress: JobProgress): Promise<void> {
  const onSignal = (): void => {
    progress.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failure: { error: unknown } | undefined;
  progress.started(ssc.clock.now());
  ssc.start();
  const terminated = ssc.awaitTermination().catch((error: unknown) => {
    failure = { error };
  });
  try {
    const clock = ssc.clock;
    if (clock instanceof ManualClock) {
      // Virtual time, one batch per turn of the event loop, so a SIGKILL can land between batches.
      while (!progress.isDone && failure === undefined) {
        await clock.advance(ssc.batchDuration.milliseconds);
        await setImmediate();
      }
    } else {
      await Promise.race([progress.finished, terminated]);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (failure !== undefined) {
    await ssc.stop();
    throw failure.error;
  }
  await ssc.stop({ stopGracefully: true });
}
