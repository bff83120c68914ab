/**
 * The fixed corpus of the benchmarks: words drawn from a synthetic vocabulary with Zipf's law
 * (the shape of natural text), by a seeded generator, so every run and every implementation sees
 * exactly the same data.
 */

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'po', 'da', 'fe', 'gu', 'hi', 'ja'];

/** Return `size` distinct pronounceable words ("ka", "lo", ..., "kalo", ...). */
export function vocabulary(size: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    let word = '';
    let rest = i;
    do {
      word += SYLLABLES[rest % SYLLABLES.length] as string;
      rest = Math.floor(rest / SYLLABLES.length);
    } while (rest > 0);
    words.push(word);
  }
  return words;
}

/** Return a sampler of indexes in `[0, size)` following Zipf's law (rank r has weight 1/r). */
export function zipfSampler(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 1; rank <= size; rank++) {
    total += 1 / rank;
    cumulative[rank - 1] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** Options of {@link textLines}. */
export interface CorpusOptions {
  readonly words: number;
  readonly wordsPerLine?: number;
  readonly vocabularySize?: number;
  readonly seed?: number;
}

/** Return lines of space-separated words, `words` words in all (Zipf over the vocabulary). */
export function textLines(options: CorpusOptions): string[] {
  const { words, wordsPerLine = 10, vocabularySize = 10_000, seed = 7 } = options;
  const vocab = vocabulary(vocabularySize);
  const next = zipfSampler(vocabularySize, seededRandom(seed));
  const lines: string[] = [];
  for (let done = 0; done < words;) {
    const count = Math.min(wordsPerLine, words - done);
    let line = vocab[next()] as string;
    for (let i = 1; i < count; i++) line += ` ${vocab[next()] as string}`;
    lines.push(line);
    done += count;
  }
  return lines;
}

/** Return `count` words drawn with Zipf's law from a vocabulary of `vocabularySize` words. */
export function zipfWords(count: number, vocabularySize: number, seed: number): string[] {
  const vocab = vocabulary(vocabularySize);
  const next = zipfSampler(vocabularySize, seededRandom(seed));
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(vocab[next()] as string);
  return words;
}
