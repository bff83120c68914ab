/**
 * Real I/O faults in a checkpoint directory, for tests of checkpoint writing and recovery, and the
 * little those tests share (scratch directories, a log that keeps its lines, virtual-time runs).
 *
 * "Read-only" uses `chmod 0555` when the tests do not run as root. Root ignores directory
 * permissions, so there the directory is moved aside and a regular file put in its place: every
 * write into it then fails with a real ENOTDIR from the kernel (as a read-only directory makes
 * every write fail with EACCES), and restoring moves the directory back with its files.
 */
import { chmod, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeAndSync, type WriteNewFile } from '../../src/checkpoint/checkpoint-files.js';
import type { Logger, StreamingContext } from '../../src/index.js';

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

/**
 * A disk that is full for the files `isFull` picks (by final name, e.g. `rdd-2-3000`): the write
 * stops after half the bytes with ENOSPC, as a full disk does. Pass `write` as the context's
 * internal `writeCheckpointFile` (a disk cannot be filled on demand in a test).
 */
export class FullDisk {
  isFull: (name: string) => boolean = () => false;
  readonly write: WriteNewFile = async (path, bytes) => {
    if (!this.isFull(basename(path).slice(1, -'.tmp'.length))) return writeAndSync(path, bytes);
    await writeAndSync(path, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
}

/** Advance `ssc`'s ManualClock one batch at a time up to `timeMs`, waiting for every batch. */
export async function runUntil(ssc: StreamingContext, timeMs: number): Promise<void> {
  const batch = ssc.batchDuration.milliseconds;
  while (ssc.clock.now() < timeMs) await ssc.advance(Math.min(batch, timeMs - ssc.clock.now()));
  await ssc.advance(0);
}

/** Temporary directories and contexts of a test file, removed and stopped after each test. */
export class Scratch {
  readonly #dirs: string[] = [];
  readonly #contexts: StreamingContext[] = [];

  async dir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `dstream-ts-${prefix}-`));
    this.#dirs.push(dir);
    return dir;
  }

  context(ssc: StreamingContext): StreamingContext {
    this.#contexts.push(ssc);
    return ssc;
  }

  async clean(): Promise<void> {
    for (const ssc of this.#contexts.splice(0)) if (ssc.getState() === 'ACTIVE') await ssc.stop();
    for (const dir of this.#dirs.splice(0)) {
      await rm(`${dir}.aside`, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** A logger that keeps every line (`WARN …` / `ERROR …: error`), with `dir` shown as `<dir>`. */
export class LogLines {
  readonly lines: string[] = [];
  dir: string | undefined;
  readonly logger: Logger = {
    warn: (message) => this.lines.push(`WARN ${this.#relative(message)}`),
    error: ({ err }, message) =>
      this.lines.push(`ERROR ${this.#relative(message)}: ${this.#relative(String(err))}`),
  };

  /** The lines logged so far, forgotten. */
  take(): string[] {
    return this.lines.splice(0);
  }

  #relative(text: string): string {
    return this.dir === undefined ? text : text.replaceAll(this.dir, '<dir>');
  }
}
