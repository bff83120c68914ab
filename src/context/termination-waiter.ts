/** Port of Spark's ContextWaiter (streaming/src/main/scala/org/apache/spark/streaming/ContextWaiter.scala). */

interface Waiter {
  resolve(stopped: boolean): void;
  reject(error: unknown): void;
}

/** Lets callers wait for the context to stop or for the first reported error (which sticks). */
export class TerminationWaiter {
  #stopped = false;
  #hasError = false;
  #error: unknown;
  readonly #waiters = new Set<Waiter>();

  notifyError(error: unknown): void {
    this.#hasError = true;
    this.#error = error;
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }

  notifyStop(): void {
    this.#stopped = true;
    for (const waiter of this.#waiters) waiter.resolve(true);
    this.#waiters.clear();
  }

  /** Resolve `true` when stopped, `false` after `timeoutMs` (if given); reject with a reported error. */
  waitForStopOrError(timeoutMs?: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.#hasError) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the thrown value, whatever it is, is what the caller must get
        reject(this.#error);
        return;
      }
      if (this.#stopped) {
        resolve(true);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        resolve: (stopped) => {
          clearTimeout(timer);
          resolve(stopped);
        },
        reject: (error) => {
          clearTimeout(timer);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as above
          reject(error);
        },
      };
      this.#waiters.add(waiter);
      // As Spark's ContextWaiter, a negative timeout means no timeout.
      if (timeoutMs !== undefined && timeoutMs >= 0) {
        timer = setTimeout(() => {
          this.#waiters.delete(waiter);
          resolve(false);
        }, timeoutMs);
      }
    });
  }
}
