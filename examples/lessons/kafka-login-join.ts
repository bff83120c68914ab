/**
 * Extra packages: `npm install kafkajs mariadb` in your own project (devDependencies here).
 *
 * Lesson 000 (Structured Streaming II), case 8, "Join entre Kafka y MariaDB", as a DStream job:
 * login events from the Kafka topic `usuariosk`, JSON values such as
 * `{"login_id": "1", "login_time": "2022-05-17 12:15:00"}`, joined with the company's users table
 * `spark.usuarios(id, nombre, ultimoLogin)` in MariaDB, as the lesson does; every batch prints its
 * joined rows (columns id, nombre, login_time, ultimoLogin) with `pprint`.
 *
 * The lesson's Structured Streaming query becomes Spark's DStream recipe for a stream-static join:
 * the table is read once, at startup, into a pair RDD keyed by id (cached), each record's value is
 * parsed from JSON into a `[login_id, login_time]` pair, and `transform` joins each batch with the
 * static RDD (an inner join, as the lesson's). The lesson reads MariaDB over JDBC; this port uses
 * MariaDB's own Node.js connector, the `mariadb` package (`npm install mariadb`). As in the lesson
 * the topic is read from its earliest offset and nothing is committed, and one batch is a minute
 * (`--batch-seconds` shortens it). A change to the table is seen after a restart (Spark re-reads an
 * uncached JDBC table at every micro-batch). The lesson's SQL script creates the table and then
 * runs `DROP TABLE IF EXISTS spark.usuarios`, which would leave nothing to join; `--setup` creates
 * it and keeps it.
 *
 * Run it end to end, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`) and the
 * local MariaDB (127.0.0.1:3306, user root):
 *
 *   npm run lesson -- kafka-login-join --setup --batch-seconds 5
 *
 * `--setup` first creates the database `spark`, the table with the lesson's four users (rows already
 * there are kept) and the topic, when missing. Then send the lesson's logins, one JSON value a line:
 *
 *   java -Dlog4j.configuration=file:scripts/kafka/log4j.properties -cp 'scripts/kafka/lib/*' \
 *     kafka.tools.ConsoleProducer --bootstrap-server $KAFKA_BROKERS --topic usuariosk
 *   {"login_id": "1", "login_time": "2022-05-17 12:15:00"}
 *
 * and the next batch prints
 * `{'id': 1, 'nombre': 'Aitor Medrano', 'login_time': '2022-05-17 12:15:00', 'ultimoLogin': '2022-05-13 13:36:58'}`.
 * Like Spark's `from_json` and `to_timestamp`, a value that is not a JSON object with a numeric
 * `login_id` joins no user, and a `login_time` that is not `yyyy-MM-dd HH:mm:ss` prints as None.
 *
 * Command line: `[options] [topic...]` (default topic `usuariosk`). Options: `--brokers
 * host:port[,...]` (default: $KAFKA_BROKERS); `--mariadb-url` (default: $MARIADB_URL, else
 * mariadb://root@127.0.0.1:3306/test); `--database` (default spark: the table is <database>.usuarios);
 * `--setup`; `--group-id` (default kafka-login-join); `--batch-seconds n`; `--max-rate n`
 * (maxRatePerPartition); `--batches n` (stop after n batches); `--stop-when-caught-up` (stop after
 * a batch with no record); `--manual-clock` (virtual time, batches back to back: the test uses
 * it). Ctrl-C (SIGINT) or SIGTERM stops it gracefully.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConnection, type Connection } from 'mariadb';
import {
  IllegalArgumentError,
  IllegalStateError,
  ManualClock,
  Minutes,
  Seconds,
  StreamingContext,
  type DStream,
  type Pair,
  type RDD,
} from 'dstream-ts';
import { KafkaUtils, type ConsumerRecord, type DirectKafkaStream } from 'dstream-ts/kafka';
import { createTopicsIfMissing } from '../support/create-topics.js';
import { JobProgress, kafkaBrokers, positiveInteger, runJob } from '../support/kafka-job.js';

/** The MariaDB the lesson reads when neither `--mariadb-url` nor MARIADB_URL is given. */
export const DEFAULT_MARIADB_URL = 'mariadb://root@127.0.0.1:3306/test';

/** The lesson's users: id, nombre, ultimoLogin. */
export const USUARIOS: readonly (readonly [id: number, nombre: string, ultimoLogin: string])[] = [
  [1, 'Aitor Medrano', '2022-05-13 13:36:58'],
  [2, 'Pedro Casas', '2022-05-14 13:46:58'],
  [3, 'Laura García', '2022-05-15 13:56:58'],
  [4, 'Mª Josep Vidal', '2022-05-16 14:06:58'],
];

/** A row of `usuarios` without its key. */
export interface Usuario {
  readonly nombre: string;
  /** `yyyy-MM-dd HH:mm:ss`. */
  readonly ultimoLogin: string;
}

/** A joined row, with the lesson's columns in its order. */
export interface LoginRow {
  readonly id: number;
  readonly nombre: string;
  /** `yyyy-MM-dd HH:mm:ss`, or undefined (Spark's null) when the event's was not a valid one. */
  readonly login_time: string | undefined;
  readonly ultimoLogin: string;
}

/** Options of {@link buildLoginJoin}. */
export interface LoginJoinOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly groupId: string;
  /** The users table, as {@link loadUsers} returns it. */
  readonly users: readonly Pair<number, Usuario>[];
  readonly maxRatePerPartition?: number | undefined;
}

/** `name` if it is a plain SQL identifier (it is spliced into SQL text), else an error. */
function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
    throw new IllegalArgumentError(
      `Expected --database to be an SQL identifier (letters, digits, _), got ${name}`,
    );
  }
  return name;
}

/** The lesson's SQL: create `<database>.usuarios` with its four users, keeping rows already there. */
export async function createUsersTable(db: Connection, database: string): Promise<void> {
  const name = identifier(database);
  await db.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` DEFAULT CHARACTER SET utf8mb4`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS \`${name}\`.usuarios (
       id BIGINT UNSIGNED auto_increment NOT NULL,
       nombre varchar(100) NOT NULL,
       ultimoLogin TIMESTAMP NOT NULL,
       CONSTRAINT usuarios_PK PRIMARY KEY (id)
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`,
  );
  await db.batch(
    `INSERT IGNORE INTO \`${name}\`.usuarios (id, nombre, ultimoLogin) VALUES (?, ?, ?)`,
    USUARIOS.map((row) => [...row]),
  );
}

/** Read `<database>.usuarios` as `[id, usuario]` pairs, by id. */
export async function loadUsers(
  db: Connection,
  database: string,
): Promise<Pair<number, Usuario>[]> {
  const name = identifier(database);
  let rows: { id: string; nombre: string; ultimoLogin: string }[];
  try {
    rows = await db.query(
      `SELECT CAST(id AS CHAR) AS id, nombre,
              DATE_FORMAT(ultimoLogin, '%Y-%m-%d %H:%i:%s') AS ultimoLogin
       FROM \`${name}\`.usuarios ORDER BY id`,
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_DB_ERROR') {
      throw new IllegalStateError(
        `There is no table ${name}.usuarios: run with --setup to create it with the lesson's rows`,
        { cause: error },
      );
    }
    throw error;
  }
  return rows.map(({ id, nombre, ultimoLogin }): Pair<number, Usuario> => {
    const key = Number(id);
    if (!Number.isSafeInteger(key)) {
      throw new IllegalStateError(`usuarios.id ${id} is beyond JavaScript's safe integers`);
    }
    return [key, { nombre, ultimoLogin }];
  });
}

const LOGIN_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The user id of `login_id`: a string of digits (Spark casts it to the table's id) or an integer. */
function loginId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/** `value` if `to_timestamp(value, "yyyy-MM-dd HH:mm:ss")` accepts it, else undefined (null). */
function loginTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !LOGIN_TIME.test(value)) return undefined;
  const iso = value.replace(' ', 'T');
  const date = new Date(`${iso}Z`);
  // Date rolls 2022-02-30 over to March: such a time is not a valid one.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? value : undefined;
}

/**
 * A record value as `[login_id, login_time]`, or nothing when it is not a JSON object with a
 * usable `login_id` (Spark's `from_json` makes it null, which joins no user).
 */
export function parseLogin(value: Buffer | null): Pair<number, string | undefined>[] {
  if (value === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  const { login_id: id, login_time: time } = json as Record<string, unknown>;
  const key = loginId(id);
  return key === undefined ? [] : [[key, loginTime(time)]];
}

/** Join each batch of login records with the users (inner join on `login_id = id`). */
export function joinLogins(
  records: DStream<ConsumerRecord>,
  users: RDD<Pair<number, Usuario>>,
): DStream<LoginRow> {
  return records
    .flatMap((record) => parseLogin(record.value))
    .transform((logins) =>
      logins.join(users).map(([id, [loginTime, user]]): LoginRow => ({
        id,
        nombre: user.nombre,
        login_time: loginTime,
        ultimoLogin: user.ultimoLogin,
      })),
    );
}

/**
 * Build the job on `ssc`: the topics read from their earliest offsets, joined with `users`, each
 * batch's rows printed with `pprint`. Returns the Kafka stream (to follow its batches).
 */
export function buildLoginJoin(
  ssc: StreamingContext,
  options: LoginJoinOptions,
): DirectKafkaStream {
  const logins = KafkaUtils.createDirectStream(ssc, {
    topics: options.topics,
    kafkaConfig: { brokers: [...options.brokers], clientId: 'kafka-login-join' },
    groupId: options.groupId,
    startingOffsets: 'earliest',
    ...(options.maxRatePerPartition === undefined
      ? {}
      : { maxRatePerPartition: options.maxRatePerPartition }),
  });
  const users = ssc.sparkContext.parallelize(options.users).cache();
  joinLogins(logins, users).pprint();
  return logins;
}

/** Run the lesson with `args` (see the header). */
export async function main(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      brokers: { type: 'string' },
      'mariadb-url': { type: 'string' },
      database: { type: 'string', default: 'spark' },
      setup: { type: 'boolean', default: false },
      'group-id': { type: 'string', default: 'kafka-login-join' },
      'batch-seconds': { type: 'string' },
      'max-rate': { type: 'string' },
      batches: { type: 'string' },
      'stop-when-caught-up': { type: 'boolean', default: false },
      'manual-clock': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const brokers = kafkaBrokers(values.brokers);
  const topics = positionals.length > 0 ? positionals : ['usuariosk'];
  const batchSeconds = values['batch-seconds'];
  const maxRate = values['max-rate'];
  const db = await createConnection(
    values['mariadb-url'] ?? process.env['MARIADB_URL'] ?? DEFAULT_MARIADB_URL,
  );
  let users: Pair<number, Usuario>[];
  try {
    if (values.setup) {
      await createUsersTable(db, values.database);
      await createTopicsIfMissing(brokers, topics);
    }
    users = await loadUsers(db, values.database);
  } finally {
    await db.end();
  }
  const ssc = new StreamingContext({
    batchDuration:
      batchSeconds === undefined
        ? Minutes(1)
        : Seconds(positiveInteger('batch-seconds', batchSeconds)),
    appName: 'IABD Kafka join MariaDB',
    ...(values['manual-clock'] ? { clock: new ManualClock() } : {}),
  });
  const logins = buildLoginJoin(ssc, {
    brokers,
    topics,
    groupId: values['group-id'],
    users,
    maxRatePerPartition: maxRate === undefined ? undefined : positiveInteger('max-rate', maxRate),
  });
  const progress = new JobProgress({
    batches: values.batches === undefined ? Infinity : positiveInteger('batches', values.batches),
    stopWhenCaughtUp: values['stop-when-caught-up'],
  });
  logins.foreachRDD((rdd, time) => {
    progress.batchCompleted(time.milliseconds, rdd.count());
  });
  await runJob(ssc, progress);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
