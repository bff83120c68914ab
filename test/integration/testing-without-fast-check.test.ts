/**
 * fast-check is an optional peer dependency of `dstream-ts/testing`: the built package, installed
 * in a project without fast-check, still loads and runs streams, laws and assertions; only the
 * arbitraries fail, saying what to install. With fast-check installed beside it, they work.
 * Real files and processes: the package is compiled into a temporary project's node_modules.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const APP = `
import { Seconds } from 'dstream-ts';
import { arbitraries, batchesFrom, expectBatches, laws, runBatches, runStream } from 'dstream-ts/testing';

const input = batchesFrom('a b a | b');
const counts = await runBatches({ batchDuration: Seconds(1), input, operation: (s) => s.countByValue() });
const run = await runStream({ batchDuration: Seconds(1), input, operation: (s) => { s.pprint(); return s.count(); } });
expectBatches(run).toEqual([[3], [1]]);
await laws.checkRecovery({ batchDuration: Seconds(1), input, operation: (s) => s.countByValue() });
let arbitrary;
try {
  arbitraries.keys();
  arbitrary = 'works';
} catch (error) {
  arbitrary = error.name + ': ' + error.message;
}
console.log(JSON.stringify({ counts, printed: run.printed.split('Time: ').length - 1, arbitrary }));
`;

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'dstream-ts-no-fast-check-'));
  const pkg = join(project, 'node_modules', 'dstream-ts');
  await mkdir(pkg, { recursive: true });
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ],
    { cwd: ROOT },
  );
  await cp(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  // The package's own dependencies, as npm would install them (fast-check is not one of them).
  for (const dependency of ['kafkajs', 'rxjs', 'uplot']) {
    await symlink(
      join(ROOT, 'node_modules', dependency),
      join(project, 'node_modules', dependency),
    );
  }
  await writeFile(join(project, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(project, 'app.js'), APP);
}, 120_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function runApp(): Promise<{ counts: unknown; printed: number; arbitrary: string }> {
  const { stdout } = await run(process.execPath, ['app.js'], { cwd: project });
  return JSON.parse(stdout) as { counts: unknown; printed: number; arbitrary: string };
}

describe('dstream-ts/testing without fast-check', () => {
  it('loads and runs streams, assertions and laws; the arbitraries say to install fast-check', async () => {
    expect(await runApp()).toEqual({
      counts: [
        [
          ['b', 1],
          ['a', 2],
        ],
        [['b', 1]],
      ],
      printed: 2,
      arbitrary:
        "IllegalArgumentError: dstream-ts/testing's arbitraries need fast-check, an optional peer dependency: npm install --save-dev fast-check",
    });
  });

  it('with fast-check installed beside it, the arbitraries work', async () => {
    await symlink(
      join(ROOT, 'node_modules', 'fast-check'),
      join(project, 'node_modules', 'fast-check'),
    );
    try {
      expect((await runApp()).arbitrary).toBe('works');
    } finally {
      await rm(join(project, 'node_modules', 'fast-check'));
    }
  });
});
