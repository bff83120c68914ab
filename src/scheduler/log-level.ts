/** Spark's `SparkContext.setLogLevel` levels, applied to the library's Logger. */
import { requireArgument } from '../errors.js';
import type { Logger } from './logger.js';

/** Spark's valid log levels (`SparkContext.VALID_LOG_LEVELS`), most verbose first after ALL. */
const LEVELS: readonly SparkLogLevel[] = [
  'ALL',
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'FATAL',
  'OFF',
];

/**
 * One of Spark's log levels, as `sc.setLogLevel` accepts them (any case).
 *
 * @example
 * ```ts
 * const level: SparkLogLevel = 'WARN';
 * ```
 */
export type SparkLogLevel = 'ALL' | 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL' | 'OFF';

/** The Logger method of each level the library logs at; `undefined` for levels it never uses. */
const METHOD_LEVEL: Readonly<Record<string, SparkLogLevel>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** Return `level` upper-cased if Spark accepts it; otherwise throw Spark's error. */
function parseLogLevel(level: string): SparkLogLevel {
  const upper = level.toUpperCase();
  // Spark's text, the levels in the iteration order of its Scala 2.12 Set.
  requireArgument(
    (LEVELS as readonly string[]).includes(upper),
    `Supplied level ${level} did not match one of: ALL,DEBUG,ERROR,FATAL,TRACE,WARN,INFO,OFF`,
  );
  return upper as SparkLogLevel;
}

/**
 * The level a SparkContext logs at, and the loggers it filters: a message passes when its level
 * is at least the current one (`ALL` lets everything through, `OFF` nothing). Starts at `ALL`:
 * the wrapped logger decides, as before any `setLogLevel`.
 */
export class LogLevelFilter {
  #threshold = 0;

  /** Set the level (Spark's `setLogLevel`). */
  set(level: string): void {
    this.#threshold = LEVELS.indexOf(parseLogLevel(level));
  }

  /** The current level. */
  get level(): SparkLogLevel {
    return LEVELS[this.#threshold] as SparkLogLevel;
  }

  /**
   * Return a Logger that forwards each call of `logger` whose level passes the filter at the
   * time of the call. Every method `logger` has that names a level (`warn`, `error`, and
   * `trace`/`debug`/`info`/`fatal` when present) is filtered; others are forwarded as they are.
   */
  wrap<L extends Logger>(logger: L): L {
    const wrapped: Record<string, unknown> = {};
    const source = logger as unknown as Record<string, unknown>;
    for (const name of methodNames(logger)) {
      const method = source[name];
      if (typeof method !== 'function') continue;
      const level = METHOD_LEVEL[name];
      const threshold = level === undefined ? 0 : LEVELS.indexOf(level);
      wrapped[name] = (...args: unknown[]): unknown =>
        threshold >= this.#threshold ? (Reflect.apply(method, logger, args) as unknown) : undefined;
    }
    return wrapped as unknown as L;
  }
}

/** The method names of `logger`, own and inherited (a class instance keeps them on its prototype). */
function methodNames(logger: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = logger; o !== null && o !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== 'constructor') names.add(name);
    o = Object.getPrototypeOf(o) as object | null;
  }
  return [...names];
}
