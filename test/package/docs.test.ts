/**
 * `npm run docs`: typedoc builds the API reference of the three entries with zero warnings
 * (typedoc.json treats warnings as errors: undocumented public members, broken links, internal
 * types in the public API).
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('typedoc documents the public API with zero warnings', async () => {
  const typedoc = join(ROOT, 'node_modules/typedoc/bin/typedoc');
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [typedoc, '--emit', 'none', '--logLevel', 'Warn'],
    { cwd: ROOT },
  ).catch((error: unknown) => error as { stdout: string; stderr: string });
  expect(`${stdout}${stderr}`.trim()).toBe('');
});
