/**
 * Model-based test of the StreamingContext lifecycle (spec §6.1–6.5) against a three-state
 * model (INITIALIZED / ACTIVE / STOPPED). Random sequences of adding streams, start, stop
 * (graceful or not, with or without the SparkContext), one-batch clock advances and
 * `awaitTerminationOrTimeout(0)` are run on a real context on a ManualClock; after every command
 * the state, the active context, the SparkContext, the exact warnings and errors logged and
 * every output produced (foreachRDD records and pprint blocks) must match the model.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type DStream,
  IllegalArgumentError,
  IllegalStateError,
  type Logger,
  ManualClock,
  Seconds,
  StreamingContext,
  type StreamingContextState,
} from '../../src/index.js';

const BATCH_MS = 1000;
const DASHES = '-'.repeat(43);

const ADD_AFTER_START =
  'Adding new inputs, transformations, and output operations after starting a context is not supported';
const ADD_AFTER_STOP =
  'Adding new inputs, transformations, and output operations after stopping a context is not supported';
const NO_OUTPUT = 'requirement failed: No output operations registered, so nothing to execute';
const START_FAILED = 'Error starting the context, marking it as stopped';
const ALREADY_STARTED = 'StreamingContext has already been started';
const ALREADY_STOPPED = 'StreamingContext has already been stopped';
const NOT_STARTED = 'StreamingContext has not been started yet';

/**
 * The outputs an `AddStream` can register:
 * - `foreach`: a new queue input `[[1]]` with a recording `foreachRDD`;
 * - `pprint`: a new queue input `[[1]]`, `map(x => x + 1)`, `pprint` (Scala format, stdout captured);
 * - `derived`: `map(x => x * 10)` on a queue stream made when the context was built, recorded
 *   by `foreachRDD` (after start it is the transformation, not an input, that is refused).
 */
type OutputKind = 'foreach' | 'pprint' | 'derived';

interface Model {
  state: StreamingContextState;
  /** Outputs registered, in registration order (the order their jobs run in each batch). */
  readonly outputs: OutputKind[];
  /** Batches run so far (a context is active at most once, so the first one sees the data). */
  batches: number;
  /** ManualClock time; always a multiple of the batch interval. */
  clockMs: number;
  /** Whether awaitTermination waiters were notified (only a stop of an ACTIVE context does it). */
  notified: boolean;
  sparkContextStopped: boolean;
}

interface Real {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  /** A queue stream created while INITIALIZED, for the `derived` outputs. */
  readonly shared: DStream<number>;
  readonly warnings: string[];
  readonly errors: string[];
  /** Everything the outputs produced: `#<id>@<time>:<json>` records and pprint blocks. */
  readonly events: string[];
}

/** What the command expects to have been logged / produced by the command itself. */
interface Expected {
  warnings?: string[];
  errors?: string[];
  events?: string[];
}

function expectThrown(
  f: () => unknown,
  type: typeof IllegalStateError | typeof IllegalArgumentError,
  message: string,
): void {
  let thrown: unknown;
  let threw = false;
  try {
    f();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  expect(threw, `expected ${type.name}("${message}")`).toBe(true);
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as Error).message).toBe(message);
}

/** The common checks after every command: state, active context, logs and outputs. */
function checkAgainstModel(model: Model, real: Real, expected: Expected = {}): void {
  expect(real.ssc.getState()).toBe(model.state);
  if (model.state === 'ACTIVE') expect(StreamingContext.getActive()).toBe(real.ssc);
  else expect(StreamingContext.getActive()).toBeUndefined();
  expect(real.ssc.sparkContext.isStopped).toBe(model.sparkContextStopped);
  expect(real.warnings.splice(0)).toEqual(expected.warnings ?? []);
  expect(real.errors.splice(0)).toEqual(expected.errors ?? []);
  expect(real.events.splice(0)).toEqual(expected.events ?? []);
}

/** The outputs of one batch at `timeMs`, in registration order, per the model. */
function expectedBatch(model: Model, timeMs: number): string[] {
  const first = model.batches === 0;
  return model.outputs.map((kind, id) => {
    switch (kind) {
      case 'foreach':
        return `#${id}@${timeMs}:${first ? '[1]' : '[]'}`;
      case 'derived':
        return `#${id}@${timeMs}:${first ? '[10]' : '[]'}`;
      case 'pprint':
        return `${DASHES}\nTime: ${timeMs} ms\n${DASHES}\n${first ? '2\n' : ''}\n`;
    }
  });
}

class AddStream implements fc.AsyncCommand<Model, Real> {
  readonly kind: OutputKind;
  constructor(kind: OutputKind) {
    this.kind = kind;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): Promise<void> {
    const id = model.outputs.length;
    const record = (rdd: { collect(): number[] }, time: { milliseconds: number }): void => {
      real.events.push(`#${id}@${time.milliseconds}:${JSON.stringify(rdd.collect())}`);
    };
    const add = (): void => {
      switch (this.kind) {
        case 'foreach':
          real.ssc.queueStream([[1]]).foreachRDD(record);
          break;
        case 'pprint':
          real.ssc
            .queueStream([[1]])
            .map((x) => x + 1)
            .pprint(10, { format: 'scala' });
          break;
        case 'derived':
          real.shared.map((x) => x * 10).foreachRDD(record);
          break;
      }
    };
    switch (model.state) {
      case 'INITIALIZED':
        add();
        model.outputs.push(this.kind);
        break;
      case 'ACTIVE':
        expectThrown(add, IllegalStateError, ADD_AFTER_START);
        break;
      case 'STOPPED':
        expectThrown(add, IllegalStateError, ADD_AFTER_STOP);
        break;
    }
    checkAgainstModel(model, real);
    return Promise.resolve();
  }
  toString(): string {
    return `AddStream(${this.kind})`;
  }
}

class Start implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): Promise<void> {
    const expected: Expected = {};
    switch (model.state) {
      case 'INITIALIZED':
        if (model.outputs.length > 0) {
          real.ssc.start();
          model.state = 'ACTIVE';
        } else {
          expectThrown(
            () => {
              real.ssc.start();
            },
            IllegalArgumentError,
            NO_OUTPUT,
          );
          // Spark marks the context STOPPED without notifying awaitTermination's waiters.
          model.state = 'STOPPED';
          expected.errors = [START_FAILED];
        }
        break;
      case 'ACTIVE':
        real.ssc.start();
        expected.warnings = [ALREADY_STARTED];
        break;
      case 'STOPPED':
        expectThrown(
          () => {
            real.ssc.start();
          },
          IllegalStateError,
          ALREADY_STOPPED,
        );
        break;
    }
    checkAgainstModel(model, real, expected);
    return Promise.resolve();
  }
  toString(): string {
    return 'Start';
  }
}

class Stop implements fc.AsyncCommand<Model, Real> {
  readonly stopSparkContext: boolean;
  readonly stopGracefully: boolean;
  constructor(stopSparkContext: boolean, stopGracefully: boolean) {
    this.stopSparkContext = stopSparkContext;
    this.stopGracefully = stopGracefully;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const expected: Expected = {};
    await real.ssc.stop({
      stopSparkContext: this.stopSparkContext,
      stopGracefully: this.stopGracefully,
    });
    switch (model.state) {
      case 'INITIALIZED':
        expected.warnings = [NOT_STARTED];
        break;
      case 'ACTIVE':
        model.notified = true;
        break;
      case 'STOPPED':
        expected.warnings = [ALREADY_STOPPED];
        break;
    }
    model.state = 'STOPPED';
    // Whatever the state, stopSparkContext stops the SparkContext afterwards.
    model.sparkContextStopped ||= this.stopSparkContext;
    checkAgainstModel(model, real, expected);
  }
  toString(): string {
    return `Stop(stopSparkContext=${this.stopSparkContext}, stopGracefully=${this.stopGracefully})`;
  }
}

class Advance implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    await real.clock.advance(BATCH_MS);
    model.clockMs += BATCH_MS;
    // Started at a multiple of the interval, the first batch is one interval later: every
    // one-interval advance while ACTIVE runs exactly one batch, at the new clock time.
    const events = model.state === 'ACTIVE' ? expectedBatch(model, model.clockMs) : [];
    if (model.state === 'ACTIVE') model.batches++;
    expect(real.clock.now()).toBe(model.clockMs);
    checkAgainstModel(model, real, { events });
  }
  toString(): string {
    return `Advance(${BATCH_MS})`;
  }
}

class AwaitTerminationOrTimeout implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    // true only after a stop of a started context; a context stopped before it ever started
    // (stop() while INITIALIZED, or a failed start()) never notifies its waiters.
    await expect(real.ssc.awaitTerminationOrTimeout(0)).resolves.toBe(model.notified);
    checkAgainstModel(model, real);
  }
  toString(): string {
    return 'AwaitTerminationOrTimeout(0)';
  }
}

// Weighted (and sized 'max', up to 30 commands) so that about 40% of the runs reach ACTIVE and
// run batches there, while starts without an output, stops before start and repeated
// starts / stops still come up in many runs.
const commandArb: fc.Arbitrary<fc.AsyncCommand<Model, Real>> = fc.oneof(
  {
    arbitrary: fc
      .constantFrom<OutputKind>('foreach', 'pprint', 'derived')
      .map((k) => new AddStream(k)),
    weight: 6,
  },
  { arbitrary: fc.constant(new Start()), weight: 3 },
  {
    arbitrary: fc.tuple(fc.boolean(), fc.boolean()).map(([sc, graceful]) => new Stop(sc, graceful)),
    weight: 1,
  },
  { arbitrary: fc.constant(new Advance()), weight: 4 },
  { arbitrary: fc.constant(new AwaitTerminationOrTimeout()), weight: 1 },
);
const commandsArb = fc.commands([commandArb], { maxCommands: 30, size: 'max' });

function newReal(): Real {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger: Logger = {
    warn: (message) => {
      warnings.push(message);
    },
    error: (_fields, message) => {
      errors.push(message);
    },
  };
  const clock = new ManualClock();
  const ssc = new StreamingContext({ batchDuration: Seconds(1), clock, logger });
  return { ssc, clock, shared: ssc.queueStream([[1]]), warnings, errors, events: [] };
}

afterEach(async () => {
  vi.restoreAllMocks();
  // Safety net only: every run stops its own context in a finally block.
  await StreamingContext.getActive()?.stop();
});

describe('StreamingContext lifecycle against the INITIALIZED / ACTIVE / STOPPED model', () => {
  it('start / stop / add / advance / awaitTerminationOrTimeout(0) follow Spark in every state', async () => {
    let current: Real | undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      current?.events.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    await fc.assert(
      fc.asyncProperty(commandsArb, async (commands) => {
        const real = newReal();
        current = real;
        const model: Model = {
          state: 'INITIALIZED',
          outputs: [],
          batches: 0,
          clockMs: 0,
          notified: false,
          sparkContextStopped: false,
        };
        try {
          checkAgainstModel(model, real);
          await fc.asyncModelRun(() => ({ model, real }), commands);
        } finally {
          // Never leak an active context into the next run, even when a command failed.
          await real.ssc.stop();
          current = undefined;
        }
        expect(StreamingContext.getActive()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
