import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireArgument } from '../errors.js';
import { formatElement, type ElementFormat } from './format.js';
import { partFileName } from './object-file.js';
import { prepareOutputDirectory } from './output-directory.js';
import type { RDDNode } from './rdd-node.js';
import { runTask } from './task-context.js';

/** Options of `saveAsTextFile` and `saveAsTextFiles`. @example `{ format: 'python' }` */
export interface SaveAsTextFileOptions {
  /**
   * How elements become lines: `'scala'` (default, Scala's `toString`: `(a,1)`) or `'python'`
   * (PySpark's `str`: `('a', 1)`).
   */
  readonly format?: ElementFormat;
}

/**
 * Write `rdd` as a Hadoop-style directory: one `part-NNNNN` file per partition, one element per
 * line, then an empty `_SUCCESS` marker.
 */
export async function saveAsTextFile(
  rdd: RDDNode<unknown>,
  path: string,
  options: SaveAsTextFileOptions & { overwrite?: boolean } = {},
): Promise<void> {
  const format = options.format ?? 'scala';
  await prepareOutputDirectory(path, options);
  const partitionText = (p: number): string => {
    let text = '';
    rdd.iterate(p, (value) => {
      // Spark's saveAsTextFile: require(x != null, ...); PySpark writes str(None), "None".
      requireArgument(value !== null || format === 'python', 'text files do not allow null rows');
      text += `${formatElement(value, format)}\n`;
    });
    return text;
  };
  for (let p = 0; p < rdd.numPartitions; p++) {
    await writeFile(join(path, partFileName(p)), runTask(partitionText, p));
  }
  await writeFile(join(path, '_SUCCESS'), '');
}
