/**
 * The five-operator stateless chain shared by the map/filter and per-batch-overhead workloads:
 * map, filter, map, filter, map over numbers, and the same chain written as a plain loop.
 */
import type { DStream, QueueItem } from '../../src/index.js';
import { EngineDriver } from '../engine-driver.js';
import type { Implementation } from '../harness.js';

export const addOne = (x: number): number => x + 1;
export const notMultipleOf3 = (x: number): boolean => x % 3 !== 0;
export const double = (x: number): number => x * 2;
export const notMultipleOf5 = (x: number): boolean => x % 5 !== 0;
export const minusOne = (x: number): number => x - 1;

/** The chain as dstream-ts operators. */
export function fiveOperators(input: DStream<number>): DStream<number> {
  return input.map(addOne).filter(notMultipleOf3).map(double).filter(notMultipleOf5).map(minusOne);
}

export const add = (a: number, b: number): number => a + b;

/** The chain as one plain loop calling the same functions, summed as the engine's output is. */
export function fiveOperatorsLoop(items: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    let x = addOne(items[i] as number);
    if (!notMultipleOf3(x)) continue;
    x = double(x);
    if (!notMultipleOf5(x)) continue;
    x = minusOne(x);
    sum = add(sum, x);
  }
  return sum;
}

/**
 * The chain in dstream-ts, summing each batch with `fold`; each batch is `items`, or with
 * `asReadyRDD` a 2-partition RDD over them made once (so no batch copies the items).
 */
export async function fiveOperatorsEngine(
  items: readonly number[],
  options: { readonly asReadyRDD: boolean },
): Promise<Implementation> {
  const driver = await EngineDriver.create<number>();
  const batch: QueueItem<number> = options.asReadyRDD
    ? driver.ssc.sparkContext.parallelize(items, 2)
    : items;
  let sum = 0;
  fiveOperators(driver.input).foreachRDD((rdd) => {
    sum = rdd.fold(0, add);
  });
  driver.start();
  return {
    name: 'dstream-ts',
    batch: () => driver.batch(batch),
    output: () => sum,
    close: () => driver.close(),
  };
}

/** The chain as one plain loop over the same items. */
export function fiveOperatorsPlainLoop(items: readonly number[]): Implementation {
  let sum = 0;
  return {
    name: 'plain loop',
    batch: () => {
      sum = fiveOperatorsLoop(items);
    },
    output: () => sum,
  };
}
