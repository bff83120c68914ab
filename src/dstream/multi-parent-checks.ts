import { requireArgument } from '../errors.js';
import type { DStreamNode } from './dstream-node.js';

/** Spark's `require` checks of UnionDStream and TransformedDStream, with their texts. */
export function checkSameContextAndSlide(
  parents: readonly DStreamNode<unknown>[],
  what: 'union' | 'transform',
): void {
  requireArgument(parents.length > 0, `List of DStreams to ${what} is empty`);
  const first = parents[0] as DStreamNode<unknown>;
  requireArgument(
    parents.every((p) => p.context === first.context),
    'Some of the DStreams have different contexts',
  );
  requireArgument(
    parents.every((p) => p.slideDuration.equals(first.slideDuration)),
    'Some of the DStreams have different slide durations',
  );
}
