/** Port of Spark's Aggregator (core/src/main/scala/org/apache/spark/Aggregator.scala). */
import { markAsList } from './format.js';

/** The three functions of `combineByKey`: how values of one key become a combined value `C`. */
export interface Aggregator<V, C> {
  readonly createCombiner: (value: V) => C;
  readonly mergeValue: (combiner: C, value: V) => C;
  readonly mergeCombiners: (a: C, b: C) => C;
}

/** The aggregator of `groupByKey`: each key's values in an array that prints as a list. */
export function groupingAggregator<V>(): Aggregator<V, V[]> {
  return {
    createCombiner: (value) => markAsList([value]),
    mergeValue: (group, value) => {
      group.push(value);
      return group;
    },
    mergeCombiners: (a, b) => markAsList(a.concat(b)),
  };
}
