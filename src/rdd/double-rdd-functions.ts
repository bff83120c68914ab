/** Port of Spark's DoubleRDDFunctions (core/src/main/scala/org/apache/spark/rdd/DoubleRDDFunctions.scala). */
import { RDDBase } from './rdd-base.js';

/**
 * The operations of RDDs of numbers (Spark's implicit `DoubleRDDFunctions`), methods of every
 * RDD typed with `this: RDD<number>`, so calling one on another RDD does not compile.
 *
 * @example
 * ```ts
 * sc.parallelize([1, 2, 3]).stats().mean; // 2
 * ```
 */
export abstract class DoubleRDDFunctions<T> extends RDDBase<T> {}
