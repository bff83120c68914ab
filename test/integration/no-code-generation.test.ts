/**
 * Narrow chains are compiled with `new Function` once they repeat (src/rdd/fused-chain.ts). Where
 * code generation from strings is disabled, they must keep running, as chains of sinks.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('fixtures/chain-app.ts', import.meta.url));

describe('narrow chains without code generation', () => {
  it('give the same results with --disallow-code-generation-from-strings', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--disallow-code-generation-from-strings',
      '--import',
      'tsx',
      APP,
    ]);
    const once = [6, -6, 12, -12, 18, -18];
    expect(JSON.parse(stdout)).toEqual([once, once, once]);
  });
});
