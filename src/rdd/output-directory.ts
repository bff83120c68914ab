import { mkdir, rm, stat } from 'node:fs/promises';
import { FileAlreadyExistsError } from '../errors.js';

/**
 * Make the directory an RDD is saved to, as Hadoop's output formats do: fail if it exists
 * (`FileAlreadyExistsError`), unless `overwrite` (streaming outputs: a batch re-run after
 * recovery writes its directory again, Spark's `disableOutputSpecValidation`).
 */
export async function prepareOutputDirectory(
  path: string,
  options: { readonly overwrite?: boolean },
): Promise<void> {
  if (options.overwrite === true) {
    await rm(path, { recursive: true, force: true });
  } else if (await exists(path)) {
    throw new FileAlreadyExistsError(`Output directory ${path} already exists`);
  }
  await mkdir(path, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
