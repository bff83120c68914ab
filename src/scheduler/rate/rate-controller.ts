/** Port of Spark's RateController (streaming/.../scheduler/RateController.scala). */
import type { StreamingListener, StreamingListenerBatchCompleted } from '../streaming-listener.js';
import type { RateEstimator } from './rate-estimator.js';

/**
 * A listener that keeps one input stream's rate estimate: after every completed batch that read
 * from the stream, it feeds the estimator and publishes the new rate (records per second,
 * truncated to an integer as Spark's `Long`).
 */
export class RateController implements StreamingListener {
  readonly #streamId: number;
  readonly #estimator: RateEstimator;
  readonly #publish: (rate: number) => void;
  #latestRate = -1;

  constructor(
    streamId: number,
    estimator: RateEstimator,
    publish: (rate: number) => void = () => undefined,
  ) {
    this.#streamId = streamId;
    this.#estimator = estimator;
    this.#publish = publish;
  }

  /** The latest estimate, or -1 before the first. */
  get latestRate(): number {
    return this.#latestRate;
  }

  onBatchCompleted({ batchInfo }: StreamingListenerBatchCompleted): void {
    const end = batchInfo.processingEndTime;
    const processingDelay = batchInfo.processingDelay;
    const schedulingDelay = batchInfo.schedulingDelay;
    const input = batchInfo.streamIdToInputInfo.get(this.#streamId);
    if (
      end === undefined ||
      processingDelay === undefined ||
      schedulingDelay === undefined ||
      input === undefined
    ) {
      return;
    }
    const rate = this.#estimator.compute(end, input.numRecords, processingDelay, schedulingDelay);
    if (rate === undefined) return;
    this.#latestRate = Math.trunc(rate);
    this.#publish(this.#latestRate);
  }
}
