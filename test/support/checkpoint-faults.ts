/**
 * Real I/O faults in a checkpoint directory, for tests of checkpoint writing and recovery.
 *
 * "Read-only" uses `chmod 0555` when the tests do not run as root. Root ignores directory
 * permissions, so there the directory is moved aside and a regular file put in its place: every
 * write into it then fails with a real ENOTDIR from the kernel (as a read-only directory makes
 * every write fail with EACCES), and restoring moves the directory back with its files.
 */
import { chmod, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;

/** Make every write into `dir` fail until the returned function is called. */
export async function makeUnwritable(dir: string): Promise<() => Promise<void>> {
  if (!isRoot) {
    await chmod(dir, 0o555);
    return () => chmod(dir, 0o755);
  }
  const aside = `${dir}.aside`;
  await rename(dir, aside);
  await writeFile(dir, 'not a directory');
  return async () => {
    await rm(dir);
    await rename(aside, dir);
  };
}

/** Flip the bits of `mask` in the byte at `offset` (negative: from the end) of `dir/name`. */
export async function flipByte(
  dir: string,
  name: string,
  offset: number,
  mask = 0x01,
): Promise<void> {
  const bytes = await readFile(join(dir, name));
  const at = offset < 0 ? bytes.length + offset : offset;
  bytes[at] = (bytes[at] as number) ^ mask;
  await writeFile(join(dir, name), bytes);
}

/** Cut `dir/name` to `bytes` bytes. */
export async function truncateFile(dir: string, name: string, bytes: number): Promise<void> {
  await truncate(join(dir, name), bytes);
}
