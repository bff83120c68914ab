// Detached helper of broker.mjs: `node watchdog.mjs <ownerPid> <brokerPid> <dir>` stops the broker
// and deletes its temp dir when the owner (the vitest process that started it) dies without doing
// so itself, e.g. when killed. Exits as soon as the broker is gone.
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBrokerRunning, isProcessAlive, stopBroker } from './broker.mjs';

const [ownerPid, brokerPid] = process.argv.slice(2, 4).map(Number);
const dir = process.argv[4];
if (!ownerPid || !brokerPid || !dir) {
  process.stderr.write('usage: node watchdog.mjs <ownerPid> <brokerPid> <dir>\n');
  process.exit(2);
}
const state = { brokers: '', pid: brokerPid, dir };

for (;;) {
  if (!isBrokerRunning(state)) process.exit(0);
  if (!isProcessAlive(ownerPid)) {
    await stopBroker(state, { log: () => undefined });
    process.exit(0);
  }
  await sleep(1000);
}
