/**
 * The samplers of `sample`, `randomSplit`, `takeSample` and `sampleByKey` (Spark's
 * RandomSampler.scala and SamplingUtils.scala) over a seeded generator.
 *
 * Differs from Spark: the generator is not Spark's XORShiftRandom, so a given seed picks other
 * elements than in Spark; like Spark, the same seed always picks the same elements, and each
 * partition has its own stream (seeded from the seed and the partition index).
 */
import type { Sink } from './rdd-node.js';

/** A uniform generator of doubles in [0, 1) seeded by any number (sfc32 over a splitmix seed). */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 0) {
    let s =
      (Math.trunc(seed) ^ Math.trunc(seed / 0x100000000) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.nextDouble();
  }

  /** Return the next double in [0, 1). */
  nextDouble(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t / 0x100000000;
  }

  /** Return an integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.nextDouble() * bound);
  }

  /** Return a Poisson-distributed count with the given mean (Knuth's method, in steps of 500). */
  nextPoisson(mean: number): number {
    let count = 0;
    for (let left = mean; left > 0; left -= 500) {
      const limit = Math.exp(-Math.min(left, 500));
      let product = this.nextDouble();
      while (product > limit) {
        count++;
        product *= this.nextDouble();
      }
    }
    return count;
  }
}

/** A random seed, as Spark's default `Utils.random.nextLong`. */
export function randomSeed(): number {
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}

/** A step that keeps each element with probability `fraction` (Spark's BernoulliSampler). */
export function bernoulliStep<T>(
  fraction: number,
  seed: number,
): (sink: Sink<T>, index: number) => Sink<T> {
  return (sink, index) => {
    if (fraction <= 0) return noop;
    if (fraction >= 1) return sink;
    const random = new SeededRandom(seed, index);
    return (value) => {
      if (random.nextDouble() < fraction) sink(value);
    };
  };
}

/** A step that repeats each element a Poisson(`fraction`) number of times (Spark's PoissonSampler). */
export function poissonStep<T>(
  fraction: number,
  seed: number,
): (sink: Sink<T>, index: number) => Sink<T> {
  return (sink, index) => {
    if (fraction <= 0) return noop;
    const random = new SeededRandom(seed, index);
    return (value) => {
      for (let n = random.nextPoisson(fraction); n > 0; n--) sink(value);
    };
  };
}

/**
 * A step that keeps the elements whose draw falls in `[lb, ub)` (Spark's BernoulliCellSampler):
 * the splits of `randomSplit` use the same seed, so each element lands in exactly one of them.
 */
export function cellStep<T>(
  lb: number,
  ub: number,
  seed: number,
): (sink: Sink<T>, index: number) => Sink<T> {
  return (sink, index) => {
    const random = new SeededRandom(seed, index);
    return (value) => {
      const x = random.nextDouble();
      if (x >= lb && x < ub) sink(value);
    };
  };
}

/**
 * The sampling rate that gives at least `num` of `total` elements with high probability
 * (Spark's `SamplingUtils.computeFractionForSampleSize`).
 */
export function fractionForSampleSize(
  num: number,
  total: number,
  withReplacement: boolean,
): number {
  if (withReplacement) {
    const numStd = num < 6 ? 12 : num < 16 ? 9 : 6;
    return Math.max(num + numStd * Math.sqrt(num), 1e-10) / total;
  }
  const fraction = num / total;
  const gamma = -Math.log(1e-4) / total;
  return Math.min(
    1,
    Math.max(1e-10, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction)),
  );
}

/** Shuffle `items` in place (Fisher–Yates, Spark's `Utils.randomizeInPlace`); returns it. */
export function shuffleInPlace<T>(items: T[], random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  }
  return items;
}

function noop(): void {
  // Drops the element.
}
