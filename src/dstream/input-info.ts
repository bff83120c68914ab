/** Port of Spark's StreamInputInfo and InputInfoTracker (streaming/.../scheduler/InputInfoTracker.scala). */

/**
 * What one input stream contributed to a batch. Queue and constant streams report nothing.
 *
 * @example
 * ```ts
 * for (const info of batchInfo.streamIdToInputInfo.values()) console.log(info.numRecords);
 * ```
 */
export interface StreamInputInfo {
  /** The id of the input stream. */
  readonly inputStreamId: number;
  /** Records the input stream contributed to the batch. */
  readonly numRecords: number;
  /**
   * The source's details, e.g. `Description` (a Kafka batch's offset ranges, a file stream's
   * files).
   */
  readonly metadata: ReadonlyMap<string, unknown>;
}

/** Collects, per batch time, what each input reported when its batch was taken. */
export class InputInfoTracker {
  readonly #byTime = new Map<number, Map<number, StreamInputInfo>>();

  report(timeMs: number, info: StreamInputInfo): void {
    let infos = this.#byTime.get(timeMs);
    if (infos === undefined) {
      infos = new Map();
      this.#byTime.set(timeMs, infos);
    }
    infos.set(info.inputStreamId, info);
  }

  /**
   * Return and forget the infos of `timeMs`, and those of earlier times: inputs also report when
   * an older batch's RDD is computed again (a window over batches restored after recovery), and
   * no batch takes those.
   */
  take(timeMs: number): Map<number, StreamInputInfo> {
    const infos = this.#byTime.get(timeMs) ?? new Map<number, StreamInputInfo>();
    for (const time of this.#byTime.keys()) if (time <= timeMs) this.#byTime.delete(time);
    return infos;
  }
}
