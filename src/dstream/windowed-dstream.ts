/** Port of Spark's WindowedDStream (streaming/.../dstream/WindowedDStream.scala). */
import { SparkError } from '../errors.js';
import type { RDD } from '../rdd/rdd.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
import { requirePositiveDuration } from '../time/duration-argument.js';
import type { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';

/**
 * At each time on its slide grid, the union of the parent's RDDs in the window `(t - w, t]`;
 * the first windows after start are partial.
 */
export class WindowedDStream<T> extends DStreamNode<T> {
  readonly #parent: DStreamNode<T>;
  readonly #windowDuration: Duration;
  readonly #slideDuration: Duration;

  constructor(parent: DStreamNode<T>, window: Duration, slide: Duration) {
    const windowDuration = requirePositiveDuration(window, 'windowDuration');
    const slideDuration = requirePositiveDuration(slide, 'slideDuration');
    super(parent.context, 'window');
    const parentSlide = parent.slideDuration;
    // Spark throws a plain java.lang.Exception here (not `require`), so: SparkError, no prefix.
    if (!windowDuration.isMultipleOf(parentSlide)) {
      throw new SparkError(
        `The window duration of windowed DStream (${windowDuration}) must be a multiple of the slide duration of parent DStream (${parentSlide})`,
      );
    }
    if (!slideDuration.isMultipleOf(parentSlide)) {
      throw new SparkError(
        `The slide duration of windowed DStream (${slideDuration}) must be a multiple of the slide duration of parent DStream (${parentSlide})`,
      );
    }
    this.#parent = parent;
    this.#windowDuration = windowDuration;
    this.#slideDuration = slideDuration;
    // The parent's RDDs are read by several windows: keep them (Spark persists the parent).
    parent.persist(StorageLevel.MEMORY_ONLY_SER);
  }

  override get windowDuration(): Duration {
    return this.#windowDuration;
  }

  get slideDuration(): Duration {
    return this.#slideDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.#parent];
  }

  override get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration?.plus(this.#windowDuration);
  }

  /** Persisting a window persists its parent, whose RDDs the window is made of. */
  override persist(level: StorageLevel): void {
    this.#parent.persist(level);
  }

  compute(validTime: Time): RDD<T> {
    const from = validTime.minus(this.#windowDuration).plus(this.#parent.slideDuration);
    return this.context.sparkContext.union(this.#parent.slice(from, validTime));
  }
}
