/**
 * fast-check arbitraries for stream tests, exported as the `arbitraries` namespace of
 * `dstream-ts/testing`. fast-check is an optional peer dependency: this module loads it when the
 * kit is imported and, when it is not installed, still loads (so `runStream`, `runBatches`, the
 * laws and the assertions work without it); only calling an arbitrary then fails, saying so.
 * Loading it with `import()` (not `require`) gives the kit the very fast-check instance the test
 * imports, so its arbitraries and `fc.assert` work together.
 */
import type * as FastCheckModule from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { IllegalArgumentError } from '../errors.js';
import type { Pair } from '../rdd/pair.js';
import { Milliseconds, type Duration } from '../time/duration.js';

type FastCheck = typeof FastCheckModule;

const loaded: { readonly fc: FastCheck } | { readonly error: unknown } =
  await import('fast-check').then(
    (fc) => ({ fc }),
    (error: unknown) => ({ error }),
  );

function fastCheck(): FastCheck {
  if ('fc' in loaded) return loaded.fc;
  throw new IllegalArgumentError(
    "dstream-ts/testing's arbitraries need fast-check, an optional peer dependency: npm install --save-dev fast-check",
    { cause: loaded.error },
  );
}

/**
 * Options of `batches` and `pairBatches`.
 *
 * @example
 * ```ts
 * arbitraries.batches(fc.nat(9), { minBatches: 1, maxBatches: 4, maxBatchSize: 3, noRDD: true });
 * ```
 */
export interface BatchesOptions {
  /** Fewest batches (default 0). */
  readonly minBatches?: number;
  /** Most batches (default 6). */
  readonly maxBatches?: number;
  /** Most records in a batch (default 5). */
  readonly maxBatchSize?: number;
  /**
   * Whether a batch may be `null`, an input with no RDD at that batch (default `false`: queue,
   * Kafka, socket and file inputs always have one). About one batch in six is then `null`.
   */
  readonly noRDD?: boolean;
}

/**
 * Return an arbitrary of input batches for `runStream`/`runBatches`: one array of `element`s per
 * batch (`null` for no RDD when `noRDD`). Shrinks to fewer batches, then fewer and smaller records.
 *
 * @example
 * ```ts
 * fc.asyncProperty(arbitraries.batches(fc.integer({ min: 0, max: 9 })), async (input) => {
 *   const out = await runBatches({ batchDuration: Seconds(1), input, operation: (s) => s.count() });
 *   expect(out).toEqual(input.map((b) => [b?.length ?? 0]));
 * });
 * ```
 */
export function batches<T>(
  element: Arbitrary<T>,
  options: BatchesOptions = {},
): Arbitrary<(T[] | null)[]> {
  const fc = fastCheck();
  const minBatches = options.minBatches ?? 0;
  const maxBatches = Math.max(options.maxBatches ?? 6, minBatches);
  const batch = fc.array(element, { maxLength: options.maxBatchSize ?? 5 });
  const maybeNoRDD: Arbitrary<T[] | null> =
    options.noRDD === true
      ? fc.oneof({ weight: 5, arbitrary: batch }, { weight: 1, arbitrary: fc.constant(null) })
      : batch;
  return fc.array(maybeNoRDD, { minLength: minBatches, maxLength: maxBatches });
}

/**
 * Return an arbitrary of input batches of `[key, value]` pairs: `batches` of pairs. Use a
 * skewed key arbitrary (`keys`, `words`) so keys repeat within and across batches.
 *
 * @example
 * ```ts
 * arbitraries.pairBatches(arbitraries.keys(), fc.integer({ min: 1, max: 5 }), { maxBatches: 8 });
 * // e.g. [[['a', 3], ['b', 1], ['a', 2]], [], [['c', 5]]]
 * ```
 */
export function pairBatches<K, V>(
  key: Arbitrary<K>,
  value: Arbitrary<V>,
  options: BatchesOptions = {},
): Arbitrary<(Pair<K, V>[] | null)[]> {
  const fc = fastCheck();
  return batches(
    fc.tuple(key, value).map((pair): Pair<K, V> => pair),
    options,
  );
}

/**
 * A window and a slide duration, both multiples of the batch duration, the window at least as
 * long as the slide.
 *
 * @example
 * ```ts
 * const { window, slide }: WindowSpec = { window: Seconds(3), slide: Seconds(1) };
 * ```
 */
export interface WindowSpec {
  /** The window duration, a multiple of the batch duration. */
  readonly window: Duration;
  /** The slide duration, a multiple of the batch duration. */
  readonly slide: Duration;
}

/**
 * Return an arbitrary of valid `{ window, slide }` pairs for streams of `batchDuration`: window =
 * k·batch and slide = j·batch with 1 ≤ j ≤ k ≤ `maxBatches` (default 4). Shrinks towards one batch
 * for both.
 *
 * @example
 * ```ts
 * fc.asyncProperty(arbitraries.pairBatches(arbitraries.keys(), fc.nat(5)), arbitraries.windowSpec(Seconds(1)),
 *   (input, { window, slide }) => laws.reduceByKeyAndWindowMatchesNaive({ batchDuration: Seconds(1), input, reduce: (a, b) => a + b, window, slide }));
 * ```
 */
export function windowSpec(
  batchDuration: Duration,
  options: { readonly maxBatches?: number } = {},
): Arbitrary<WindowSpec> {
  const fc = fastCheck();
  const max = options.maxBatches ?? 4;
  if (!Number.isInteger(max) || max < 1) {
    throw new IllegalArgumentError(`Expected \`maxBatches\` to be a positive integer, got ${max}`);
  }
  const batches = fc.integer({ min: 1, max });
  // Two independent integers (not a chain) shrink independently, both towards 1.
  return fc.tuple(batches, batches).map(([a, b]) => ({
    window: Milliseconds(batchDuration.milliseconds * Math.max(a, b)),
    slide: Milliseconds(batchDuration.milliseconds * Math.min(a, b)),
  }));
}

/**
 * Options of `words` and `keys`.
 *
 * @example
 * ```ts
 * arbitraries.words({ vocabulary: ['spark', 'node', 'stream'], skew: 2 });
 * ```
 */
export interface SkewOptions {
  /**
   * The Zipf exponent: the i-th value (from 0) is drawn with weight 1 / (i + 1)^skew. Default 1
   * (the first value about twice as often as the second); 0 is uniform.
   */
  readonly skew?: number;
}

const VOCABULARY = [
  'the', 'to', 'be', 'or', 'not', 'spark', 'stream', 'batch', 'window', 'state',
  'data', 'node', 'key', 'time', 'word', 'count',
] as const; // prettier-ignore

/**
 * Return an arbitrary of words from `vocabulary` (default 16 short English words) with a
 * Zipf-like skew, as in real text: a few words are frequent, most are rare, so keys repeat within
 * and across batches. Shrinks towards the first (most frequent) word.
 *
 * @example
 * ```ts
 * fc.sample(arbitraries.words(), 5); // e.g. ['the', 'to', 'the', 'spark', 'be']
 * ```
 */
export function words(
  options: SkewOptions & { readonly vocabulary?: readonly string[] } = {},
): Arbitrary<string> {
  return zipf(options.vocabulary ?? VOCABULARY, options.skew ?? 1);
}

/**
 * Return an arbitrary of short keys `'a'`, `'b'`, ... (`count` of them, default 6) with a
 * Zipf-like skew (see `words`). Shrinks towards `'a'`.
 *
 * @example
 * ```ts
 * arbitraries.pairBatches(arbitraries.keys({ count: 3 }), fc.integer({ min: -2, max: 5 }));
 * ```
 */
export function keys(options: SkewOptions & { readonly count?: number } = {}): Arbitrary<string> {
  const count = options.count ?? 6;
  if (!Number.isInteger(count) || count < 1) {
    throw new IllegalArgumentError(`Expected \`count\` to be a positive integer, got ${count}`);
  }
  const names = Array.from({ length: count }, (_, i) =>
    i < 26 ? String.fromCharCode(97 + i) : `k${i}`,
  );
  return zipf(names, options.skew ?? 1);
}

/**
 * Return an arbitrary of lines of 1 to `maxWords` (default 6) `words`, joined by spaces:
 * the input of a word count. Shrinks to a line of one frequent word.
 *
 * @example
 * ```ts
 * arbitraries.batches(arbitraries.sentences()); // e.g. [['the spark', 'to be or'], ['stream']]
 * ```
 */
export function sentences(
  options: SkewOptions & {
    readonly vocabulary?: readonly string[];
    readonly maxWords?: number;
  } = {},
): Arbitrary<string> {
  const fc = fastCheck();
  return fc
    .array(words(options), { minLength: 1, maxLength: options.maxWords ?? 6 })
    .map((line) => line.join(' '));
}

/** Granularity of the weights: the rarest value keeps at least one slot. */
const SLOTS_PER_UNIT = 1000;

/**
 * Draw `values[i]` with weight 1 / (i + 1)^skew: a uniform integer over cumulative slots, mapped
 * to its value. fast-check shrinks the integer towards 0, hence towards the first value.
 */
function zipf<T>(values: readonly T[], skew: number): Arbitrary<T> {
  const fc = fastCheck();
  if (values.length === 0)
    throw new IllegalArgumentError('Expected at least one value to draw from');
  if (!(skew >= 0)) throw new IllegalArgumentError(`Expected \`skew\` ≥ 0, got ${skew}`);
  const ends: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += Math.max(1, Math.round(SLOTS_PER_UNIT / (i + 1) ** skew));
    ends.push(total);
  }
  return fc.noBias(fc.integer({ min: 0, max: total - 1 })).map((slot) => {
    let i = 0;
    while ((ends[i] as number) <= slot) i++;
    return values[i] as T;
  });
}
