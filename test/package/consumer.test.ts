/**
 * The packed package in a consumer's project (installed once by global-setup.ts): its
 * declarations type-check under every module resolution users pick, strict and without
 * skipLibCheck; the README's quick start and testing example run; both Kafka call forms
 * type-check; RxJS interop works with the consumer's own rxjs; an esbuild bundle of the quick
 * start runs; an install without uplot and kafkajs works until the web view or Kafka is asked for.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const { dir, tarball } = inject('consumer');
const exec = promisify(execFile);

/** A consumer tsconfig: strict, skipLibCheck false, the given module settings. */
function writeTsconfig(name: string, module: string, moduleResolution: string, emit: boolean) {
  writeFileSync(
    join(dir, name),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module,
        moduleResolution,
        strict: true,
        skipLibCheck: false,
        // @types/node from this repository: the consumer project installs only the package.
        typeRoots: [join(ROOT, 'node_modules/@types')],
        types: ['node'],
        ...(emit ? { outDir: 'out', rootDir: 'src' } : { noEmit: true }),
      },
      include: ['src'],
    }),
  );
}

/** tsc's output for one module setting ('' when clean); nodenext also emits out/ for the runs. */
const typeChecks = new Map<string, Promise<string>>();
function typeCheck(module: string, resolution: string): Promise<string> {
  let check = typeChecks.get(resolution);
  if (check === undefined) {
    const config = `tsconfig.${resolution}.json`;
    writeTsconfig(config, module, resolution, resolution === 'nodenext');
    check = tsc(config);
    typeChecks.set(resolution, check);
  }
  return check;
}

async function tsc(config: string): Promise<string> {
  try {
    await exec(process.execPath, [TSC, '-p', config], { cwd: dir });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

async function node(script: string, cwd = dir, args: readonly string[] = []): Promise<string> {
  const { stdout } = await exec(process.execPath, [...args, script], { cwd, timeout: 30_000 });
  return stdout;
}

/** The records `pprint` printed (lines of `('word', n)`), in order. */
function printedRecords(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith("('"));
}

const QUICK_START_RECORDS = [
  "('to', 2)",
  "('be', 2)",
  "('or', 1)",
  "('not', 1)",
  "('is', 1)",
  "('question', 1)",
  "('that', 1)",
  "('the', 1)",
];

const scratch: string[] = [];
afterAll(() => {
  for (const path of scratch) rmSync(path, { recursive: true, force: true });
});

// Separate processes (publint, attw, three tsc): run them side by side.
describe.concurrent('the tarball and its declarations', () => {
  it('passes publint --strict', async () => {
    const publint = join(ROOT, 'node_modules/publint/src/cli.js');
    const { stdout } = await exec(process.execPath, [publint, 'run', tarball, '--strict']);
    expect(stdout).toContain('All good!');
  });

  it('passes arethetypeswrong with the esm-only profile', async () => {
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    // attw exits 1 on any problem the profile does not ignore (node10 and require from CJS).
    const { stdout } = await exec(process.execPath, [attw, tarball, '--profile', 'esm-only']);
    expect(stdout).toContain('"dstream-ts/kafka"');
  });

  it.each([
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ])(
    'type-check with module %s, moduleResolution %s, strict, skipLibCheck false',
    async (module, resolution) => {
      expect(await typeCheck(module, resolution)).toBe('');
    },
  );

  it('keep the consumer on its own rxjs: one copy, the peer dependency', () => {
    expect(existsSync(join(dir, 'node_modules/dstream-ts/node_modules/rxjs'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/dstream-ts/node_modules/kafkajs'))).toBe(false);
  });
});

describe('running the consumer', () => {
  beforeAll(async () => {
    expect(await typeCheck('nodenext', 'nodenext')).toBe('');
  });

  it("runs the README's quick start", async () => {
    expect(printedRecords(await node('out/quick-start.js')).slice(0, 8)).toEqual(
      QUICK_START_RECORDS,
    );
  });

  it("runs the README's testing example", async () => {
    expect(JSON.parse(await node('out/testing-kit.js'))).toEqual([
      [
        ['b', 1],
        ['a', 2],
      ],
      [['b', 1]],
    ]);
  });

  it("interoperates with the consumer's rxjs 7.8.1", async () => {
    expect(JSON.parse(await node('out/rxjs-interop.js'))).toEqual([
      [1000, [2, 4, 6]],
      [2000, []],
    ]);
  });

  it('serves the web view, loaded on ssc.ui(), from the installed package', async () => {
    expect(JSON.parse(await node('out/web-view.js'))).toEqual({ page: 200, uplot: 200 });
  });

  it("points a user function's error at the user's code first, and maps the package's frames", async () => {
    const stack = (await node('out/user-error.js', dir, ['--enable-source-maps'])).split('\n');
    expect(stack[0]).toBe('Error: cannot parse x');
    expect(stack[1]).toMatch(/^\s+at parseRecord \(.*\/out\/user-error\.js:\d+:\d+\)$/);
    // The package's own frames map to its TypeScript sources (the maps carry them).
    expect(
      stack.some((line) => /node_modules\/dstream-ts\/src\/rdd\/.*\.ts:\d+:\d+/.test(line)),
    ).toBe(true);
  });

  it('bundles the quick start with esbuild into a file that runs on its own', async () => {
    const bundleDir = mkdtempSync(join(tmpdir(), 'dstream-ts-bundle-'));
    scratch.push(bundleDir);
    await build({
      absWorkingDir: dir,
      entryPoints: ['src/quick-start.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(bundleDir, 'app.mjs'),
      logLevel: 'silent',
    });
    expect(printedRecords(await node('app.mjs', bundleDir)).slice(0, 8)).toEqual(
      QUICK_START_RECORDS,
    );
  });

  it('works without uplot and kafkajs until the web view or the Kafka entry is asked for', async () => {
    const minimal = mkdtempSync(join(tmpdir(), 'dstream-ts-minimal-'));
    scratch.push(minimal);
    for (const name of ['dstream-ts', 'rxjs', 'tslib']) {
      cpSync(join(dir, 'node_modules', name), join(minimal, 'node_modules', name), {
        recursive: true,
      });
    }
    mkdirSync(join(minimal, 'out'));
    writeFileSync(join(minimal, 'package.json'), '{ "type": "module" }\n');
    for (const file of ['quick-start.js', 'missing-peers.js']) {
      cpSync(join(dir, 'out', file), join(minimal, 'out', file));
    }
    expect(printedRecords(await node('out/quick-start.js', minimal)).slice(0, 8)).toEqual(
      QUICK_START_RECORDS,
    );
    expect((await node('out/missing-peers.js', minimal)).split('\n').slice(-3)).toEqual([
      'The streaming UI needs the uplot package next to dstream-ts, and it cannot be found: run `npm install uplot`',
      'dstream-ts/kafka needs the kafkajs package, an optional peer dependency that is not installed: run `npm install kafkajs`',
      '',
    ]);
  });
});
