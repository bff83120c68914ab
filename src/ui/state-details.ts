/**
 * A chosen batch's states for the live view: each stateful stream's first entries after the batch,
 * and the keys the batch added and removed, found by comparing the state with the one after the
 * stream's previous batch. Computed when the page asks, from the states the listener events carry.
 */
import { formatElement } from '../rdd/format.js';
import type { BatchInfo, StateOperatorInfo } from '../scheduler/batch-info.js';
import type { StateDetailJson } from './ui-json.js';

/** Entries and keys shown per state. */
const FIRST_ENTRIES = 20;

/** The state before a batch: another batch's, none at all (the first batch), or no longer kept. */
export type PreviousState = StateOperatorInfo | 'empty' | undefined;

/** Every key of `state` by identity (a key prints the same as another only if it is equal), as printed. */
function keysOf(state: StateOperatorInfo): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key] of state.entries?.() ?? []) {
    // Inside a tuple strings are quoted, so the string '1' and the number 1 stay apart.
    keys.set(formatElement([key], 'python'), formatElement(key, 'python'));
  }
  return keys;
}

function difference(
  from: ReadonlyMap<string, string>,
  without: ReadonlyMap<string, string>,
): { count: number; keys: string[] } {
  let count = 0;
  const keys: string[] = [];
  for (const [id, shown] of from) {
    if (without.has(id)) continue;
    count++;
    if (keys.length < FIRST_ENTRIES) keys.push(shown);
  }
  return { count, keys };
}

/** Return the states of `info`'s batch; `previous(streamId)` gives each one's state before it. */
export function stateDetails(
  info: BatchInfo,
  previous: (streamId: number) => PreviousState,
): StateDetailJson[] {
  return (info.stateOperators ?? []).map((state) => {
    const entries: (readonly [string, string])[] = [];
    let seen = 0;
    for (const [key, value] of state.entries?.() ?? []) {
      if (seen++ < FIRST_ENTRIES) {
        entries.push([formatElement(key, 'python'), formatElement(value, 'python')]);
      }
    }
    const base = {
      streamId: state.streamId,
      name: state.name,
      numRowsTotal: state.numRowsTotal,
      entries,
      hasMoreEntries: seen > FIRST_ENTRIES,
    };
    const before = previous(state.streamId);
    if (before === undefined) {
      return {
        ...base,
        added: null,
        removed: null,
        note: 'The state before this batch is not known: its batch failed, or is no longer kept.',
      };
    }
    const now = keysOf(state);
    const then = before === 'empty' ? new Map<string, string>() : keysOf(before);
    return { ...base, added: difference(now, then), removed: difference(then, now), note: null };
  });
}
