/**
 * The error hierarchy. Each class stands for the JVM exception Spark throws in the same place and
 * carries Spark's message text, so ported code and tests can match on both.
 */

/**
 * Base class of every error dstream-ts throws on purpose.
 *
 * @example
 * ```ts
 * try { ssc.start(); } catch (e) { if (isDStreamError(e)) console.error(e.name, e.message); }
 * ```
 */
export class DStreamError extends Error {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'DStreamError';
}

/**
 * Spark's `IllegalArgumentException`. `require`-style checks prefix their text with
 * `"requirement failed: "`, exactly as Scala's `require` does.
 *
 * @example
 * ```ts
 * expect(() => sc.parallelize([1], 0)).toThrow(IllegalArgumentError);
 * ```
 */
export class IllegalArgumentError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'IllegalArgumentError';
}

/**
 * Spark's `IllegalStateException`: an operation that the context's lifecycle state forbids.
 *
 * @example
 * ```ts
 * ssc.stop(); expect(() => ssc.start()).toThrow(IllegalStateError);
 * ```
 */
export class IllegalStateError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'IllegalStateError';
}

/**
 * Spark's `SparkException`: a batch could not be generated or computed.
 *
 * @example
 * ```ts
 * stream.transform(() => null as never); // the batch fails with a SparkError
 * ```
 */
export class SparkError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'SparkError';
}

/**
 * Spark's `UnsupportedOperationException`, e.g. `reduce` or `first` on an empty RDD.
 *
 * @example
 * ```ts
 * expect(() => sc.emptyRDD<number>().first()).toThrow(UnsupportedOperationError);
 * ```
 */
export class UnsupportedOperationError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'UnsupportedOperationError';
}

/**
 * Java's `NoSuchElementException`.
 *
 * @example
 * ```ts
 * if (e instanceof NoSuchElementError) console.error(e.message);
 * ```
 */
export class NoSuchElementError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'NoSuchElementError';
}

/**
 * Hadoop's `FileAlreadyExistsException`: `saveAsTextFile` refuses to overwrite a directory.
 *
 * @example
 * ```ts
 * await expect(rdd.saveAsTextFile(existingDir)).rejects.toThrow(FileAlreadyExistsError);
 * ```
 */
export class FileAlreadyExistsError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'FileAlreadyExistsError';
}

/**
 * A checkpoint could not be written, read or matched with the current graph.
 *
 * @example
 * ```ts
 * if (e instanceof CheckpointError) console.error('recovery failed:', e.message);
 * ```
 */
export class CheckpointError extends DStreamError {
  /** The error class's name, as printed in stack traces. */
  override readonly name: string = 'CheckpointError';
}

/**
 * Spark's `SparkException("Could not read data from write ahead log record ...")`: a batch needs a
 * received block that the write-ahead log acknowledged but can no longer give back (the segment
 * was truncated, damaged or deleted). The message names the file, the offset where the damage
 * starts, the block and batch, and what the log lost; the batch fails and the error reaches
 * `awaitTermination()`.
 *
 * @example
 * ```ts
 * ssc.awaitTermination().catch((e: unknown) => {
 *   if (e instanceof WriteAheadLogError) console.error(e.file, e.offset, e.message);
 * });
 * ```
 */
export class WriteAheadLogError extends SparkError {
  override readonly name: string = 'WriteAheadLogError';
  /** The log segment (or, when a whole segment is missing, the stream's log directory). */
  readonly file: string;
  /** Where in `file` the damage starts, when the file exists. */
  readonly offset: number | undefined;

  constructor(message: string, file: string, offset: number | undefined) {
    super(message);
    this.file = file;
    this.offset = offset;
  }
}

/**
 * A line of text input was longer than the `maxLineLength` its reader allows (socketTextStream:
 * 64 Mi characters by default). The socket receiver restarts, as Spark's does on any read error.
 *
 * @example
 * ```ts
 * ssc.addStreamingListener({
 *   onReceiverStopped: ({ receiverInfo }) => console.error(receiverInfo.lastError), // "LineTooLongError: ..."
 * });
 * ```
 */
export class LineTooLongError extends DStreamError {
  override readonly name: string = 'LineTooLongError';
  /** The limit that was exceeded, in characters. */
  readonly maxLineLength: number;

  constructor(maxLineLength: number) {
    super(
      `A line is longer than ${maxLineLength} characters (maxLineLength) and has no line terminator (\\n, \\r or \\r\\n) yet; raise maxLineLength or check that the sender ends its lines`,
    );
    this.maxLineLength = maxLineLength;
  }
}

/**
 * Return whether `error` is one of dstream-ts's own errors.
 *
 * @example
 * ```ts
 * ssc.awaitTermination().catch((e: unknown) => { if (isDStreamError(e)) console.error(e.name); });
 * ```
 */
export function isDStreamError(error: unknown): error is DStreamError {
  return error instanceof DStreamError;
}

/** Scala's `require`: throw an `IllegalArgumentError` with Spark's "requirement failed: " prefix. */
export function requireArgument(condition: boolean, message: string): asserts condition {
  if (!condition) throw new IllegalArgumentError(`requirement failed: ${message}`);
}
