/** Port of Spark's PipedRDD (core/.../rdd/PipedRDD.scala). */
import { spawnSync } from 'node:child_process';
import { IllegalStateError, SparkError } from '../errors.js';
import { formatElement } from './format.js';
import { RDDNode, type Dependency, type Sink } from './rdd-node.js';

/**
 * The lines a command prints when fed a partition: one process per partition (also for an
 * empty one), the partition's elements written to its stdin one per line (Scala's `toString`),
 * each line of its stdout one element. Run synchronously, as RDD actions are.
 */
export class PipedRDD<T> extends RDDNode<string> {
  readonly className = 'PipedRDD';
  readonly dependencies: readonly Dependency[];
  readonly #parent: RDDNode<T>;
  readonly #command: readonly string[];
  readonly #env: Readonly<Record<string, string>>;

  constructor(
    parent: RDDNode<T>,
    command: readonly string[],
    env: Readonly<Record<string, string>>,
  ) {
    super(parent.context, 'pipe');
    this.#parent = parent;
    this.#command = command;
    this.#env = env;
    this.dependencies = [{ rdd: parent, shuffle: false }];
  }

  get numPartitions(): number {
    return this.#parent.numPartitions;
  }

  protected computeInto(index: number, sink: Sink<string>): void {
    let input = '';
    this.#parent.iterate(index, (value) => {
      input += `${formatElement(value, 'scala')}\n`;
    });
    const [program = '', ...args] = this.#command;
    const result = spawnSync(program, args, {
      input,
      env: { ...process.env, ...this.#env },
      maxBuffer: Number.MAX_SAFE_INTEGER,
      encoding: 'utf8',
    });
    // An EPIPE (the process exited without reading all its input) is not a launch failure.
    if (result.error !== undefined && result.status === null && result.signal === null) {
      const code = (result.error as NodeJS.ErrnoException).code;
      // Java's IOException from ProcessBuilder.start.
      throw new SparkError(
        `Cannot run program "${program}": ${code === 'ENOENT' ? 'error=2, No such file or directory' : result.error.message}`,
        { cause: result.error },
      );
    }
    if (result.status !== 0) {
      throw new IllegalStateError(
        `Subprocess exited with status ${result.status ?? result.signal ?? 'unknown'}. Command ran: ${this.#command.join(' ')}`,
      );
    }
    const lines = result.stdout.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) sink(line);
  }
}

/** Split a command line at whitespace, as Java's StringTokenizer (Spark's `PipedRDD.tokenize`). */
export function tokenizeCommand(command: string): string[] {
  return command.split(/[ \t\n\r\f]+/).filter((token) => token !== '');
}
