/**
 * Where the engine writes what Spark would log (warnings such as "StreamingContext has already
 * been started", errors of failed jobs). Defaults to the console.
 *
 * @example
 * ```ts
 * new StreamingContext({ batchDuration: Seconds(1), logger: { warn() {}, error() {} } }); // silent
 * ```
 */
export interface Logger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** The default logger: `console.warn` / `console.error`. */
export const consoleLogger: Logger = {
  warn: (message) => {
    console.warn(message);
  },
  error: (message, error) => {
    if (error === undefined) console.error(message);
    else console.error(message, error);
  },
};
