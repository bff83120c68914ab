/**
 * Unit: the versioned per-partition state map of mapWithState, with the relevant cases of Spark's
 * `StateMapSuite` (apache/spark streaming/src/test/scala/org/apache/spark/streaming/StateMapSuite.scala)
 * ported to it. Spark's `copy()` is `newVersion()` here: a batch derives the next version from the
 * previous one, changes it, then `seal()`s it; older versions must keep their view.
 *
 * Not ported:
 * - EmptyStateMap (put throws UnsupportedOperationException): there is no separate immutable empty
 *   map; `StateMap.empty()` is a normal, writable map (its reads are checked below).
 * - serializing and deserializing (plain, with compaction, KryoSerializable states, EmptyStateMap,
 *   MapWithStateRDDRecord): state maps are never serialized (checkpoints are kept in memory) and
 *   there is no delta chain to compact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateMap, type StateEntry } from '../../../src/state/state-map.js';

/** Spark's `(key, state, updateTime)` triple. */
type Triple<K, S> = readonly [K, S, number];

function all<K, S>(map: StateMap<K, S>): Triple<K, S>[] {
  return [...map.getAll()].map(([key, entry]) => [key, entry.state, entry.updateTime] as const);
}

function byTime<K, S>(map: StateMap<K, S>, threshold: number): Triple<K, S>[] {
  return map.getByTime(threshold).map(([key, entry]) => [key, entry.state, entry.updateTime]);
}

/** Triples sorted by key, to compare as sets (keys are unique). */
function sorted<S>(triples: readonly Triple<number, S>[]): Triple<number, S>[] {
  return [...triples].sort((a, b) => a[0] - b[0]);
}

function state<K, S>(map: StateMap<K, S>, key: K): S | undefined {
  return map.get(key)?.state;
}

describe('StateMap', () => {
  it('a new map is empty: get, getByTime and getAll find nothing, remove is allowed', () => {
    const map = StateMap.empty<number, number>();
    expect(map.get(1)).toBeUndefined();
    expect(map.getByTime(10000)).toEqual([]);
    expect(all(map)).toEqual([]);
    map.remove(1);
    expect(all(map)).toEqual([]);
    expect(all(map.newVersion())).toEqual([]);
  });

  it('StateMapSuite › OpenHashMapBasedStateMap - put, get, getByTime, getAll, remove', () => {
    const map = StateMap.empty<number, number>();

    map.put(1, 100, 10);
    expect(map.get(1)).toEqual({ state: 100, updateTime: 10 } satisfies StateEntry<number>);
    expect(map.get(2)).toBeUndefined();
    expect(byTime(map, 11)).toEqual([[1, 100, 10]]);
    expect(byTime(map, 10)).toEqual([]);
    expect(byTime(map, 9)).toEqual([]);
    expect(all(map)).toEqual([[1, 100, 10]]);

    map.put(2, 200, 20);
    expect(sorted(byTime(map, 21))).toEqual([
      [1, 100, 10],
      [2, 200, 20],
    ]);
    expect(byTime(map, 11)).toEqual([[1, 100, 10]]);
    expect(byTime(map, 10)).toEqual([]);
    expect(byTime(map, 9)).toEqual([]);
    expect(sorted(all(map))).toEqual([
      [1, 100, 10],
      [2, 200, 20],
    ]);

    map.remove(1);
    expect(map.get(1)).toBeUndefined();
    expect(all(map)).toEqual([[2, 200, 20]]);
  });

  it('StateMapSuite › OpenHashMapBasedStateMap - put, get, getByTime, getAll, remove with copy', () => {
    const parentMap = StateMap.empty<number, number>();
    parentMap.put(1, 100, 1);
    parentMap.put(2, 200, 2);
    parentMap.remove(1);
    parentMap.seal();

    // Create the child version and change it.
    const map = parentMap.newVersion();
    expect(map.get(1)).toBeUndefined();
    expect(state(map, 2)).toBe(200);
    expect(byTime(map, 10)).toEqual([[2, 200, 2]]);
    expect(byTime(map, 2)).toEqual([]);
    expect(all(map)).toEqual([[2, 200, 2]]);

    // Add new items.
    map.put(3, 300, 3);
    expect(state(map, 3)).toBe(300);
    map.put(4, 400, 4);
    expect(state(map, 4)).toBe(400);
    expect(sorted(byTime(map, 10))).toEqual([
      [2, 200, 2],
      [3, 300, 3],
      [4, 400, 4],
    ]);
    expect(sorted(byTime(map, 4))).toEqual([
      [2, 200, 2],
      [3, 300, 3],
    ]);
    expect(sorted(all(map))).toEqual([
      [2, 200, 2],
      [3, 300, 3],
      [4, 400, 4],
    ]);
    expect(all(parentMap)).toEqual([[2, 200, 2]]);

    // Remove items.
    map.remove(4);
    expect(map.get(4)).toBeUndefined(); // added in this version, then removed in it
    map.remove(2);
    expect(map.get(2)).toBeUndefined(); // present in the parent, removed in this version
    expect(all(map)).toEqual([[3, 300, 3]]);
    expect(all(parentMap)).toEqual([[2, 200, 2]]);
    expect(parentMap.get(2)).toEqual({ state: 200, updateTime: 2 });

    // Update items.
    map.put(1, 1000, 100);
    expect(state(map, 1)).toBe(1000); // removed in the parent, added in this version
    map.put(2, 2000, 200);
    expect(state(map, 2)).toBe(2000); // added in the parent, removed then added here
    map.put(3, 3000, 300);
    expect(state(map, 3)).toBe(3000); // added then updated here
    map.put(4, 4000, 400);
    expect(state(map, 4)).toBe(4000); // removed then updated here
    expect(sorted(all(map))).toEqual([
      [1, 1000, 100],
      [2, 2000, 200],
      [3, 3000, 300],
      [4, 4000, 400],
    ]);
    expect(all(parentMap)).toEqual([[2, 200, 2]]);
    expect(parentMap.get(1)).toBeUndefined();
    expect(parentMap.get(3)).toBeUndefined();

    map.remove(2); // present in the grandparent, so that it is not visible in the child
    map.seal();

    // Create a grandchild version and look at what it sees.
    const childMap = map.newVersion();
    expect(sorted(all(childMap))).toEqual(sorted(all(map)));
    expect(state(childMap, 1)).toBe(1000); // removed in the grandparent, added in the parent
    expect(childMap.get(2)).toBeUndefined(); // added in the grandparent, removed in the parent
    expect(state(childMap, 3)).toBe(3000); // added and updated in the parent

    childMap.put(2, 20000, 200);
    expect(state(childMap, 2)).toBe(20000);
    // Both older versions keep their own view.
    expect(map.get(2)).toBeUndefined();
    expect(state(parentMap, 2)).toBe(200);
    expect(sorted(all(map))).toEqual([
      [1, 1000, 100],
      [3, 3000, 300],
      [4, 4000, 400],
    ]);
    expect(all(parentMap)).toEqual([[2, 200, 2]]);
  });

  it.each([
    ['', undefined],
    [' (store split into segments of 7 keys)', 7],
  ])(
    'StateMapSuite › OpenHashMapBasedStateMap - all possible sequences of operations with copies%s',
    (_, segmentSize) => {
      // Every key gets its own sequence of 9 operations (put or remove), in 3 sets of 3 with a new
      // version between sets: 2^9 keys cover every sequence. After each operation round, the newest
      // version must match the reference map and the previous version its own (frozen) reference.
      const numSets = 3;
      const numOpsPerSet = 3;
      const numTotalOps = numSets * numOpsPerSet;
      const numKeys = 2 ** numTotalOps;

      const refMap = new Map<number, readonly [number, number]>();
      let prevSetRefMap: Map<number, readonly [number, number]> | undefined;
      let stateMap = StateMap.empty<number, number>(segmentSize);
      let prevSetStateMap: StateMap<number, number> | undefined;
      let time = 1;
      let nextValue = 0;

      const mismatches: string[] = [];
      const check = (
        map: StateMap<number, number>,
        ref: ReadonlyMap<number, readonly [number, number]>,
        newest: boolean,
        msg: string,
      ): void => {
        const expected = sorted([...ref].map(([k, [v, t]]) => [k, v, t] as const));
        const actual = sorted(all(map));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${msg}: getAll`);
        for (const key of ref.keys()) {
          if (state(map, key) !== ref.get(key)?.[0]) mismatches.push(`${msg}: get(${key})`);
        }
        for (let key = 0; key < numKeys; key++) {
          if (!ref.has(key) && map.get(key) !== undefined) mismatches.push(`${msg}: get(${key})`);
        }
        if (!newest) return;
        // getByTime(t) for every threshold: the entries updated strictly before t.
        const byUpdate = [...expected].sort((a, b) => a[2] - b[2]);
        for (let t = 0; t <= time + 1; t++) {
          const want = byUpdate.filter((e) => e[2] < t).map((e) => e[0]);
          const got = map
            .getByTime(t)
            .map(([k]) => k)
            .sort((a, b) => a - b);
          want.sort((a, b) => a - b);
          if (want.join() !== got.join()) mismatches.push(`${msg}: getByTime(${t})`);
        }
      };

      for (let setId = 0; setId < numSets; setId++) {
        for (let opInSetId = 0; opInSetId < numOpsPerSet; opInSetId++) {
          const opId = setId * numOpsPerSet + opInSetId;
          for (let keyId = 0; keyId < numKeys; keyId++) {
            time += 1;
            // Bit opId (from the left) of keyId: 0 = put a new value, 1 = remove.
            const opCode = Math.floor(keyId / 2 ** (numTotalOps - opId - 1)) % 2;
            if (opCode === 0) {
              const value = nextValue++;
              stateMap.put(keyId, value, time);
              refMap.set(keyId, [value, time]);
            } else {
              stateMap.remove(keyId);
              refMap.delete(keyId);
            }
          }
          check(stateMap, refMap, true, `set ${setId} op ${opInSetId}: newest version`);
          if (prevSetStateMap !== undefined && prevSetRefMap !== undefined) {
            check(prevSetStateMap, prevSetRefMap, false, `set ${setId} op ${opInSetId}: parent`);
          }
        }
        stateMap.seal();
        prevSetStateMap = stateMap;
        prevSetRefMap = new Map(refMap);
        stateMap = stateMap.newVersion();
        check(stateMap, prevSetRefMap, true, `set ${setId}: new version`);
      }
      check(stateMap, refMap, true, 'final');
      expect(mismatches).toEqual([]);
    },
  );

  it('older versions keep their view while newer versions change, remove and re-add keys', () => {
    const v1 = StateMap.empty<string, number>();
    v1.put('a', 1, 1);
    v1.put('b', 1, 1);
    v1.seal();
    const v2 = v1.newVersion();
    v2.put('a', 2, 2);
    v2.remove('b');
    v2.put('c', 2, 2);
    v2.seal();
    const v3 = v2.newVersion();
    v3.put('b', 3, 3);
    v3.remove('a');
    v3.put('c', 3, 3);
    v3.seal();

    expect(Object.fromEntries([...v1.getAll()].map(([k, e]) => [k, e]))).toEqual({
      a: { state: 1, updateTime: 1 },
      b: { state: 1, updateTime: 1 },
    });
    expect(Object.fromEntries([...v2.getAll()].map(([k, e]) => [k, e]))).toEqual({
      a: { state: 2, updateTime: 2 },
      c: { state: 2, updateTime: 2 },
    });
    expect(Object.fromEntries([...v3.getAll()].map(([k, e]) => [k, e]))).toEqual({
      b: { state: 3, updateTime: 3 },
      c: { state: 3, updateTime: 3 },
    });
    expect([v1.get('c'), v2.get('b'), v3.get('a')]).toEqual([undefined, undefined, undefined]);
    expect(byTime(v3, 4).map(([k]) => k)).toEqual(expect.arrayContaining(['b', 'c']));
  });

  it('keys compare by value: equal tuples are one key in every version', () => {
    const v1 = StateMap.empty<readonly [string, number], string>();
    v1.put(['k', 1], 'x', 1);
    v1.seal();
    const v2 = v1.newVersion();
    v2.put(['k', 1], 'y', 2);
    v2.remove(['k', 2]);
    expect(v2.get(['k', 1])).toEqual({ state: 'y', updateTime: 2 });
    expect(v1.get(['k', 1])).toEqual({ state: 'x', updateTime: 1 });
    expect([...v2.getAll()]).toHaveLength(1);
    expect([...v1.getAll()]).toHaveLength(1);
  });

  it('newVersion() on a version that already has a newer one starts from a copy of it', () => {
    // A batch computed again derives a second version from the same parent.
    const parent = StateMap.empty<string, number>();
    parent.put('a', 1, 1);
    parent.put('b', 1, 1);
    parent.seal();
    const first = parent.newVersion();
    first.put('a', 2, 2);
    first.remove('b');
    first.seal();

    const second = parent.newVersion();
    expect(second.get('a')).toEqual({ state: 1, updateTime: 1 });
    expect(second.get('b')).toEqual({ state: 1, updateTime: 1 });
    expect([...second.getAll()]).toHaveLength(2);
    second.put('b', 5, 5);
    second.put('c', 5, 5);
    second.remove('a');
    second.seal();

    // Each line of versions keeps its own data; none sees the other's changes.
    expect(Object.fromEntries([...parent.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      a: 1,
      b: 1,
    });
    expect(Object.fromEntries([...first.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      a: 2,
    });
    expect(Object.fromEntries([...second.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      b: 5,
      c: 5,
    });
    // Both lines can go on.
    const afterFirst = first.newVersion();
    afterFirst.put('d', 6, 6);
    const afterSecond = second.newVersion();
    afterSecond.remove('c');
    expect(Object.fromEntries([...afterFirst.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      a: 2,
      d: 6,
    });
    expect(Object.fromEntries([...afterSecond.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      b: 5,
    });
    expect(Object.fromEntries([...second.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      b: 5,
      c: 5,
    });
    expect(Object.fromEntries([...first.getAll()].map(([k, e]) => [k, e.state]))).toEqual({
      a: 2,
    });
  });

  it('only the newest version of a line can change or be scanned by time', () => {
    const v1 = StateMap.empty<string, number>();
    v1.put('a', 1, 1);
    v1.seal();
    const v2 = v1.newVersion();
    expect(() => {
      v1.put('a', 9, 9);
    }).toThrow(/Only the newest state version can change/);
    expect(() => {
      v1.remove('a');
    }).toThrow(/Only the newest state version can change/);
    expect(() => v1.getByTime(10)).toThrow(/getByTime on an old state version/);
    expect(byTime(v2, 10)).toEqual([['a', 1, 1]]);
  });

  describe('random operations across versions match a plain Map per version', () => {
    type Op =
      | {
          readonly kind: 'put';
          readonly at: number;
          readonly key: number;
          readonly value: number;
          readonly time: number;
        }
      | { readonly kind: 'remove'; readonly at: number; readonly key: number }
      | { readonly kind: 'newVersion'; readonly at: number }
      | { readonly kind: 'seal'; readonly at: number };

    const keyArb = fc.integer({ min: 0, max: 5 });
    const atArb = fc.nat({ max: 20 });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      {
        arbitrary: fc.record({
          kind: fc.constant('put' as const),
          at: atArb,
          key: keyArb,
          value: fc.integer({ min: -50, max: 50 }),
          time: fc.integer({ min: 0, max: 10 }),
        }),
        weight: 4,
      },
      {
        arbitrary: fc.record({ kind: fc.constant('remove' as const), at: atArb, key: keyArb }),
        weight: 2,
      },
      { arbitrary: fc.record({ kind: fc.constant('newVersion' as const), at: atArb }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('seal' as const), at: atArb }), weight: 1 },
    );

    interface Version {
      readonly map: StateMap<number, number>;
      readonly model: Map<number, StateEntry<number>>;
      /** No newVersion() was called on it and it is not sealed: it may still change. */
      writable: boolean;
      /** No newVersion() was called on it: getByTime is allowed. */
      newest: boolean;
    }

    function expectMatches(versions: readonly Version[]): void {
      for (const [index, version] of versions.entries()) {
        const expected = [...version.model].map(([k, e]) => [k, e.state, e.updateTime] as const);
        expect(sorted(all(version.map)), `getAll of version ${index}`).toEqual(sorted(expected));
        expect(version.map.size, `size of version ${index}`).toBe(version.model.size);
        for (let key = 0; key <= 5; key++) {
          expect(version.map.get(key), `get(${key}) of version ${index}`).toEqual(
            version.model.get(key),
          );
        }
        if (!version.newest) continue;
        for (let t = 0; t <= 11; t++) {
          expect(sorted(byTime(version.map, t)), `getByTime(${t}) of version ${index}`).toEqual(
            sorted(expected.filter(([, , time]) => time < t)),
          );
        }
      }
    }

    it('holds for any sequence of put, remove, newVersion and seal', () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
          const versions: Version[] = [
            { map: StateMap.empty(), model: new Map(), writable: true, newest: true },
          ];
          for (const op of ops) {
            if (op.kind === 'newVersion') {
              if (versions.length >= 12) continue;
              const from = versions[op.at % versions.length] as Version;
              versions.push({
                map: from.map.newVersion(),
                model: new Map(from.model),
                writable: true,
                newest: true,
              });
              from.writable = false;
              from.newest = false;
              continue;
            }
            const writable = versions.filter((v) => v.writable);
            if (writable.length === 0) continue;
            const target = writable[op.at % writable.length] as Version;
            switch (op.kind) {
              case 'put':
                target.map.put(op.key, op.value, op.time);
                target.model.set(op.key, { state: op.value, updateTime: op.time });
                break;
              case 'remove':
                target.map.remove(op.key);
                target.model.delete(op.key);
                break;
              case 'seal':
                target.map.seal();
                target.writable = false;
                break;
            }
            expectMatches(versions);
          }
          expectMatches(versions);
        }),
        { numRuns: 300 },
      );
    });
  });
});
