/**
 * What an RDD needs from the context that created it. `SparkContext` (in context/) implements it
 * structurally (no `implements` clause: its members tagged internal are stripped from the published
 * declarations); the interface keeps the rdd layer free of imports from the layers above it.
 */
export interface RDDContext {
  readonly defaultParallelism: number;
  /** Whether the user chose `defaultParallelism` (Spark: `spark.default.parallelism` is set). */
  readonly defaultParallelismIsSet: boolean;
  newRddId(): number;
  /** A call site that RDDs created now should show instead of their own (set by DStreams). */
  readonly callSiteOverride: string | undefined;
  /** Where `rdd.checkpoint()` writes (Spark's `sc.getCheckpointDir`), if set. */
  getCheckpointDir(): string | undefined;
}
