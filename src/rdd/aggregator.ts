/** Port of Spark's Aggregator (core/src/main/scala/org/apache/spark/Aggregator.scala). */

/** The three functions of `combineByKey`: how values of one key become a combined value `C`. */
export interface Aggregator<V, C> {
  readonly createCombiner: (value: V) => C;
  readonly mergeValue: (combiner: C, value: V) => C;
  readonly mergeCombiners: (a: C, b: C) => C;
}
