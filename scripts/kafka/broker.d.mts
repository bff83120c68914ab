// Types for broker.mjs (plain Node ESM, so it runs without a build).

/** A running broker: its bootstrap address, JVM pid and temp dir (config, data, broker.log). */
export interface BrokerState {
  brokers: string;
  pid: number;
  dir: string;
}

export interface StartOptions {
  /** Bound on the whole start (format + boot + first describeCluster); default 60 s. */
  timeoutMs?: number;
  /** When set, a detached watchdog stops the broker if this process dies first. */
  ownerPid?: number;
  /** Progress messages; default: stderr. */
  log?: (message: string) => void;
}

export interface StopOptions {
  /** SIGTERM, then SIGKILL after this long; default 10 s. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface StopJvmOptions {
  /** SIGTERM (a clean shutdown, SIGKILL after timeoutMs) or SIGKILL at once; default SIGTERM. */
  signal?: 'SIGTERM' | 'SIGKILL';
  /** With SIGTERM: SIGKILL after this long; default 10 s. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export const KAFKA_DIR: string;
export const LIB_DIR: string;
export const STATE_FILE: string;

export function kafkaLibReady(): boolean;
export function ensureKafkaLib(options?: { log?: (message: string) => void }): void;
export function isProcessAlive(pid: number): boolean;
export function isBrokerRunning(state: Pick<BrokerState, 'pid' | 'dir'>): boolean;
export function startBroker(options?: StartOptions): Promise<BrokerState>;
export function stopBroker(state: BrokerState, options?: StopOptions): Promise<void>;
/** Stop the broker's JVM and wait until it is gone, keeping its dir for startBrokerAgain. */
export function stopBrokerJvm(state: BrokerState, options?: StopJvmOptions): Promise<void>;
/**
 * Start the broker stopped by stopBrokerJvm again on the same ports, config, data and cluster id,
 * and wait until it is up (as startBroker); returns the state with the new JVM's pid.
 */
export function startBrokerAgain(state: BrokerState, options?: StartOptions): Promise<BrokerState>;
export function readStateFile(): BrokerState | undefined;
export function writeStateFile(state: BrokerState): void;
export function removeStateFile(): void;
