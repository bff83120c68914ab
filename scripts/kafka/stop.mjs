// node scripts/kafka/stop.mjs: stops the broker start.mjs recorded in scripts/kafka/.broker.json
// (SIGTERM, SIGKILL after 10 s) and deletes its temp dir and the state file.
import process from 'node:process';
import { readStateFile, removeStateFile, STATE_FILE, stopBroker } from './broker.mjs';

const log = (/** @type {string} */ message) => process.stderr.write(`[kafka] ${message}\n`);

const state = readStateFile();
if (state === undefined) {
  log(`no ${STATE_FILE}: no broker to stop`);
  process.exit(0);
}
try {
  await stopBroker(state, { log });
  removeStateFile();
  process.exit(0);
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
