/** Spark's `rddToFileName` (streaming/.../StreamingContext.scala) for `saveAsTextFiles`. */
import type { Time } from '../time/time.js';

/** Return `prefix-TIME_IN_MS.suffix`, leaving out an empty prefix or suffix, as Scala does. */
export function rddToFileName(prefix: string, suffix: string, time: Time): string {
  let name = String(time.milliseconds);
  if (prefix !== '') name = `${prefix}-${name}`;
  if (suffix !== '') name = `${name}.${suffix}`;
  return name;
}
