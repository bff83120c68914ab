/**
 * One benchmark case in a fresh process: `node --import tsx bench/worker.ts <case-id>`. The
 * result goes back to the runner over the IPC channel.
 */
import process from 'node:process';
import { findCase } from './workloads/index.js';

const id = process.argv[2];
if (id === undefined) throw new Error('usage: worker.ts <case-id>');
const { workload, benchCase } = findCase(id);
const result = await workload.measure(benchCase.params, benchCase.label);
const message = { id, ...result };
if (process.send === undefined) {
  console.log(JSON.stringify(message, null, 2));
} else {
  process.send(message, undefined, {}, () => {
    process.disconnect();
  });
}
