// node scripts/kafka/start.mjs: starts a single-node KRaft Kafka broker on 127.0.0.1 (fetching the
// jars with Maven first if scripts/kafka/lib is missing), records it in scripts/kafka/.broker.json
// and prints its address on stdout, so `export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)` works.
// Progress goes to stderr. Stop it with `node scripts/kafka/stop.mjs`.
import process from 'node:process';
import {
  isBrokerRunning,
  readStateFile,
  startBroker,
  STATE_FILE,
  writeStateFile,
} from './broker.mjs';

const log = (/** @type {string} */ message) => process.stderr.write(`[kafka] ${message}\n`);

const running = readStateFile();
if (running && isBrokerRunning(running)) {
  log(
    `already running (pid ${running.pid}, ${running.dir}); stop it with node scripts/kafka/stop.mjs`,
  );
  process.stdout.write(`${running.brokers}\n`);
  process.exit(0);
}

const started = Date.now();
try {
  const broker = await startBroker({ log });
  writeStateFile(broker);
  log(
    `started in ${((Date.now() - started) / 1000).toFixed(1)} s; state in ${STATE_FILE}; ` +
      'stop it with node scripts/kafka/stop.mjs',
  );
  process.stdout.write(`${broker.brokers}\n`);
  process.exit(0);
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
