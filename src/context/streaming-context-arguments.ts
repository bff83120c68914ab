/** Spark's StreamingContext constructor forms, resolved to the options object. */
import { Duration } from '../time/duration.js';
import { SparkConf } from './spark-conf.js';
import { SparkContext } from './spark-context.js';
import type { StreamingContextOptions } from './streaming-context.js';

/**
 * The options of `new StreamingContext(...)` in any of its forms: `(batchDuration)`,
 * `(options)`, `(sparkContext, batchDuration)`, `(conf, batchDuration)` (a new SparkContext from
 * the conf) and `(master, appName, batchDuration)`. A number where a duration goes (PySpark's
 * seconds) is passed on as it is, for the duration check to explain.
 */
export function streamingContextOptions(
  first: Duration | SparkContext | SparkConf | StreamingContextOptions | string,
  second: Duration | string | undefined,
  third: Duration | undefined,
): Partial<StreamingContextOptions> {
  if (first instanceof Duration || typeof first === 'number') return { batchDuration: first };
  const batchDuration = (typeof first === 'string' ? third : second) as Duration | undefined;
  const duration = batchDuration === undefined ? {} : { batchDuration };
  if (first instanceof SparkContext) return { sparkContext: first, ...duration };
  if (first instanceof SparkConf) return { sparkContext: new SparkContext(first), ...duration };
  if (typeof first === 'string') {
    return { sparkContext: new SparkContext(first, String(second)), ...duration };
  }
  return first;
}
