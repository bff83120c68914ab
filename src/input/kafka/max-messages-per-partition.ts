/** Spark's DirectKafkaInputDStream.maxMessagesPerPartition: how far each batch may read. */

/**
 * How many records each partition may contribute to one batch, or `undefined` for no cap.
 *
 * With an estimated rate (backpressure: the latest estimate, else the initial rate), the rate is
 * shared by the partitions in proportion to their lag and capped by `maxRatePerPartition`;
 * without one, each partition gets `maxRatePerPartition`. A cap is never below
 * `minRatePerPartition` records.
 *
 * @param lags records available per partition (`latest - current`)
 * @param estimatedRate records per second for all partitions together, when backpressure is on
 */
export function maxMessagesPerPartition(
  lags: readonly number[],
  estimatedRate: number | undefined,
  maxRatePerPartition: number,
  minRatePerPartition: number,
  batchIntervalMs: number,
): number[] | undefined {
  let limits: number[];
  if (estimatedRate !== undefined && estimatedRate > 0) {
    let totalLag = 0;
    for (const lag of lags) totalLag += Math.max(lag, 0);
    // With no lag at all this is 0/0: no cap, as in Spark (there is nothing to read anyway).
    limits = lags.map((lag) => {
      const share = (Math.max(lag, 0) / totalLag) * estimatedRate;
      return maxRatePerPartition > 0 ? Math.min(share, maxRatePerPartition) : share;
    });
  } else {
    limits = lags.map(() => maxRatePerPartition);
  }
  let sum = 0;
  for (const limit of limits) sum += limit;
  if (!(sum > 0)) return undefined;
  const batchSeconds = batchIntervalMs / 1000;
  return limits.map((limit) => Math.max(Math.trunc(batchSeconds * limit), minRatePerPartition));
}
