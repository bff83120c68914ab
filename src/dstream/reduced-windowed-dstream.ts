/** Port of Spark's ReducedWindowedDStream (streaming/.../dstream/ReducedWindowedDStream.scala). */
import { requireArgument, SparkError } from '../errors.js';
import { CoGroupedRDD } from '../rdd/co-grouped-rdd.js';
import type { Pair } from '../rdd/pair.js';
import type { Partitioner } from '../rdd/partitioner.js';
import { RDD } from '../rdd/rdd.js';
import type { RDDNode } from '../rdd/rdd-node.js';
import { StorageLevel } from '../rdd/storage-level.js';
import type { Duration } from '../time/duration.js';
import { requirePositiveDuration } from '../time/duration-argument.js';
import type { Time } from '../time/time.js';
import { DStreamNode } from './dstream-node.js';
import { ShuffledDStream } from './shuffled-dstream.js';

/**
 * `reduceByKeyAndWindow` with an inverse function, computed incrementally: each window is the
 * previous window's result, minus (`invReduce`) the batches that left, plus (`reduce`) the batches
 * that entered. Keys stay with their "zero" value once their data left, unless `filter` drops them.
 */
export class ReducedWindowedDStream<K, V> extends DStreamNode<Pair<K, V>> {
  readonly #parent: DStreamNode<Pair<K, V>>;
  readonly #reduced: ShuffledDStream<K, V, V>;
  readonly #reduce: (a: V, b: V) => V;
  readonly #invReduce: (a: V, b: V) => V;
  readonly #filter: ((pair: Pair<K, V>) => boolean) | undefined;
  readonly #windowDuration: Duration;
  readonly #slideDuration: Duration;
  readonly #partitioner: Partitioner;

  constructor(
    parent: DStreamNode<Pair<K, V>>,
    reduce: (a: V, b: V) => V,
    invReduce: (a: V, b: V) => V,
    filter: ((pair: Pair<K, V>) => boolean) | undefined,
    window: Duration,
    slide: Duration,
    partitioner: Partitioner,
    operation = 'reduceByKeyAndWindow',
  ) {
    const windowDuration = requirePositiveDuration(window, 'windowDuration');
    const slideDuration = requirePositiveDuration(slide, 'slideDuration');
    const parentSlide = parent.slideDuration;
    requireArgument(
      windowDuration.isMultipleOf(parentSlide),
      `The window duration of ReducedWindowedDStream (${windowDuration}) must be multiple of the slide duration of parent DStream (${parentSlide})`,
    );
    requireArgument(
      slideDuration.isMultipleOf(parentSlide),
      `The slide duration of ReducedWindowedDStream (${slideDuration}) must be multiple of the slide duration of parent DStream (${parentSlide})`,
    );
    super(parent.context, operation);
    this.#parent = parent;
    this.#reduce = reduce;
    this.#invReduce = invReduce;
    this.#filter = filter;
    this.#windowDuration = windowDuration;
    this.#slideDuration = slideDuration;
    this.#partitioner = partitioner;
    this.#reduced = new ShuffledDStream<K, V, V>(
      parent,
      { createCombiner: (v) => v, mergeValue: reduce, mergeCombiners: reduce },
      partitioner,
      true,
      operation,
    );
    this.storageLevel = StorageLevel.MEMORY_ONLY_SER;
    this.#reduced.storageLevel = StorageLevel.MEMORY_ONLY_SER;
    this.mustCheckpoint = true;
  }

  get slideDuration(): Duration {
    return this.#slideDuration;
  }

  override get checkpointPartitioner(): Partitioner {
    return this.#partitioner;
  }

  override get windowDuration(): Duration {
    return this.#windowDuration;
  }

  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.#reduced];
  }

  override get parentRememberDuration(): Duration | undefined {
    return this.rememberDuration?.plus(this.#windowDuration);
  }

  override persist(level: StorageLevel): void {
    super.persist(level);
    this.#reduced.persist(level);
  }

  compute(validTime: Time): RDD<Pair<K, V>> {
    const parentSlide = this.#parent.slideDuration;
    const windowStart = validTime.minus(this.#windowDuration).plus(parentSlide);
    const previousEnd = validTime.minus(this.#slideDuration);
    const previousStart = windowStart.minus(this.#slideDuration);
    // Batches that left the window and batches that entered it since the previous window.
    const oldRDDs = this.#reduced.slice(previousStart, windowStart.minus(parentSlide));
    const newRDDs = this.#reduced.slice(previousEnd.plus(parentSlide), validTime);
    const previous =
      this.getOrCompute(previousEnd) ?? this.context.sparkContext.parallelize<Pair<K, V>>([], 1);
    const parents = [previous, ...oldRDDs, ...newRDDs].map(
      (rdd) => rdd.node as RDDNode<Pair<K, unknown>>,
    );
    const cogrouped = new RDD(
      new CoGroupedRDD<K>(parents, this.#partitioner, 'reduceByKeyAndWindow'),
    );
    const merge = mergeWindow(oldRDDs.length, newRDDs.length, this.#reduce, this.#invReduce);
    const merged = cogrouped.mapValues((groups) => merge(groups as V[][]));
    const filter = this.#filter;
    return filter === undefined ? merged : merged.filter(filter);
  }
}

/** The per-key merge of Spark's ReducedWindowedDStream: previous, minus old, plus new. */
function mergeWindow<V>(
  numOld: number,
  numNew: number,
  reduce: (a: V, b: V) => V,
  invReduce: (a: V, b: V) => V,
): (groups: V[][]) => V {
  return (groups) => {
    const old = reduceHeads(groups, 1, 1 + numOld, reduce);
    const added = reduceHeads(groups, 1 + numOld, 1 + numOld + numNew, reduce);
    const previous = groups[0] as V[];
    if (previous.length === 0) {
      if (added === NONE) {
        throw new SparkError(
          'Neither previous window has value for key, nor new values found. Are you sure your key class hashes consistently?',
        );
      }
      return added;
    }
    let value = previous[0] as V;
    if (old !== NONE) value = invReduce(value, old);
    if (added !== NONE) value = reduce(value, added);
    return value;
  };
}

const NONE: unique symbol = Symbol('none');

/** Reduce the first value of each non-empty group in `[from, to)`; NONE when all are empty. */
function reduceHeads<V>(
  groups: V[][],
  from: number,
  to: number,
  reduce: (a: V, b: V) => V,
): V | typeof NONE {
  let result: V | typeof NONE = NONE;
  for (let i = from; i < to; i++) {
    const group = groups[i] as V[];
    if (group.length === 0) continue;
    result = result === NONE ? (group[0] as V) : reduce(result, group[0] as V);
  }
  return result;
}
