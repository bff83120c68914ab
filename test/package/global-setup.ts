// vitest globalSetup of the `package` project: the package as users install it. `npm run build`
// and `npm pack`, then one scratch consumer project in a temp dir with the tarball,
// the consumer's own rxjs 7.8.1 and kafkajs, installed by `npm ci --prefer-offline` from the npm cache
// that this repository's `npm ci` filled (see consumer-lockfile.ts). Its sources come from
// test/package/consumer/ and from the README's code blocks, so the README's quick start and
// testing example are what gets checked. Tests read the paths with inject('consumer').
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { consumerLockfile, type LockEntry } from './consumer-lockfile.js';

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerProject;
  }
}

/** Where the shared consumer project is. */
export interface ConsumerProject {
  /** The scratch project: package.json, node_modules (installed), src/ (the consumer's code). */
  readonly dir: string;
  /** The packed tarball. */
  readonly tarball: string;
  /** Seconds that packing and installing took. */
  readonly setupSeconds: number;
}

const ROOT = resolve(import.meta.dirname, '../..');
/** The rxjs a consumer already has: an older 7.8 than ours (kept in the npm cache by the
 * `rxjs-7.8.1` devDependency alias), as in the report of a nested copy breaking types. */
const CONSUMER_RXJS = '7.8.1';

export default function setup(project: TestProject): () => void {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'dstream-ts-consumer-'));
  run('npm', ['run', 'build'], ROOT);
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT),
  ) as readonly { filename: string; integrity: string }[];
  const { filename, integrity } = packed[0] as { filename: string; integrity: string };

  const manifest = readJson<LockEntry & { name: string }>(join(ROOT, 'package.json'));
  const repoPackages = readJson<{ packages: Record<string, LockEntry> }>(
    join(ROOT, 'package-lock.json'),
  ).packages;
  const version = (name: string): string => {
    const entry = repoPackages[`node_modules/${name}`];
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`);
    return entry.version;
  };
  // fast-check, as a user of the testing kit's arbitraries has it: the testing entry's
  // declarations name its types (an optional peer: with skipLibCheck false, a project that imports
  // dstream-ts/testing needs it installed; the README says so).
  const dependencies = {
    [manifest.name]: `file:${filename}`,
    rxjs: CONSUMER_RXJS,
    kafkajs: version('kafkajs'),
    'fast-check': version('fast-check'),
  };
  writeJson(join(dir, 'package.json'), {
    name: 'consumer',
    version: '0.0.0',
    private: true,
    type: 'module',
    dependencies,
  });
  writeJson(
    join(dir, 'package-lock.json'),
    consumerLockfile({
      name: 'consumer',
      dependencies,
      repoPackages,
      tarball: { manifest, file: filename, integrity },
    }),
  );
  // Everything it needs is in the cache after this repository's `npm ci` (it installs with
  // --offline too); --prefer-offline only lets a cache that lacks something fall back to the registry.
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);

  mkdirSync(join(dir, 'src'));
  cpSync(join(ROOT, 'test/package/consumer'), join(dir, 'src'), { recursive: true });
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  writeFileSync(join(dir, 'src/quick-start.ts'), codeBlock(readme, '## Quick start'));
  writeFileSync(
    join(dir, 'src/testing-kit.ts'),
    `${codeBlock(readme, '## Testing your jobs')}\nconsole.log(JSON.stringify(out));\n`,
  );

  project.provide('consumer', {
    dir,
    tarball: join(dir, filename),
    setupSeconds: (performance.now() - started) / 1000,
  });
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The first ```ts block after `heading` in the README. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.indexOf(`\n${heading}\n`);
  const block = /```ts\n([\s\S]*?)```/.exec(markdown.slice(section));
  if (section === -1 || block?.[1] === undefined) {
    throw new Error(`README.md has no \`\`\`ts block under "${heading}"`);
  }
  return block[1];
}

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
