/** The printed tables: every measurement, every ratio, and the targets. */
import type { MachineInfo } from './machine.js';
import type { RunResult, TargetCheck } from './targets.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function machineTable(machine: MachineInfo): string {
  return table(
    ['machine', ''],
    [
      ['CPU', machine.cpu],
      ['cores', String(machine.cores)],
      ['memory', `${machine.memoryGiB} GiB`],
      ['Node', `${machine.node} (V8 ${machine.v8})`],
      ['platform', machine.platform],
      ['load average at start', machine.loadAverageAtStart.toFixed(2)],
    ],
  );
}

export function resultsTable(results: readonly RunResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    for (const m of result.measurements) {
      rows.push([
        result.workload,
        result.case,
        m.implementation,
        `${figure(m.value)} ${m.unit}`,
        m.spread === undefined ? '' : `±${(m.spread * 50).toFixed(0)}%`,
        m.note ?? '',
      ]);
    }
    for (const note of result.notes ?? [])
      rows.push([result.workload, result.case, '', '', '', note]);
  }
  return table(['workload', 'case', 'implementation', 'median', 'IQR/2', 'note'], rows);
}

export function ratiosTable(results: readonly RunResult[]): string {
  const rows = results.flatMap((result) =>
    result.ratios.map((r) => [result.workload, result.case, r.name, figure(r.value)]),
  );
  return table(['workload', 'case', 'ratio / figure', 'value'], rows);
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(
    ['target', 'measured', 'met'],
    checks.map((c) => [
      c.target,
      c.measured ?? 'not run',
      c.met === undefined ? '-' : c.met ? 'yes' : 'NO',
    ]),
  );
}
