/**
 * Extra packages: `npm install kafkajs pg` in your own project (devDependencies here).
 *
 * The lessons' "Caso 8: Join entre Kafka y MariaDB" as a DStream job: login events from the Kafka
 * topic `usuariosk`, JSON values such as `{"login_id": "1", "login_time": "2022-05-17 12:15:00"}`,
 * joined with the company's users table `usuarios(id, nombre, ultimoLogin)`; every batch prints
 * its joined rows (columns id, nombre, login_time, ultimoLogin) with `pprint`.
 *
 * The lesson's Structured Streaming query becomes Spark's DStream recipe for a stream-static join:
 * the table is loaded once, at startup, into a pair RDD keyed by id (cached), each record's value
 * is parsed from JSON into a `[login_id, login_time]` pair, and `transform` joins each batch with
 * the static RDD (an inner join, as the lesson's). The lesson reads MariaDB over JDBC; this port
 * reads PostgreSQL with `pg`, so the project needs a single database client. As in the lesson the
 * topic is read from its earliest offset and nothing is committed, and one batch is a minute
 * (`--batch-seconds` shortens it). A change to the table is seen after a restart (Spark re-reads
 * an uncached JDBC table at every micro-batch).
 *
 * Run it end to end, with a broker (`export KAFKA_BROKERS=$(node scripts/kafka/start.mjs)`) and the
 * local PostgreSQL:
 *
 *   npx tsx examples/kafka-login-join.ts --setup --batch-seconds 5
 *
 * `--setup` first creates the schema, the table with the lesson's four users (rows already there
 * are kept) and the topic, when missing. Then send the lesson's logins, one JSON value a line:
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
 * host:port[,...]` (default: $KAFKA_BROKERS); `--database-url` (default: $DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test); `--schema` (default kafka_login_join: the table is
 * <schema>.usuarios); `--setup`; `--group-id` (default kafka-login-join); `--batch-seconds n`;
 * `--max-rate n` (maxRatePerPartition); `--batches n` (stop after n batches);
 * `--stop-when-caught-up` (stop after a batch with no record); `--manual-clock` (virtual time,
 * batches back to back: the test uses it). Ctrl-C (SIGINT) or SIGTERM stops it gracefully.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
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
import { createTopicsIfMissing } from './support/create-topics.js';
import { JOB_OPTIONS, JobProgress, jobArgs, positiveInteger, runJob } from './support/kafka-job.js';

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

/**
 * Create `<schema>.usuarios` with the lesson's rows, keeping what is already there. (PostgreSQL
 * folds unquoted names to lower case, so `"ultimoLogin"` is quoted to keep the lesson's name.)
 */
export async function createUsersTable(db: pg.ClientBase, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.usuarios (
       id bigint PRIMARY KEY,
       nombre varchar(100) NOT NULL,
       "ultimoLogin" timestamp NOT NULL)`,
  );
  await db.query(
    `INSERT INTO ${schema}.usuarios (id, nombre, "ultimoLogin")
     SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::timestamp[])
     ON CONFLICT (id) DO NOTHING`,
    [
      USUARIOS.map(([id]) => id),
      USUARIOS.map(([, nombre]) => nombre),
      USUARIOS.map(([, , at]) => at),
    ],
  );
}

/** Read `<schema>.usuarios` as `[id, usuario]` pairs, by id. */
export async function loadUsers(
  db: pg.ClientBase,
  schema: string,
): Promise<Pair<number, Usuario>[]> {
  let result: pg.QueryResult<{ id: string; nombre: string; ultimoLogin: string }>;
  try {
    result = await db.query(
      `SELECT id::text AS id, nombre,
              to_char("ultimoLogin", 'YYYY-MM-DD HH24:MI:SS') AS "ultimoLogin"
       FROM ${schema}.usuarios ORDER BY id`,
    );
  } catch (error) {
    // 42P01: undefined_table.
    if ((error as { code?: unknown }).code === '42P01') {
      throw new IllegalStateError(
        `There is no table ${schema}.usuarios: run with --setup to create it with the lesson's rows`,
        { cause: error },
      );
    }
    throw error;
  }
  return result.rows.map(({ id, nombre, ultimoLogin }): Pair<number, Usuario> => {
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

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      ...JOB_OPTIONS,
      setup: { type: 'boolean', default: false },
      'group-id': { type: 'string', default: 'kafka-login-join' },
      'batch-seconds': { type: 'string' },
    },
    allowPositionals: true,
  });
  const topics = positionals.length > 0 ? positionals : ['usuariosk'];
  const args = jobArgs(values, topics, { schema: 'kafka_login_join' });
  const batchSeconds = values['batch-seconds'];
  const batchDuration =
    batchSeconds === undefined
      ? Minutes(1)
      : Seconds(positiveInteger('batch-seconds', batchSeconds));
  const db = new pg.Client({ connectionString: args.databaseUrl });
  await db.connect();
  let users: Pair<number, Usuario>[];
  try {
    if (values.setup) {
      await createUsersTable(db, args.schema);
      await createTopicsIfMissing(args.brokers, args.topics);
    }
    users = await loadUsers(db, args.schema);
  } finally {
    await db.end();
  }
  const ssc = new StreamingContext({
    batchDuration,
    appName: 'Kafka join PostgreSQL',
    ...(args.manualClock ? { clock: new ManualClock() } : {}),
  });
  const logins = buildLoginJoin(ssc, {
    brokers: args.brokers,
    topics: args.topics,
    groupId: values['group-id'],
    users,
    maxRatePerPartition: args.maxRatePerPartition,
  });
  const progress = new JobProgress(args);
  logins.foreachRDD((rdd, time) => {
    progress.batchCompleted(time.milliseconds, rdd.count());
  });
  await runJob(ssc, progress);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
