/** Spark's `DStream.print` / PySpark's `pprint` block (streaming/.../dstream/DStream.scala, python/pyspark/streaming/dstream.py). */
import { formatElement, type ElementFormat } from '../rdd/format.js';
import type { Time } from '../time/time.js';

const DASHES = '-'.repeat(43);

/**
 * Where `pprint`/`print` write their blocks: `process.stdout` (the default), any Node writable
 * stream, or anything with a `write(text)` method (the test kit captures the text this way).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const ssc = new StreamingContext({ batchDuration: Seconds(1), stdout: { write: (t) => lines.push(t) } });
 * ```
 */
export interface TextWriter {
  /** Write `text` (a whole printed block, its lines ended by `\n`). */
  write(text: string): unknown;
}

/** Options of `pprint`/`print`. @example `stream.pprint(5, { format: 'scala' })` */
export interface PrintOptions {
  /** `'python'` (default) prints like PySpark's `pprint`; `'scala'` like Scala's `print`. */
  readonly format?: ElementFormat;
}

/**
 * Return the block printed for one batch: dashes, `Time: ...`, dashes, up to `num` elements,
 * `...` when there were more, and an empty line.
 */
export function formatBatchBlock(
  time: Time,
  firstElements: readonly unknown[],
  num: number,
  format: ElementFormat,
): string {
  const header = format === 'python' ? pythonTime(time) : time.toString();
  let block = `${DASHES}\nTime: ${header}\n${DASHES}\n`;
  const shown = Math.min(num, firstElements.length);
  for (let i = 0; i < shown; i++) block += `${formatElement(firstElements[i], format)}\n`;
  if (firstElements.length > num) block += '...\n';
  return `${block}\n`;
}

/** Python's `str(datetime.fromtimestamp(ms / 1000))`: local time, microseconds only when non-zero. */
function pythonTime(time: Time): string {
  const date = new Date(time.milliseconds);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const text =
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const ms = date.getMilliseconds();
  return ms === 0 ? text : `${text}.${pad(ms * 1000, 6)}`;
}
