/**
 * `npm run bench [-- <workload or case id>...]`: every benchmark case in its own fresh Node
 * process (`bench/worker.ts`), then the tables and `bench/results.json`.
 */
import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine.js';
import { machineTable, ratiosTable, resultsTable, targetsTable } from './report.js';
import { checkTargets, type RunResult } from './targets.js';
import type { BenchCase } from './workload.js';
import { workloads } from './workloads/index.js';

const WORKER = fileURLToPath(new URL('worker.ts', import.meta.url));
const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));
const DEFAULT_HEAP_MB = 4096;

/** Run one case in a fresh process and return what it reported. */
function runCase(benchCase: BenchCase<unknown>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [benchCase.id], {
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        `--max-old-space-size=${benchCase.heapMb ?? DEFAULT_HEAP_MB}`,
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: RunResult | undefined;
    child.on('message', (message) => {
      result = message as RunResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`${benchCase.id} exited with ${signal ?? code} and no result`));
    });
  });
}

const filters = process.argv.slice(2);
const selected = workloads.flatMap((workload) =>
  (workload.cases as readonly BenchCase<unknown>[]).filter(
    (c) =>
      filters.length === 0 ||
      filters.includes(workload.id) ||
      filters.some((f) => c.id === f || c.id.startsWith(`${f}-`)),
  ),
);

const machine = machineInfo();
console.log(machineTable(machine));
const results: RunResult[] = [];
const failures: { id: string; error: string }[] = [];
for (const benchCase of selected) {
  const started = Date.now();
  process.stdout.write(`\n${benchCase.id} ... `);
  try {
    const result = await runCase(benchCase);
    results.push(result);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${seconds} s: ${result.ratios.map((r) => `${r.name} ${r.value.toFixed(2)}`).join('; ')}`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ id: benchCase.id, error: message });
    console.log(`FAILED: ${message}`);
  }
}

const checks = checkTargets(results);
console.log(`\n${resultsTable(results)}\n\n${ratiosTable(results)}\n\n${targetsTable(checks)}`);
for (const failure of failures) console.log(`failed: ${failure.id}: ${failure.error}`);
await writeFile(
  RESULTS,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: os.loadavg()[0] ?? 0 },
      results,
      targets: checks,
      failures,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote ${RESULTS}`);
if (failures.length > 0) process.exitCode = 1;
