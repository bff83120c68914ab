// vitest globalSetup of the `kafka` project: a real single-node KRaft broker on 127.0.0.1 for the
// Kafka suites, started from scripts/kafka (Maven-fetched jars, no Docker) and stopped at teardown,
// or the brokers in KAFKA_BROKERS (comma-separated) when set. Tests read the list with
// inject('kafkaBrokers').
import process from 'node:process';
import type { TestProject } from 'vitest/node';
import { startBroker, stopBroker } from '../../scripts/kafka/broker.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap brokers, e.g. ['127.0.0.1:39093']. */
    kafkaBrokers: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env['KAFKA_BROKERS'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    project.provide(
      'kafkaBrokers',
      fromEnv
        .split(',')
        .map((broker) => broker.trim())
        .filter((broker) => broker !== ''),
    );
    return () => Promise.resolve();
  }
  // ownerPid: a watchdog stops the broker even if this process is killed before teardown.
  const broker = await startBroker({ ownerPid: process.pid, timeoutMs: 90_000 });
  project.provide('kafkaBrokers', [broker.brokers]);
  return () => stopBroker(broker);
}
