import { fileURLToPath } from 'node:url';

const LIBRARY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Enough frames to get past the library's own (composite operations nest a dozen deep). */
const MIN_FRAMES = 40;

/**
 * A creation site captured cheaply: the stack is walked when the RDD or DStream is created, but only
 * formatted (the costly part) when `toDebugString` asks for it.
 */
export class CallSite {
  readonly #operation: string;
  readonly #trace: { stack?: string } = {};
  #text: string | undefined;

  constructor(operation: string, override?: string) {
    this.#operation = operation;
    if (override === undefined) captureFrames(this.#trace);
    else this.#text = override;
  }

  /** Spark's short form: `"map at word-count.ts:12"`. */
  toString(): string {
    this.#text ??= `${this.#operation} at ${this.location}`;
    return this.#text;
  }

  /** The user's file and line alone: `"word-count.ts:12"`. */
  get location(): string {
    return userFrame(this.#trace.stack ?? '');
  }
}

function captureFrames(target: { stack?: string }): void {
  const limit = Error.stackTraceLimit;
  if (limit < MIN_FRAMES) Error.stackTraceLimit = MIN_FRAMES;
  try {
    Error.captureStackTrace(target, CallSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function userFrame(stack: string): string {
  for (const line of stack.split('\n')) {
    const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/.exec(line.trim());
    if (match === null) continue;
    const file = (match[1] ?? '').replace(/^file:\/\//, '');
    if (file.startsWith(LIBRARY_ROOT) || file.startsWith('node:')) continue;
    return `${file.slice(file.lastIndexOf('/') + 1)}:${match[2] ?? ''}`;
  }
  return '<unknown>:0';
}
