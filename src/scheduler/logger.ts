/**
 * Where the engine writes what Spark would log: errors of failed jobs and sources, warnings such
 * as "StreamingContext has already been started", `info` lines for the lifecycle (started,
 * stopped), recovery from a checkpoint and checkpoints written, and `debug` lines per batch.
 *
 * The shape is pino's, so a pino logger is passed as it is (`logger: pino()`): lines are
 * `(message)`, and an error travels as `({ err }, message)`, which pino serialises with its type,
 * message and stack. `debug` and `info` are optional: a logger without them gets warnings and
 * errors only. The default, {@link consoleLogger}, prints warnings and errors to the console.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * new StreamingContext({ batchDuration: Seconds(1), logger: pino() }); // pino, as it is
 * new StreamingContext({ batchDuration: Seconds(1), logger: consoleLogger('info') }); // console
 * new StreamingContext({ batchDuration: Seconds(1), logger: { warn() {}, error() {} } }); // silent
 * ```
 */
export interface Logger {
  /** Per-batch detail (jobs generated, batch completed with its delays). */
  debug?(message: string): void;
  /** Lifecycle, recovery and checkpoint events. */
  info?(message: string): void;
  /** Something the user should look at; the program goes on. */
  warn(message: string): void;
  /** A failure, with the error as pino expects it: `err` (its stack included when printed). */
  error(fields: { readonly err?: unknown }, message: string): void;
}

/**
 * The levels of {@link consoleLogger}, lowest first: each prints its own lines and those of the
 * levels after it.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * A {@link Logger} that prints to the console from `level` up (default `'warn'`, Spark's level in
 * its shells): `console.debug`, `console.info`, `console.warn`, and `console.error` with the error
 * after the message, so Node prints its stack. The context's default logger is
 * `consoleLogger()`.
 *
 * @example
 * ```ts
 * const ssc = new StreamingContext({ batchDuration: Seconds(1), logger: consoleLogger('info') });
 * // StreamingContext started
 * ```
 */
export function consoleLogger(level: LogLevel = 'warn'): Logger {
  const from = LEVELS.indexOf(level);
  const enabled = (line: LogLevel): boolean => LEVELS.indexOf(line) >= from;
  return {
    ...(enabled('debug') && {
      debug: (message: string) => {
        console.debug(message);
      },
    }),
    ...(enabled('info') && {
      info: (message: string) => {
        console.info(message);
      },
    }),
    warn: (message) => {
      if (enabled('warn')) console.warn(message);
    },
    error: ({ err }, message) => {
      if (err === undefined) console.error(message);
      else console.error(message, err);
    },
  };
}
