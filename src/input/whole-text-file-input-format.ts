/**
 * Spark's WholeTextFileInputFormat (a CombineFileInputFormat) as `sc.wholeTextFiles` uses it:
 * whole files packed into splits of about `totalSize / minPartitions` bytes.
 */
import type { InputFile } from './input-paths.js';

/**
 * Pack `files`, in order, into groups that close once they hold at least
 * `ceil(totalSize / minPartitions)` bytes; the last group takes the rest.
 *
 * Differs from Spark: Hadoop packs the files in the order of its block-location maps, so which
 * files share a partition there is not predictable; here it is the listing's (name) order.
 */
export function wholeFileSplits(files: readonly InputFile[], minPartitions: number): InputFile[][] {
  let totalSize = 0;
  for (const file of files) totalSize += file.size;
  const maxSplitSize = Math.ceil(totalSize / (minPartitions === 0 ? 1 : minPartitions));
  const splits: InputFile[][] = [];
  let current: InputFile[] = [];
  let currentSize = 0;
  for (const file of files) {
    current.push(file);
    currentSize += file.size;
    if (maxSplitSize !== 0 && currentSize >= maxSplitSize) {
      splits.push(current);
      current = [];
      currentSize = 0;
    }
  }
  if (current.length > 0) splits.push(current);
  return splits;
}
