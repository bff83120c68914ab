/**
 * Unit: the live store behind mapWithState's state (columns, keys by value) and its slot map,
 * whose segments lift V8's 2^24-entry Map limit. Segments are made tiny here so that a handful of
 * keys spans several of them; the benchmark (`bench/`, mapWithState beyond 2^24 keys in one
 * partition) runs the real limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKey } from '../../../src/rdd/key-encoding.js';
import { MAX_SEGMENT_SIZE, SlotMap } from '../../../src/state/slot-map.js';
import { StateStore } from '../../../src/state/state-store.js';

type Key = number | string | readonly [string, number];

/** The model: a Map by canonical key; primitives listed before composite keys, as the store does. */
function modelEntries(model: Map<string, [Key, string, number]>): [Key, string, number][] {
  const values = [...model.values()];
  return [
    ...values.filter(([key]) => typeof key !== 'object'),
    ...values.filter(([key]) => typeof key === 'object'),
  ];
}

function storeEntries(store: StateStore<Key, string>): [Key, string, number][] {
  return [...store.entries()].map(([key, entry]) => [key, entry.state, entry.updateTime]);
}

const keyArb: fc.Arbitrary<Key> = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.tuple(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 3 })),
);

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: keyArb, state: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
);

describe('SlotMap', () => {
  it("segments stay below V8's Map limit of 2^24 entries", () => {
    expect(MAX_SEGMENT_SIZE).toBe(2 ** 24 - 1);
  });

  it('spans segments in insertion order; a re-added key moves to the end', () => {
    const slots = new SlotMap(3);
    for (let key = 0; key < 8; key++) slots.add(key, key * 10);
    expect(slots.size).toBe(8);
    expect(slots.get(7)).toBe(70);
    expect(slots.get(0)).toBe(0);
    expect(slots.get(8)).toBeUndefined();
    expect(slots.delete(1)).toBe(10);
    expect(slots.delete(1)).toBeUndefined();
    slots.add(1, 11);
    expect([...slots.entries()]).toEqual([
      [0, 0],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
      [6, 60],
      [7, 70],
      [1, 11],
    ]);
  });

  it('repacks when deletions leave segments nearly empty, keeping every key and the order', () => {
    const slots = new SlotMap(2);
    for (let key = 0; key < 10; key++) slots.add(key, key);
    for (const key of [0, 2, 4, 6, 8, 1, 3]) slots.delete(key);
    expect([...slots.entries()]).toEqual([
      [5, 5],
      [7, 7],
      [9, 9],
    ]);
    for (const key of [5, 7, 9]) expect(slots.get(key)).toBe(key);
  });
});

describe('StateStore', () => {
  it('behaves as a Map by value under any sequence of sets and deletes, with any segment size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(opArb, { maxLength: 60 }),
        (segmentSize, ops) => {
          const store = new StateStore<Key, string>(segmentSize);
          const model = new Map<string, [Key, string, number]>();
          ops.forEach((op, time) => {
            const id = encodeKey(op.key);
            if (op.kind === 'set') {
              store.set(op.key, op.state, time);
              const existing = model.get(id);
              if (existing === undefined) model.set(id, [op.key, op.state, time]);
              else {
                existing[1] = op.state;
                existing[2] = time;
              }
            } else {
              store.delete(op.key);
              model.delete(id);
            }
          });
          const entries = modelEntries(model);
          expect(storeEntries(store)).toEqual(entries);
          const columns = store.columns();
          expect(columns.keys).toEqual(entries.map(([key]) => key));
          expect(columns.slots.map((slot) => columns.states[slot])).toEqual(
            entries.map(([, state]) => state),
          );
          expect(columns.slots.map((slot) => columns.times[slot])).toEqual(
            entries.map(([, , time]) => time),
          );
          // A store rebuilt from the columns (a checkpoint) holds the same, in the same order.
          expect(storeEntries(StateStore.fromColumns(columns))).toEqual(entries);
          expect(store.size).toBe(model.size);
          for (const [key, state, time] of model.values()) {
            expect(store.get(key)).toEqual({ state, updateTime: time });
            expect(store.has(key)).toBe(true);
          }
          const threshold = Math.floor(ops.length / 2);
          expect(
            store.olderThan(threshold).map(([key, entry]) => [key, entry.state, entry.updateTime]),
          ).toEqual(modelEntries(model).filter(([, , time]) => time < threshold));
        },
      ),
    );
  });

  it('a structurally equal tuple finds the state, and the stored key object is returned', () => {
    const store = new StateStore<readonly [string, number], number>();
    const key = ['web', 1] as const;
    store.set(key, 5, 1000);
    expect(store.get(['web', 1])).toEqual({ state: 5, updateTime: 1000 });
    store.set(['web', 1], 6, 2000);
    const [[stored, entry]] = [...store.entries()] as [[readonly [string, number], unknown]];
    expect(stored).toBe(key);
    expect(entry).toEqual({ state: 6, updateTime: 2000 });
  });

  it('reuses the slot of a removed key for the next new key', () => {
    const store = new StateStore<string, { readonly n: number }>();
    store.set('a', { n: 1 }, 1);
    store.set('b', { n: 2 }, 1);
    store.delete('a');
    store.set('c', { n: 3 }, 2);
    expect([...store.entries()].map(([key, entry]) => [key, entry.state.n])).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect(store.get('a')).toBeUndefined();
  });
});
