/** How many cores a local master URL gives (Spark's `SparkMasterRegex` and `numDriverCores`). */
import { availableParallelism } from 'node:os';
import { SparkError } from '../errors.js';

const LOCAL_N = /^local\[([0-9]+|\*)\]$/;
const LOCAL_N_FAILURES = /^local\[([0-9]+|\*)\s*,\s*([0-9]+)\]$/;

/**
 * Return the number of threads of a local master (`local` → 1, `local[N]` and
 * `local[N, maxFailures]` → N, `local[*]` → the machine's cores): the default parallelism.
 *
 * @throws {@link SparkError} with Spark's texts for `local[0]` and unparseable URLs. Differs from
 * Spark: cluster masters (`spark://`, `yarn`, `k8s://`, ...) are refused: dstream-ts runs in one
 * process.
 */
export function localCores(master: string): number {
  if (master === 'local') return 1;
  const match = LOCAL_N.exec(master) ?? LOCAL_N_FAILURES.exec(master);
  if (match === null) {
    if (/^(spark|k8s|mesos):\/\/|^yarn$|^local-cluster\[/.test(master)) {
      throw new SparkError(
        `Master URL '${master}' is not supported: dstream-ts runs in one process (use local, local[N] or local[*])`,
      );
    }
    throw new SparkError(`Could not parse Master URL: '${master}'`);
  }
  const threads = match[1] === '*' ? availableParallelism() : Number(match[1]);
  if (threads <= 0) throw new SparkError(`Asked to run locally with ${threads} threads`);
  return threads;
}
