/**
 * The public API as the built declarations show it (dist/, built by this project's global setup):
 * they compile on their own, name nothing internal, and match the reviewed reports in etc/
 * (`npm run api` rewrites them). The leak check itself is tested on a small package made here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkApiReports, checkPublicDeclarations } from '../../scripts/api-report.mjs';

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A package in a temp dir: package.json with two entries and the given dist files. */
function fakePackage(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dstream-ts-api-'));
  scratch.push(root);
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: 'fake',
      type: 'module',
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' },
      },
    }),
  );
  mkdirSync(join(root, 'dist'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'dist', name), text);
  return root;
}

describe('public declarations', () => {
  it('compile on their own and name no internal declaration', () => {
    expect(checkPublicDeclarations()).toEqual([]);
  });

  it('match the API reports in etc/', async () => {
    expect(await checkApiReports()).toEqual([]);
  });
});

describe('checkPublicDeclarations', () => {
  it('reports a public declaration that names an unexported one, and compile errors', () => {
    const root = fakePackage({
      'internal.d.ts': 'export interface Graph { readonly size: number }\n',
      'index.d.ts': [
        "import type { Graph } from './internal.js';",
        'export declare class Context { readonly graph: Graph; }',
        'export declare const broken: Missing;',
      ].join('\n'),
      'extra.d.ts': "export type { Context as Ctx } from './index.js';\n",
    });
    expect(checkPublicDeclarations(root)).toEqual([
      "dist/index.d.ts(3,30): TS2304: Cannot find name 'Missing'.",
      'Context names Graph (dist/internal.d.ts), which no entry of the package exports',
    ]);
  });

  it('accepts a declaration of one entry that names what another entry exports', () => {
    const root = fakePackage({
      'index.d.ts': 'export declare class Context { readonly id: number; }\n',
      'extra.d.ts': [
        "import type { Context } from './index.js';",
        'export declare function stream(context: Context): void;',
      ].join('\n'),
    });
    expect(checkPublicDeclarations(root)).toEqual([]);
  });
});
