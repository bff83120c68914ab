/**
 * Narrow chains compiled into one loop. A chain of sinks (one closure per step) is correct but
 * slow in V8: the closures of every `map` share one call site, so once an application has a few
 * pipelines the calls are megamorphic and nothing is inlined. A chain compiled from its own
 * source text gets its own type feedback, so V8 inlines the user's functions into a loop that
 * runs as fast as the hand-written one.
 *
 * A chain is compiled the second time the same functions run (a stream's chain runs every batch;
 * a chain of lambdas made afresh each time never repeats and is never compiled). Where code
 * generation is not allowed (`--disallow-code-generation-from-strings`), chains run as sinks.
 */
import { checkPair } from './pair.js';
import type { Sink } from './rdd-node.js';
import type { ElementOp } from './element-op.js';

/** A compiled chain: the same elements the chain of sinks would give, in the same order. */
export interface FusedChain {
  /** Run the chain over `items`, pushing its output into `sink`. */
  each(items: readonly unknown[], sink: Sink<unknown>): void;
  /** Run the chain over `items`, folding its output into `acc` with `op`. */
  fold<A>(items: readonly unknown[], acc: A, op: (acc: A, value: never) => A): A;
}

interface CacheEntry {
  readonly ops: readonly ElementOp[];
  /** How many different RDDs ran this chain (a stream's chain: one per batch). */
  runs: number;
  lastRunner: number;
  chain: FusedChain | undefined;
}

/** Compiled chains by their last step's function (a chain lives as long as its functions). */
const cache = new WeakMap<object, CacheEntry[]>();
/** Chains kept per last function: chains of fresh lambdas ending in one shared function are dropped. */
const MAX_ENTRIES = 8;
let compiledCount = 0;
let codeGenerationAllowed = true;

/**
 * Return the compiled form of `ops`, run for the RDD with id `runner`, or `undefined` while only
 * one RDD has run the chain (or it cannot be compiled); the caller then runs it as sinks.
 */
export function fusedChain(ops: readonly ElementOp[], runner: number): FusedChain | undefined {
  const last = ops[ops.length - 1];
  if (last === undefined || !codeGenerationAllowed) return undefined;
  let entries = cache.get(last.fn);
  if (entries === undefined) {
    entries = [];
    cache.set(last.fn, entries);
  }
  let entry = entries.find((e) => sameOps(e.ops, ops));
  if (entry === undefined) {
    if (entries.length >= MAX_ENTRIES) {
      const uncompiled = entries.findIndex((e) => e.chain === undefined);
      entries.splice(Math.max(uncompiled, 0), 1);
    }
    entry = { ops: [...ops], runs: 0, lastRunner: -1, chain: undefined };
    entries.push(entry);
  }
  if (entry.lastRunner !== runner) {
    entry.runs++;
    entry.lastRunner = runner;
  }
  if (entry.chain === undefined && entry.runs >= 2) entry.chain = compile(entry.ops);
  return entry.chain;
}

function sameOps(a: readonly ElementOp[], b: readonly ElementOp[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ElementOp;
    const y = b[i] as ElementOp;
    if (x.kind !== y.kind || x.fn !== y.fn) return false;
  }
  return true;
}

function compile(ops: readonly ElementOp[]): FusedChain | undefined {
  const names = ops.map((_, i) => `f${i}`);
  // A unique first line: V8 caches compiled eval code (and its type feedback) by source text.
  const source = `// dstream-ts fused chain ${compiledCount++}: ${ops.map((op) => op.kind).join(', ')}
'use strict';
return {
  each(items, sink) {
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
${loopBody(ops, (value) => `sink(${value});`)}
    }
  },
  fold(items, acc, op) {
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
${loopBody(ops, (value) => `acc = op(acc, ${value});`)}
    }
    return acc;
  },
};`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: a loop per chain
    const factory = new Function('checkPair', ...names, source) as (
      ...args: unknown[]
    ) => FusedChain;
    return factory(checkPair, ...ops.map((op) => op.fn));
  } catch (error) {
    // Code generation from strings is disabled in this process: stay with chains of sinks.
    if (error instanceof EvalError) {
      codeGenerationAllowed = false;
      return undefined;
    }
    throw error;
  }
}

/**
 * The statements applying `ops` to `v`, ending with `terminal(result)`. A filter is `continue`
 * (of the innermost loop: the element's own); a flatMap opens a loop over its results.
 */
function loopBody(ops: readonly ElementOp[], terminal: (value: string) => string): string {
  let code = '';
  let closing = '';
  let value = 'v';
  ops.forEach((op, i) => {
    const f = `f${i}`;
    const next = `v${i}`;
    switch (op.kind) {
      case 'map':
        code += `const ${next} = ${f}(${value});\n`;
        break;
      case 'filter':
        code += `if (!${f}(${value})) continue;\nconst ${next} = ${value};\n`;
        break;
      case 'flatMap':
        code += `for (const ${next} of ${f}(${value})) {\n`;
        closing += '}\n';
        break;
      case 'keyBy':
        code += `const ${next} = [${f}(${value}), ${value}];\n`;
        break;
      case 'mapValues':
        code += `const p${i} = checkPair(${value});\nconst ${next} = [p${i}[0], ${f}(p${i}[1])];\n`;
        break;
      case 'flatMapValues':
        code += `const p${i} = checkPair(${value});\nconst k${i} = p${i}[0];\n`;
        code += `for (const w${i} of ${f}(p${i}[1])) {\nconst ${next} = [k${i}, w${i}];\n`;
        closing += '}\n';
        break;
    }
    value = next;
  });
  return `${code}${terminal(value)}\n${closing}`;
}
