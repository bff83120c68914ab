import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileAlreadyExistsError, requireArgument } from '../errors.js';
import { formatElement } from './format.js';
import type { RDDNode } from './rdd-node.js';

/**
 * Write `rdd` as a Hadoop-style directory: one `part-NNNNN` file per partition, one element per
 * line (Scala's `toString`), then an empty `_SUCCESS` marker.
 */
export async function saveAsTextFile(
  rdd: RDDNode<unknown>,
  path: string,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  if (options.overwrite === true) {
    await rm(path, { recursive: true, force: true });
  } else if (await exists(path)) {
    throw new FileAlreadyExistsError(`Output directory ${path} already exists`);
  }
  await mkdir(path, { recursive: true });
  for (let p = 0; p < rdd.numPartitions; p++) {
    let text = '';
    rdd.iterate(p, (value) => {
      // Spark's saveAsTextFile: require(x != null, ...).
      requireArgument(value !== null, 'text files do not allow null rows');
      text += `${formatElement(value, 'scala')}\n`;
    });
    await writeFile(join(path, `part-${String(p).padStart(5, '0')}`), text);
  }
  await writeFile(join(path, '_SUCCESS'), '');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
