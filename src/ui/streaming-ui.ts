/**
 * The live web view of a running context (Spark's Streaming tab, plus the DStream graph, each
 * output's RDD lineage and the state sizes), fed only by StreamingListener events.
 */
import { IllegalArgumentError, SparkError } from '../errors.js';
import type { BatchGate } from '../scheduler/clock/batch-gate.js';
import type { Clock } from '../scheduler/clock/clock.js';
import type { Logger } from '../scheduler/logger.js';
import type { StreamingListener } from '../scheduler/streaming-listener.js';
import type { AllowedHosts } from './host-check.js';
import { StepControl } from './step-control.js';
import { StreamingUIModel } from './ui-model.js';
import { UIServer } from './ui-server.js';

/** Spark's `spark.ui.port`. */
const DEFAULT_PORT = 4040;
/** Spark's `spark.port.maxRetries`: the ports after a taken one that are tried. */
const MAX_PORT_RETRIES = 16;

/**
 * Options of `ssc.ui()`.
 *
 * @example
 * ```ts
 * const ui = await ssc.ui({ port: 0, retainedBatches: 100 }); // a free port
 * const stepped = await ssc.ui({ step: true }); // batches run one per "Next batch" click
 * ```
 */
export interface StreamingUIOptions {
  /**
   * Port on 127.0.0.1 (default 4040, Spark's `spark.ui.port`). When it is taken the next 16 are
   * tried, as Spark does; 0 picks a free port.
   */
  readonly port?: number;
  /** Batches the page keeps (default 1000, Spark's `spark.streaming.ui.retainedBatches`). */
  readonly retainedBatches?: number;
  /**
   * Newest batches whose output RDDs are kept so that the page can show their lineage and first
   * records (default 5). Each keeps its batch's data in memory.
   */
  readonly retainedBatchDetails?: number;
  /**
   * Step mode (default `false`): the batches wait, and each "Next batch" on the page runs exactly
   * one, so a class can walk through the micro-batches. The page can also pause and resume them.
   * A context on a ManualClock always steps from the page (its clock moves only when told).
   * Differs from Spark: Spark's UI cannot pause a streaming application.
   */
  readonly step?: boolean;
  /**
   * Host names the view answers besides loopback ones (`localhost`, `127.0.0.1`, `[::1]`), as
   * Vite's `server.allowedHosts`: `'ui.example.com'`, `'.example.com'` (the domain and its
   * subdomains), or `true` for any (only behind a proxy that checks names). Requests with another
   * `Host` get 403: the view shows users' data, and a site whose name resolves to 127.0.0.1 (DNS
   * rebinding) must not read it.
   */
  readonly allowedHosts?: AllowedHosts;
}

/**
 * A running live web view: open {@link StreamingUI.url} in a browser. It stops by itself when the
 * context stops.
 *
 * @example
 * ```ts
 * const ui = await ssc.ui();
 * console.log(`Streaming UI: ${ui.url}`); // http://127.0.0.1:4040/
 * ```
 */
export interface StreamingUI {
  /** The page's address, e.g. `http://127.0.0.1:4040/`. */
  readonly url: string;
  /** The port it listens on (on 127.0.0.1). */
  readonly port: number;
  /** Stop serving (done when the context stops). */
  close(): Promise<void>;
}

/** What the view needs from its context: public facts, the listener registration, the clock. */
export interface UIHost {
  readonly appName: string;
  readonly batchDurationMs: number;
  readonly logger: Logger;
  /** The context's clock (step mode moves a ManualClock). */
  readonly clock: Clock;
  /** The context's pause switch on its batch timer, made when first asked for. */
  batchGate(): BatchGate;
  addStreamingListener(listener: StreamingListener): void;
  removeStreamingListener(listener: StreamingListener): void;
}

/** Register the view's listener with `host`, then serve it; see {@link StreamingUIOptions}. */
export async function startStreamingUI(
  host: UIHost,
  options: StreamingUIOptions,
): Promise<StreamingUI> {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new IllegalArgumentError(`port out of range:${port}`);
  }
  const retainedBatches = positiveInteger('retainedBatches', options.retainedBatches ?? 1000);
  const retainedBatchDetails = positiveInteger(
    'retainedBatchDetails',
    options.retainedBatchDetails ?? 5,
  );
  const step = new StepControl(
    host.clock,
    host.batchDurationMs,
    () => host.batchGate(),
    options.step === true,
  );
  const model = new StreamingUIModel({
    appName: host.appName,
    batchDuration: host.batchDurationMs,
    retainedBatches,
    retainedBatchDetails,
    step,
    listeners: host,
  });
  // Registered before the port is bound, so a context started meanwhile misses no event.
  host.addStreamingListener(model);
  const server = new UIServer(model, step, options.allowedHosts ?? []);
  let bound: number;
  try {
    bound = await bindWithRetries(server, port, host.logger);
  } catch (error) {
    host.removeStreamingListener(model);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: () => {
      closing ??= (async () => {
        model.markStopped();
        await server.close();
        host.removeStreamingListener(model);
      })();
      return closing;
    },
  };
}

/** Spark's `Utils.startServiceOnPort`: try `port`, then the next ports while they are taken. */
async function bindWithRetries(server: UIServer, port: number, logger: Logger): Promise<number> {
  const retries = port === 0 ? 0 : MAX_PORT_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const tryPort = port === 0 ? 0 : port + attempt;
    try {
      return await server.listen(tryPort);
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || attempt >= retries || tryPort >= 65535) {
        const reason = taken
          ? `Service 'SparkUI' failed after ${attempt} retries (starting from ${port})! Consider explicitly setting the appropriate port for the service 'SparkUI' (ssc.ui({ port })) to an available port.`
          : String(error);
        throw new SparkError(`Failed to bind to 127.0.0.1:${tryPort}: ${reason}`, {
          cause: error,
        });
      }
      logger.warn(
        `Service 'SparkUI' could not bind on port ${tryPort}. Attempting port ${tryPort + 1}.`,
      );
    }
  }
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new IllegalArgumentError(`Expected \`${option}\` to be a positive integer, got ${value}`);
  }
  return value;
}
