/** The input listing of Hadoop's FileInputFormat: comma-separated paths, globs, directories. */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SparkError } from '../errors.js';

/** One input file and its length when listed. */
export interface InputFile {
  readonly path: string;
  readonly size: number;
}

/**
 * Return the files `paths` names (Spark's `textFile` argument): comma-separated paths, each a
 * file, a directory (its files, not its sub-directories) or a glob (`*`, `?`, `[...]`, `{a,b}`);
 * names starting with `_` or `.` are skipped in directories and globs, as Hadoop's hidden-file
 * filter does. Files of a directory or glob come in name order.
 *
 * @throws {@link SparkError} Hadoop's `"Input path does not exist: file:<path>"` for a path that
 * matches nothing (one line per such path).
 */
export function listInputFiles(paths: string): InputFile[] {
  const files: InputFile[] = [];
  const missing: string[] = [];
  for (const path of splitPaths(paths)) {
    const absolute = resolve(path);
    const matches = hasGlob(absolute) ? expandGlob(absolute) : [absolute];
    if (matches.length === 0 || (!hasGlob(absolute) && !exists(absolute))) {
      missing.push(
        hasGlob(absolute)
          ? `Input Pattern file:${absolute} matches 0 files`
          : `Input path does not exist: file:${absolute}`,
      );
      continue;
    }
    for (const match of matches) {
      const stats = statSync(match);
      if (!stats.isDirectory()) {
        files.push({ path: match, size: stats.size });
        continue;
      }
      for (const name of readdirSync(match).sort()) {
        if (isHidden(name)) continue;
        const child = join(match, name);
        const childStats = statSync(child);
        if (childStats.isFile()) files.push({ path: child, size: childStats.size });
      }
    }
  }
  if (missing.length > 0) throw new SparkError(missing.join('\n'));
  return files;
}

/** Split at the commas outside `{...}` (Hadoop's `FileInputFormat.getPathStrings`). */
function splitPaths(paths: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < paths.length; i++) {
    const c = paths[i];
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(paths.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(paths.slice(start));
  return parts;
}

function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function hasGlob(path: string): boolean {
  return /[*?[{]/.test(path);
}

/** The paths matching `pattern`, segment by segment, in name order. */
function expandGlob(pattern: string): string[] {
  if (!hasGlob(pattern)) return exists(pattern) ? [pattern] : [];
  const parents = expandGlob(dirname(pattern));
  const segment = basename(pattern);
  if (!hasGlob(segment)) return parents.map((p) => join(p, segment)).filter(exists);
  const regex = globRegex(segment);
  const matches: string[] = [];
  for (const parent of parents) {
    let names: string[];
    try {
      names = readdirSync(parent).sort();
    } catch {
      continue;
    }
    for (const name of names)
      if (!isHidden(name) && regex.test(name)) matches.push(join(parent, name));
  }
  return matches;
}

function globRegex(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i);
      if (close < 0) source += '\\[';
      else {
        source += `[${segment
          .slice(i + 1, close)
          .replace(/^\^/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = segment.indexOf('}', i);
      if (close < 0) source += '\\{';
      else {
        source += `(?:${segment
          .slice(i + 1, close)
          .split(',')
          .map(escapeRegex)
          .join('|')})`;
        i = close;
      }
    } else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
