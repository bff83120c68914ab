/** Port of Spark's FileInputDStream (streaming/.../dstream/FileInputDStream.scala). */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DStreamContext } from '../dstream/dstream-context.js';
import { RDD } from '../rdd/rdd.js';
import { UnionRDD } from '../rdd/union-rdd.js';
import type { Duration } from '../time/duration.js';
import type { Time } from '../time/time.js';
import { FileRecordsRDD, type FileRecordReader } from './file-records-rdd.js';
import { InputDStream } from './input-dstream.js';

/**
 * Options of `ssc.fileStream` (Spark's `filter` and `newFilesOnly` parameters).
 *
 * @example
 * ```ts
 * ssc.fileStream('/data/in', { filter: (path) => path.endsWith('.csv'), newFilesOnly: false });
 * ```
 */
export interface FileStreamOptions {
  /**
   * Which files to take, given their absolute path. It replaces the default filter, which skips
   * names starting with `.` (so a user filter that should skip them must say so).
   */
  readonly filter?: (path: string) => boolean;
  /**
   * `true` (default): ignore files modified before the stream was created. `false`: also take
   * files modified within the remember window (at least 60 s) before each batch, not all of them.
   */
  readonly newFilesOnly?: boolean;
}

/**
 * What a file stream's checkpoint records: the files each remembered batch selected, and the
 * time before which files are ignored.
 *
 * @example
 * ```ts
 * const position: FileInputPosition = { initialIgnoreMs: 0, batches: [[1000, ['/in/a.txt']]] };
 * ```
 */
export interface FileInputPosition {
  /** Spark's `initialModTimeIgnoreThreshold`: creation time with `newFilesOnly`, else 0. */
  readonly initialIgnoreMs: number;
  readonly batches: readonly (readonly [timeMs: number, files: readonly string[]])[];
}

/**
 * Spark's default file filter: accept every name that does not start with `.`.
 *
 * @example
 * ```ts
 * ssc.fileStream(dir, { filter: (p) => defaultFileFilter(p) && p.endsWith('.log') });
 * ```
 */
export function defaultFileFilter(path: string): boolean {
  return !basename(path).startsWith('.');
}

/** Spark's `spark.streaming.fileStream.minRememberDuration` default (60 s). */
const MIN_REMEMBER_MS = 60_000;

/** A selected file; `length` is unknown for files restored from a checkpoint. */
interface SelectedFile {
  readonly path: string;
  readonly length: number | undefined;
}

/**
 * An input that monitors a directory. At each batch time `t` it lists the directory (not its
 * sub-directories) and selects the files that pass the filter, whose modification time is after
 * the ignore threshold (`max(initialIgnore, t - durationToRemember)`) and not after `t`, and
 * that no remembered batch selected. The batch is the union of one RDD per file, each read when
 * the batch's jobs run, up to the length the file had when listed.
 *
 * Listing is synchronous, in `batchFor`, as Spark lists on the driver while generating the jobs;
 * reading is synchronous too, inside the job (RDD actions are synchronous), as Spark's tasks read.
 * Files must therefore appear atomically (write elsewhere, then rename into the directory): a file
 * written in place is taken by the first batch whose listing sees a modification time not after
 * the batch time, with the bytes it had then, and what is appended later is never read while the
 * file is remembered.
 *
 * @example
 * ```ts
 * // What ssc.textFileStream(directory) builds:
 * new DStream(new FileInputDStream(ssc, directory, lineReader, {}, 'textFileStream'));
 * ```
 */
export class FileInputDStream<T> extends InputDStream<T> {
  readonly #directory: string;
  readonly #filter: (path: string) => boolean;
  readonly #reader: FileRecordReader<T>;
  readonly #durationToRemember: Duration;
  #initialIgnoreMs: number;
  /** Spark's `batchTimeToSelectedFiles`, for the remembered (and pending) batches. */
  readonly #selected = new Map<number, readonly SelectedFile[]>();
  readonly #recentlySelected = new Set<string>();

  constructor(
    context: DStreamContext,
    directory: string,
    reader: FileRecordReader<T>,
    options: FileStreamOptions,
    operation: string,
  ) {
    super(context, operation);
    this.#directory = resolve(directory);
    this.#filter = options.filter ?? defaultFileFilter;
    this.#reader = reader;
    // Spark takes the scheduler's clock, so a ManualClock compares mod times in virtual time.
    this.#initialIgnoreMs =
      (options.newFilesOnly ?? true) ? context.receiverEnvironment.clock.now() : 0;
    const batch = this.slideDuration;
    this.#durationToRemember = batch.times(Math.ceil(MIN_REMEMBER_MS / batch.milliseconds));
    this.remember(this.#durationToRemember);
  }

  get displayName(): string {
    return `File stream [${this.inputId}]`;
  }

  protected batchFor(time: Time): RDD<T> {
    const timeMs = time.milliseconds;
    let files = this.#selected.get(timeMs);
    if (files === undefined) {
      files = this.#findNewFiles(timeMs);
      this.#selected.set(timeMs, files);
      for (const file of files) this.#recentlySelected.add(file.path);
    }
    const paths = files.map((file) => file.path);
    this.context.graph.inputInfos.report(timeMs, {
      inputStreamId: this.inputId,
      // As in Spark: file streams report the files, not a record count.
      numRecords: 0,
      metadata: new Map<string, unknown>([
        ['files', paths],
        ['Description', paths.join('\n')],
      ]),
    });
    return this.#filesToRDD(files);
  }

  /** Forget the selections of batches older than the remember duration (Spark's clearMetadata). */
  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const oldest = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const [timeMs, files] of this.#selected) {
      if (timeMs >= oldest) continue;
      this.#selected.delete(timeMs);
      for (const file of files) this.#recentlySelected.delete(file.path);
    }
  }

  /** The files of every remembered batch, by batch time, and the initial ignore threshold. */
  position(): FileInputPosition {
    return {
      initialIgnoreMs: this.#initialIgnoreMs,
      batches: [...this.#selected]
        .sort(([a], [b]) => a - b)
        .map(([timeMs, files]) => [timeMs, files.map((file) => file.path)] as const),
    };
  }

  /**
   * Restore from a checkpoint: recovered batches take the same files again, and later batches
   * skip them. The ignore threshold is the original one, so files that arrived while the
   * application was down are still taken.
   */
  restorePosition(position: FileInputPosition): void {
    this.#initialIgnoreMs = position.initialIgnoreMs;
    this.#selected.clear();
    this.#recentlySelected.clear();
    for (const [timeMs, paths] of position.batches) {
      this.#selected.set(
        timeMs,
        paths.map((path) => ({ path, length: undefined })),
      );
      for (const path of paths) this.#recentlySelected.add(path);
    }
  }

  #findNewFiles(timeMs: number): SelectedFile[] {
    const { clock, logger } = this.context.receiverEnvironment;
    const started = clock.now();
    const threshold = Math.max(
      this.#initialIgnoreMs,
      timeMs - this.#durationToRemember.milliseconds,
    );
    const selected: SelectedFile[] = [];
    try {
      // Differs from Spark: names are taken in sorted order (Hadoop lists in the file system's
      // order), so batches are deterministic; and the directory is a path, not a glob.
      const names = readdirSync(this.#directory).sort();
      for (const name of names) {
        const path = join(this.#directory, name);
        if (!this.#filter(path)) continue;
        const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
        if (stats?.isFile() !== true) continue;
        const modTime = Number(stats.mtimeNs / 1_000_000n);
        // `<=` the threshold, not `<` (SPARK-4518); after `timeMs` it belongs to a later batch.
        if (modTime <= threshold || modTime > timeMs || this.#recentlySelected.has(path)) continue;
        // Differs from Spark: a file modified within the last batch interval of wall-clock time
        // is left for a later batch, so a file still being written in place is not read half
        // written (Spark requires files to be moved in atomically and reads whatever it lists).
        if (Date.now() - Number(stats.mtimeMs) < this.slideDuration.milliseconds) continue;
        selected.push({ path, length: Number(stats.size) });
      }
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      logger.warn(
        missing
          ? `No directory to scan: ${this.#directory}: ${String(error)}`
          : `Error finding new files under ${this.#directory}: ${String(error)}`,
      );
      return [];
    }
    const taken = clock.now() - started;
    if (taken > this.slideDuration.milliseconds) {
      logger.warn(
        `Time taken to find new files ${taken} exceeds the batch size. Consider increasing the batch size or reducing the number of files in the monitored directories.`,
      );
    }
    return selected;
  }

  #filesToRDD(files: readonly SelectedFile[]): RDD<T> {
    const sc = this.context.sparkContext;
    const rdds = files.map(({ path, length }) => {
      const size = length ?? statSync(path, { throwIfNoEntry: false })?.size;
      if (size === 0) {
        this.context.receiverEnvironment.logger.error(
          {},
          `File ${path} has no data in it. Spark Streaming can only ingest files that have been "moved" to the directory assigned to the file stream. Refer to the streaming programming guide for more details.`,
        );
      }
      return new FileRecordsRDD(sc, path, size, this.#reader, 'newAPIHadoopFile');
    });
    return new RDD(new UnionRDD(sc, rdds, 'union'));
  }
}
