/**
 * The element-wise steps of narrow transformations, described as data (the kind of step and the
 * user's function) so that a chain of them can run either as a chain of sinks or as one compiled
 * loop (`fused-chain.ts`). Both give the same elements, in the same order, with the same calls.
 */
import { checkPair } from './pair.js';
import type { Sink } from './rdd-node.js';

/** A function of one element, as the steps store it (the RDD facade keeps the types). */
type Fn<R> = (value: never) => R;

/** One element-wise step: map, filter, flatMap, keyBy, mapValues or flatMapValues. */
export type ElementOp =
  | { readonly kind: 'map'; readonly fn: Fn<unknown> }
  | { readonly kind: 'filter'; readonly fn: Fn<unknown> }
  | { readonly kind: 'flatMap'; readonly fn: Fn<Iterable<unknown>> }
  | { readonly kind: 'keyBy'; readonly fn: Fn<unknown> }
  | { readonly kind: 'mapValues'; readonly fn: Fn<unknown> }
  | { readonly kind: 'flatMapValues'; readonly fn: Fn<Iterable<unknown>> };

/** Return the sink that applies `op` to each element and passes the results to `downstream`. */
export function opSink(op: ElementOp, downstream: Sink<unknown>): Sink<unknown> {
  const f = op.fn as (value: unknown) => unknown;
  switch (op.kind) {
    case 'map':
      return (value) => {
        downstream(f(value));
      };
    case 'filter':
      return (value) => {
        if (f(value)) downstream(value);
      };
    case 'flatMap':
      return (value) => {
        pushAll(f(value) as Iterable<unknown>, downstream);
      };
    case 'keyBy':
      return (value) => {
        downstream([f(value), value]);
      };
    case 'mapValues':
      return (value) => {
        const pair = checkPair(value as readonly [unknown, unknown]);
        downstream([pair[0], f(pair[1])]);
      };
    case 'flatMapValues':
      return (value) => {
        const pair = checkPair(value as readonly [unknown, unknown]);
        const key = pair[0];
        for (const item of f(pair[1]) as Iterable<unknown>) downstream([key, item]);
      };
  }
}

/** Push every element of `values` into `sink` (indexed loop for arrays). */
export function pushAll<U>(values: Iterable<U>, sink: Sink<U>): void {
  if (Array.isArray(values)) {
    const items = values as readonly U[];
    for (let i = 0; i < items.length; i++) sink(items[i] as U);
  } else {
    for (const value of values) sink(value);
  }
}
