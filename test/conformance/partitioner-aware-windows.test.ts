/**
 * Window and union keep a shared partitioner, as Spark's do: `WindowedDStream.compute` and
 * `UnionDStream.compute` call `SparkContext.union`, which makes a `PartitionerAwareUnionRDD` when
 * every RDD has the same partitioner (core/.../SparkContext.scala `union`,
 * core/.../rdd/PartitionerAwareUnionRDD.scala; RDDSuite "partitioner aware union"). Before, the
 * window of a 3-partition stream had 6 partitions (one per parent partition) and a join after it
 * shuffled again.
 */
import { describe, expect, it } from 'vitest';
import { HashPartitioner, type Pair, Seconds } from '../../src/index.js';
import { runBatches } from '../../src/testing/index.js';

type KV = Pair<string, number>;

const input: KV[][] = [
  [['a', 1]],
  [['b', 2]],
  [['a', 3]],
  [['c', 4]],
  [['a', 5]],
  [['b', 6]],
  [['d', 7]],
  [['a', 8]],
];

describe('window and union over streams that share a partitioner', () => {
  it('window(8 s, 4 s) over groupByKeyAndWindow(4 s, 4 s, 3) has 3 partitions, as in Spark', async () => {
    const partitions = await runBatches<KV, number>({
      batchDuration: Seconds(1),
      input,
      numBatches: 8,
      operation: (s) =>
        s
          .groupByKeyAndWindow(Seconds(4), Seconds(4), 3)
          .window(Seconds(8), Seconds(4))
          .glom()
          .map((partition) => partition.length)
          .transform((rdd) => rdd.context.parallelize([rdd.count()], 1)),
    });
    // One output per 4 s slide: the number of partitions of each window (before: 3, then 6).
    expect(partitions).toEqual([[3], [3]]);
  });

  it("the window's RDD keeps the partitioner, so a join after it shuffles only the other side", async () => {
    const plans: string[] = [];
    await runBatches<KV, unknown, [KV]>({
      batchDuration: Seconds(1),
      input,
      numBatches: 8,
      extraInputs: [input],
      operation: (s, other) =>
        s
          .reduceByKey((a, b) => a + b, 3)
          .window(Seconds(4), Seconds(4))
          .transformWith(other.window(Seconds(4), Seconds(4)), (windowed, right) => {
            expect(windowed.node.className).toBe('PartitionerAwareUnionRDD');
            expect(windowed.partitioner?.equals(new HashPartitioner(3))).toBe(true);
            const joined = windowed.join(right, new HashPartitioner(3));
            plans.push(joined.toDebugString());
            return joined;
          }),
    });
    expect(plans).toHaveLength(2);
    const plan = (plans[1] as string).split('\n');
    // The CoGroupedRDD reads the window's partitions in place (narrow) and shuffles the other.
    const cogroupLine = plan.findIndex((line) => line.includes('CoGroupedRDD'));
    expect(plan[cogroupLine + 1]).toMatch(/^ \| {2}PartitionerAwareUnionRDD\[\d+\] at window /);
    expect(plan.filter((line) => /^ \+-\(8\) UnionRDD\[\d+\] at window /.test(line))).toHaveLength(
      1,
    );
  });

  it('union of two streams reduced into the same 3 partitions has 3 partitions', async () => {
    const output = await runBatches<KV, number>({
      batchDuration: Seconds(1),
      input,
      numBatches: 2,
      operation: (s) =>
        s
          .reduceByKey((a, b) => a + b, 3)
          .union(s.map(([k, v]): KV => [k, v * 10]).reduceByKey((a, b) => a + b, 3))
          .transform((rdd) => rdd.context.parallelize([rdd.getNumPartitions()], 1)),
    });
    expect(output).toEqual([[3], [3]]);
  });

  it('streams with different partitioners are unioned partition after partition (UnionRDD)', async () => {
    const output = await runBatches<KV, number>({
      batchDuration: Seconds(1),
      input,
      numBatches: 1,
      operation: (s) =>
        s
          .reduceByKey((a, b) => a + b, 3)
          .union(s.reduceByKey((a, b) => a + b, 2))
          .transform((rdd) => rdd.context.parallelize([rdd.getNumPartitions()], 1)),
    });
    expect(output).toEqual([[5]]);
  });
});
