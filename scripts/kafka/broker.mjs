// A real Apache Kafka broker (KRaft, broker+controller in one JVM, 127.0.0.1 only) for the Kafka
// test suites and examples; no Docker. Plain Node ESM so it runs without a build. Used by start.mjs,
// stop.mjs and test/kafka/global-setup.ts. Types: broker.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

export const KAFKA_DIR = dirname(fileURLToPath(import.meta.url));
export const LIB_DIR = join(KAFKA_DIR, 'lib');
export const STATE_FILE = join(KAFKA_DIR, '.broker.json');
const POM = join(KAFKA_DIR, 'pom.xml');
const CONFIG_TEMPLATE = join(KAFKA_DIR, 'server.properties');
const LOG4J_CONFIG = join(KAFKA_DIR, 'log4j.properties');
const TEMP_PREFIX = 'dstream-kafka-';
// A lib folder holding these came from a complete Maven run (broker.mjs renames it into place).
const REQUIRED_JARS = [
  'kafka_2.13-3.9.1.jar',
  'kafka-clients-3.9.1.jar',
  'reload4j-1.2.25.jar',
  'slf4j-reload4j-1.7.36.jar',
];
const START_ATTEMPTS = 3; // a free port can be taken between picking it and the broker binding it

/** @param {string} message */
function defaultLog(message) {
  process.stderr.write(`[kafka] ${message}\n`);
}

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function javaCommand() {
  const home = process.env['JAVA_HOME'];
  return home ? join(home, 'bin', 'java') : 'java';
}

/** @param {string} dir */
function isOurTempDir(dir) {
  const abs = resolve(dir);
  return dirname(abs) === resolve(tmpdir()) && basename(abs).startsWith(TEMP_PREFIX);
}

/** True when scripts/kafka/lib holds the jars of a complete Maven run. */
export function kafkaLibReady() {
  return REQUIRED_JARS.every((jar) => existsSync(join(LIB_DIR, jar)));
}

/**
 * Fills scripts/kafka/lib with Maven when it is missing or incomplete: the jars go to a temp folder
 * that is renamed into place, so concurrent or interrupted runs never leave a half-filled lib/.
 * @param {{ log?: (message: string) => void }} [options]
 */
export function ensureKafkaLib({ log = defaultLog } = {}) {
  if (kafkaLibReady()) return;
  const staging = `${LIB_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  log(`${LIB_DIR} missing: fetching Kafka 3.9.1 and its dependencies with Maven...`);
  const started = Date.now();
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, `-Dkafka.lib.dir=${staging}`, 'dependency:copy-dependencies'],
    // Quiet (-q) Maven prints only errors: shown when it fails, never on stdout (start.mjs keeps
    // stdout for the broker address).
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15 * 60_000,
      maxBuffer: 64 << 20,
    },
  );
  try {
    if (result.error) {
      const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
      throw new Error(
        code === 'ENOENT'
          ? 'mvn not found: the Kafka tests need Maven (and Java 17) on the PATH'
          : `mvn failed to run: ${result.error.message}`,
      );
    }
    if (result.status !== 0) {
      throw new Error(
        `mvn -f ${POM} dependency:copy-dependencies exited with ${result.status ?? result.signal}:\n` +
          `${result.stdout}${result.stderr}`.replaceAll('\u001b[0m', ''),
      );
    }
    if (kafkaLibReady()) return; // someone else's run finished first
    rmSync(LIB_DIR, { recursive: true, force: true }); // incomplete leftovers
    try {
      renameSync(staging, LIB_DIR);
    } catch (error) {
      if (!kafkaLibReady()) throw error;
    }
    if (!kafkaLibReady())
      throw new Error(`Maven ran but ${LIB_DIR} lacks ${REQUIRED_JARS.join(', ')}`);
    log(`Kafka jars ready in ${seconds(Date.now() - started)}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Ports the OS reports free on 127.0.0.1, all distinct (every server stays open until all are picked).
 * @param {number} count
 * @returns {Promise<number[]>}
 */
async function freePorts(count) {
  /** @type {import('node:net').Server[]} */
  const servers = [];
  try {
    /** @type {number[]} */
    const ports = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolveListen, rejectListen) => {
        server.once('error', rejectListen);
        server.listen(0, '127.0.0.1', () => {
          resolveListen(undefined);
        });
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP port');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise((resolveClose) => {
            server.close(() => {
              resolveClose(undefined);
            });
          }),
      ),
    );
  }
}

/** A random Kafka cluster id: a 16-byte uuid in base64url, not starting with '-' (as Kafka's Uuid). */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Alive and not a zombie (a container's init may never reap an orphaned broker). A zombie main
 * thread whose other threads are still exiting counts as alive: the JVM's sockets close only once
 * its last thread is gone.
 * @param {number} pid
 */
export function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command: state (field 3) ... num_threads (field 20).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' || Number(fields[17]) > 1;
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/**
 * Whether pid is the broker started in dir (guards stop against a stale state file and pid reuse).
 * @param {{ pid: number, dir: string }} state
 */
export function isBrokerRunning({ pid, dir }) {
  if (!isProcessAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(dir);
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** @param {string} file @param {number} lines */
function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * @param {string} dir
 * @param {number} brokerPort
 * @param {number} controllerPort
 */
function writeConfig(dir, brokerPort, controllerPort) {
  const dataDir = join(dir, 'data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir);
  const config = readFileSync(CONFIG_TEMPLATE, 'utf8')
    .replaceAll('@BROKER_PORT@', String(brokerPort))
    .replaceAll('@CONTROLLER_PORT@', String(controllerPort))
    .replaceAll('@LOG_DIR@', dataDir);
  const file = join(dir, 'server.properties');
  writeFileSync(file, config);
  return file;
}

/**
 * @param {string} dir
 * @param {string} config
 * @param {string} clusterId
 * @param {number} timeoutMs
 */
function formatStorage(dir, config, clusterId, timeoutMs) {
  const result = spawnSync(
    javaCommand(),
    [
      // A short-lived tool: the C1 compiler alone and the serial GC start fastest.
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Dlog4j.configuration=file:${LOG4J_CONFIG}`,
      '-cp',
      join(LIB_DIR, '*'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      config,
      '--ignore-formatted',
    ],
    { encoding: 'utf8', timeout: Math.max(1, timeoutMs), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  writeFileSync(join(dir, 'format.log'), `${result.stdout}${result.stderr}`);
  if (result.error) {
    const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
    throw new Error(
      code === 'ENOENT'
        ? 'java not found: the Kafka tests need Java 17 on the PATH (or JAVA_HOME)'
        : `kafka.tools.StorageTool format failed: ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `kafka.tools.StorageTool format exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * Resolves when a kafkajs admin client sees this very cluster (its id) at brokers.
 * @param {string} brokers
 * @param {string} clusterId
 */
async function describeCluster(brokers, clusterId) {
  const kafka = new Kafka({
    clientId: 'dstream-kafka-start',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.clusterId !== clusterId) {
      throw new Error(
        `${brokers} answers for cluster ${cluster.clusterId}, not ours (${clusterId})`,
      );
    }
    return cluster;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * SIGTERM, then SIGKILL after timeoutMs; resolves once the process is gone (or after a last bound).
 * @param {number} pid
 * @param {number} timeoutMs
 */
async function killProcess(pid, timeoutMs) {
  /** @param {NodeJS.Signals} signal */
  const send = (signal) => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  if (!isProcessAlive(pid)) return;
  send('SIGTERM');
  if (await waitGone(pid, timeoutMs)) return;
  send('SIGKILL');
  await waitGone(pid, 5000);
}

/**
 * Resolves true once pid is gone, false after ms.
 * @param {number} pid
 * @param {number} ms
 */
async function waitGone(pid, ms) {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * @typedef {{ brokers: string, pid: number, dir: string }} BrokerState
 * @typedef {{ timeoutMs?: number, ownerPid?: number, log?: (message: string) => void }} StartOptions
 * @typedef {{ signal?: 'SIGTERM' | 'SIGKILL', timeoutMs?: number, log?: (message: string) => void }}
 *   StopJvmOptions
 */

/**
 * Spawns the broker JVM of dir (detached, output appended to broker.log from logOffset on) and
 * waits until a kafkajs admin client describes cluster clusterId at brokers. Resolves with the pid
 * once ready, or with how the JVM exited before; throws (the JVM still running) after deadline.
 * With ownerPid, a detached watchdog stops this JVM and deletes dir if that process dies first.
 * @param {{ dir: string, config: string, brokers: string, clusterId: string, deadline: number,
 *   timeoutMs: number, ownerPid: number | undefined, logFlags: 'w' | 'a' }} launch
 * @returns {Promise<{ pid: number, exited: string | undefined, logOffset: number }>}
 */
async function launchJvm({
  dir,
  config,
  brokers,
  clusterId,
  deadline,
  timeoutMs,
  ownerPid,
  logFlags,
}) {
  const logFile = join(dir, 'broker.log');
  const logFd = openSync(logFile, logFlags);
  const logOffset = fstatSync(logFd).size;
  const child = spawn(
    javaCommand(),
    [
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${LOG4J_CONFIG}`,
      `-Dkafka.logs.dir=${dir}`,
      '-cp',
      join(LIB_DIR, '*'),
      'kafka.Kafka',
      config,
    ],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  /** @type {string | undefined} */
  let exited;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const spawnError = await new Promise((resolveSpawn) => {
    child.once('spawn', () => {
      resolveSpawn(undefined);
    });
    child.once('error', resolveSpawn);
  });
  if (spawnError !== undefined || child.pid === undefined) {
    throw new Error(`could not start java: ${String(spawnError)}`);
  }
  child.unref();
  const pid = child.pid;
  if (ownerPid !== undefined) startWatchdog(ownerPid, pid, dir);

  let lastError = 'not tried';
  while (exited === undefined && Date.now() < deadline) {
    try {
      await describeCluster(brokers, clusterId);
      return { pid, exited: undefined, logOffset };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (exited === undefined) await sleep(200);
  }
  if (exited === undefined) {
    throw Object.assign(
      new Error(
        `Kafka broker not ready at ${brokers} after ${timeoutMs} ms (last error: ${lastError}); ` +
          `broker.log:\n${tail(logFile, 40)}`,
      ),
      { pid },
    );
  }
  return { pid, exited, logOffset };
}

/**
 * Starts a fresh single-node KRaft broker in a new temp dir on two free ports and waits (bounded)
 * until a kafkajs admin client can describe the cluster. With ownerPid, a detached watchdog stops
 * the broker and deletes its dir if that process dies without calling stopBroker.
 * @param {StartOptions} [options]
 * @returns {Promise<BrokerState>}
 */
export async function startBroker({ timeoutMs = 60_000, ownerPid, log = defaultLog } = {}) {
  ensureKafkaLib({ log });
  const deadline = Date.now() + timeoutMs;
  const dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  /** @type {number | undefined} */
  let pid;
  try {
    for (let attempt = 1; ; attempt++) {
      const [brokerPort, controllerPort] = /** @type {[number, number]} */ (await freePorts(2));
      const brokers = `127.0.0.1:${brokerPort}`;
      const config = writeConfig(dir, brokerPort, controllerPort);
      const clusterId = randomClusterId();
      const formatStarted = Date.now();
      formatStorage(dir, config, clusterId, deadline - Date.now());
      const brokerStarted = Date.now();
      const launched = await launchJvm({
        dir,
        config,
        brokers,
        clusterId,
        deadline,
        timeoutMs,
        ownerPid,
        logFlags: 'w', // one attempt's log
      }).catch((/** @type {unknown} */ error) => {
        pid = /** @type {{ pid?: number }} */ (error).pid ?? pid;
        throw error;
      });
      pid = launched.pid;
      if (launched.exited === undefined) {
        log(
          `broker ${brokers} ready: storage formatted in ${seconds(brokerStarted - formatStarted)}, ` +
            `broker up in ${seconds(Date.now() - brokerStarted)} (pid ${pid}, ${dir})`,
        );
        return { brokers, pid, dir };
      }
      const logFile = join(dir, 'broker.log');
      if (
        attempt < START_ATTEMPTS &&
        Date.now() < deadline &&
        isBindError(logFile, launched.logOffset)
      ) {
        log(`port taken before the broker bound it; retrying with other ports`);
        pid = undefined;
        continue;
      }
      throw new Error(
        `Kafka broker ${launched.exited} before it was ready; broker.log:\n${tail(logFile, 40)}`,
      );
    }
  } catch (error) {
    await stopBroker({ brokers: '', pid: pid ?? -1, dir }, { log: () => undefined });
    throw error;
  }
}

/**
 * Whether the broker.log written from offset on says a port was taken.
 * @param {string} logFile
 * @param {number} offset
 */
function isBindError(logFile, offset) {
  try {
    const text = readFileSync(logFile).subarray(offset).toString('utf8');
    return /BindException|Address already in use/.test(text);
  } catch {
    return false;
  }
}

/**
 * The cluster id that formatStorage wrote into dir's data (meta.properties).
 * @param {string} dir
 */
function readClusterId(dir) {
  const file = join(dir, 'data', 'meta.properties');
  const match = /^cluster\.id=(.+)$/m.exec(readFileSync(file, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no cluster.id in ${file}`);
  return match[1].trim();
}

/**
 * Stops the broker's JVM (SIGTERM, SIGKILL after timeoutMs; or SIGKILL at once) and waits until
 * it is gone (every thread: its sockets are closed, its ports free), keeping its temp dir (config,
 * data, broker.log) for startBrokerAgain. The watchdog of that JVM exits on its own; stopBroker
 * still deletes the dir. Idempotent.
 * @param {BrokerState} state
 * @param {StopJvmOptions} [options]
 */
export async function stopBrokerJvm(
  state,
  { signal = 'SIGTERM', timeoutMs = 10_000, log = defaultLog } = {},
) {
  if (!(state.pid > 0 && isBrokerRunning(state))) return;
  const started = Date.now();
  if (signal === 'SIGKILL') {
    try {
      process.kill(state.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitGone(state.pid, 5000);
  } else {
    await killProcess(state.pid, timeoutMs);
  }
  if (isProcessAlive(state.pid)) {
    throw new Error(`broker ${state.brokers} (pid ${state.pid}) still alive after ${signal}`);
  }
  // Its sockets are closed now; one turn of the event loop lets this process's clients see it.
  await nextTurn();
  log(
    `stopped the JVM of broker ${state.brokers} (pid ${state.pid}, ${signal}) in ` +
      `${seconds(Date.now() - started)}; data kept in ${state.dir}`,
  );
}

/**
 * Starts the broker of state again (after stopBrokerJvm): same ports, config, data and cluster id,
 * a new JVM; waits (bounded) until a kafkajs admin client can describe the cluster, as
 * startBroker does. While a port is still taken (e.g. by a client's socket) it tries again until
 * timeoutMs. With ownerPid, a new watchdog guards the new JVM. On failure no JVM of it is left
 * running; the dir stays for stopBroker.
 * @param {BrokerState} state
 * @param {StartOptions} [options]
 * @returns {Promise<BrokerState>} state with the new pid
 */
export async function startBrokerAgain(
  state,
  { timeoutMs = 60_000, ownerPid, log = defaultLog } = {},
) {
  if (state.pid > 0 && isBrokerRunning(state)) {
    throw new Error(`broker ${state.brokers} (pid ${state.pid}) is still running`);
  }
  const deadline = Date.now() + timeoutMs;
  const config = join(state.dir, 'server.properties');
  const clusterId = readClusterId(state.dir);
  const logFile = join(state.dir, 'broker.log');
  const started = Date.now();
  for (;;) {
    /** @type {{ pid: number, exited: string | undefined, logOffset: number }} */
    let launched;
    try {
      launched = await launchJvm({
        dir: state.dir,
        config,
        brokers: state.brokers,
        clusterId,
        deadline,
        timeoutMs,
        ownerPid,
        logFlags: 'a', // after the previous runs' log
      });
    } catch (error) {
      const pid = /** @type {{ pid?: number }} */ (error).pid;
      if (pid !== undefined) await killProcess(pid, 5000);
      throw error;
    }
    if (launched.exited === undefined) {
      log(
        `broker ${state.brokers} up again in ${seconds(Date.now() - started)} ` +
          `(pid ${launched.pid}, ${state.dir})`,
      );
      return { ...state, pid: launched.pid };
    }
    if (Date.now() < deadline && isBindError(logFile, launched.logOffset)) {
      log(`a port of ${state.brokers} is still taken; trying again`);
      await sleep(500);
      continue;
    }
    throw new Error(
      `Kafka broker ${launched.exited} before it was up again; broker.log:\n${tail(logFile, 40)}`,
    );
  }
}

/**
 * @param {number} ownerPid
 * @param {number} brokerPid
 * @param {string} dir
 */
function startWatchdog(ownerPid, brokerPid, dir) {
  const watchdog = spawn(
    process.execPath,
    [join(KAFKA_DIR, 'watchdog.mjs'), String(ownerPid), String(brokerPid), dir],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
}

/**
 * Stops the broker (SIGTERM, SIGKILL after timeoutMs) and deletes its temp dir. Idempotent; leaves
 * a pid that is no longer this broker's alone.
 * @param {BrokerState} state
 * @param {{ timeoutMs?: number, log?: (message: string) => void }} [options]
 */
export async function stopBroker(state, { timeoutMs = 10_000, log = defaultLog } = {}) {
  if (state.pid > 0 && isBrokerRunning(state)) {
    const started = Date.now();
    await killProcess(state.pid, timeoutMs);
    log(`stopped broker ${state.brokers} (pid ${state.pid}) in ${seconds(Date.now() - started)}`);
  }
  if (isOurTempDir(state.dir)) {
    rmSync(state.dir, { recursive: true, force: true });
  } else if (state.dir) {
    log(`not deleting ${state.dir}: not a ${TEMP_PREFIX}* dir under ${tmpdir()}`);
  }
}

/** @returns {BrokerState | undefined} the broker start.mjs recorded, if any */
export function readStateFile() {
  try {
    return /** @type {BrokerState} */ (JSON.parse(readFileSync(STATE_FILE, 'utf8')));
  } catch {
    return undefined;
  }
}

/** @param {BrokerState} state */
export function writeStateFile(state) {
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeStateFile() {
  rmSync(STATE_FILE, { force: true });
}
