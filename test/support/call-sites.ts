import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Call sites of a test file, found by marker comments: `site('map', 'wc-map')` is
 * `"map at <file>:<line>"` for the one line of the file that ends with `// @wc-map`.
 */
export function callSites(moduleUrl: string): {
  lineOf: (marker: string) => number;
  site: (operation: string, marker: string) => string;
} {
  const path = fileURLToPath(moduleUrl);
  const file = basename(path);
  const lines = readFileSync(path, 'utf8').split('\n');
  const lineOf = (marker: string): number => {
    const tag = `// @${marker}`;
    const hits = lines.flatMap((line, i) => (line.trimEnd().endsWith(tag) ? [i + 1] : []));
    if (hits.length !== 1) throw new Error(`marker ${marker} found ${hits.length} times`);
    return hits[0] as number;
  };
  return { lineOf, site: (operation, marker) => `${operation} at ${file}:${lineOf(marker)}` };
}
