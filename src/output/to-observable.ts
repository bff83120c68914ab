/** Port note: no Spark counterpart; RxJS interop (a stream's batches as an Observable output). */
import type { Observable } from 'rxjs';
import type { DStreamNode } from '../dstream/dstream-node.js';
import { rxjs } from '../internal/lazy-rxjs.js';
import type { Time } from '../time/time.js';
import { ForEachDStream } from './for-each-dstream.js';

/**
 * One batch of a stream as `toObservable()` emits it: the batch time and the collected RDD
 * (partitions flattened in order).
 *
 * @example
 * ```ts
 * counts.toObservable().subscribe(({ time, data }: BatchData<number>) => console.log(time.milliseconds, data));
 * ```
 */
export interface BatchData<T> {
  /** The batch time. */
  readonly time: Time;
  /** The batch's RDD, collected (partitions in order). */
  readonly data: T[];
}

/**
 * Register an output operation on `parent` that emits each batch's collected RDD, and return the
 * (hot) Observable of those batches; it completes once the context has stopped.
 *
 * @example
 * ```ts
 * toObservable(counts.node).subscribe(({ time, data }) => console.log(time, data)); // dstream.toObservable()
 * ```
 */
export function toObservable<T>(parent: DStreamNode<T>): Observable<BatchData<T>> {
  const { Subject } = rxjs();
  const batches = new Subject<BatchData<T>>();
  new ForEachDStream(
    parent,
    (rdd, time) => {
      batches.next({ time, data: rdd.collect() });
    },
    'toObservable',
  );
  parent.context.onStop(() => {
    batches.complete();
  });
  return batches.asObservable();
}
