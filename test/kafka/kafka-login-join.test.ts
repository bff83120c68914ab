/**
 * examples/lessons/kafka-login-join.ts (the lesson's Kafka logins joined with a users table in
 * MariaDB) on the real broker and the local MariaDB, in virtual time: the exact pprint blocks of
 * its batches, read from the earliest offsets, with the lesson's users; and its command line with
 * `--setup` as a child process. Each test has a topic and a database of its own.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  buildLoginJoin,
  createUsersTable,
  loadUsers,
} from '../../examples/lessons/kafka-login-join.js';
import { IllegalStateError, ManualClock, Minutes, StreamingContext } from '../../src/index.js';
import { killChildApps, runChildApp } from '../support/child-app.js';
import { captureStdout, pprintBlock } from '../support/print-capture.js';
import { TestTopics } from '../support/kafka-topics.js';
import { MARIADB_URL, newTestDatabase, type TestDatabase } from '../support/mariadb-database.js';
import { silent } from './kafka-fixture.js';

/** A login event as the lesson's producer sends it. */
const login = (id: string, time: string): string =>
  `{"login_id": "${id}", "login_time": "${time}"}`;

const AITOR = "'id': 1, 'nombre': 'Aitor Medrano'";
const PEDRO = "'id': 2, 'nombre': 'Pedro Casas'";
const LAURA = "'id': 3, 'nombre': 'Laura García'";
const MARIA = "'id': 4, 'nombre': 'Mª Josep Vidal'";

/** What a test owns: a topic and a database of its own, removed by `cleanUp()`. */
interface Fixture {
  readonly topics: TestTopics;
  readonly topic: string;
  readonly database: TestDatabase;
}

describe('examples/lessons/kafka-login-join.ts', () => {
  const brokers = inject('kafkaBrokers');
  let fixture: Fixture | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  async function createFixture(name: string, partitions: number): Promise<Fixture> {
    const topics = await TestTopics.connect(brokers);
    cleanups.push(() => topics.close());
    const database = await newTestDatabase(name.replaceAll('-', '_'));
    cleanups.push(() => database.drop());
    return { topics, topic: await topics.create(name, partitions), database };
  }

  afterEach(async () => {
    killChildApps();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    fixture = undefined;
  });

  it('prints each batch of logins joined with the users table', async () => {
    fixture = await createFixture('login-join', 2);
    const { topics, topic, database } = fixture;
    await createUsersTable(database.db, database.name);
    // The lesson's four logins; user 5 is not in the table.
    await topics.produce(topic, [
      [login('1', '2022-05-17 12:15:00'), login('3', '2022-05-18 12:15:00')],
      [login('2', '2022-05-19 12:15:00'), login('5', '2022-05-20 12:15:00')],
    ]);
    const ssc = new StreamingContext({
      batchDuration: Minutes(1),
      clock: new ManualClock(),
      logger: silent,
    });
    cleanups.push(() => ssc.stop());
    const stdout = captureStdout();
    cleanups.push(() => {
      stdout.restore();
      return Promise.resolve();
    });
    buildLoginJoin(ssc, {
      brokers,
      topics: [topic],
      groupId: `login-join-${randomUUID()}`,
      users: await loadUsers(database.db, database.name),
    });
    ssc.start();
    await ssc.advance(Minutes(1));
    await topics.produce(topic, [
      [
        'not json',
        login('4', '2022-05-21 09:00:00'),
        '{"login_time": "2022-05-21 09:30:00"}',
        login('x', '2022-05-21 09:45:00'),
      ],
      [
        // A numeric login_id joins too; a login_time that is no time is None, as Spark's null.
        '{"login_id": 2, "login_time": "2022-02-30 10:00:00"}',
        login('1', '2022-05-21 10:15'),
      ],
    ]);
    await ssc.advance(Minutes(1));
    await ssc.advance(Minutes(1));
    const printed = stdout.text();
    stdout.restore();

    expect(printed).toBe(
      pprintBlock(
        '1970-01-01 00:01:00',
        // The join's partition 0 (even ids), then partition 1, keys in first-seen order.
        `{${PEDRO}, 'login_time': '2022-05-19 12:15:00', 'ultimoLogin': '2022-05-14 13:46:58'}`,
        `{${AITOR}, 'login_time': '2022-05-17 12:15:00', 'ultimoLogin': '2022-05-13 13:36:58'}`,
        `{${LAURA}, 'login_time': '2022-05-18 12:15:00', 'ultimoLogin': '2022-05-15 13:56:58'}`,
      ) +
        pprintBlock(
          '1970-01-01 00:02:00',
          `{${MARIA}, 'login_time': '2022-05-21 09:00:00', 'ultimoLogin': '2022-05-16 14:06:58'}`,
          `{${PEDRO}, 'login_time': None, 'ultimoLogin': '2022-05-14 13:46:58'}`,
          `{${AITOR}, 'login_time': None, 'ultimoLogin': '2022-05-13 13:36:58'}`,
        ) +
        pprintBlock('1970-01-01 00:03:00'),
    );
  });

  it('fails with an IllegalStateError naming --setup when the table is missing', async () => {
    fixture = await createFixture('login-join-missing', 1);
    const { database } = fixture;
    await expect(loadUsers(database.db, database.name)).rejects.toThrow(
      new IllegalStateError(
        `There is no table ${database.name}.usuarios: run with --setup to create it with the lesson's rows`,
      ),
    );
  });

  it('runs from the command line with --setup: the table, then the join', async () => {
    fixture = await createFixture('login-join-cli', 1);
    const { topics, topic, database } = fixture;
    await topics.produce(topic, [
      [login('3', '2022-05-18 12:15:00'), login('5', '2022-05-20 12:15:00')],
    ]);
    const args = [
      '--brokers',
      brokers.join(','),
      '--mariadb-url',
      MARIADB_URL,
      '--database',
      database.name,
      '--max-rate',
      '100',
      '--manual-clock',
      '--setup',
      '--group-id',
      `login-join-${randomUUID()}`,
      '--batch-seconds',
      '5',
      '--batches',
      '2',
      topic,
    ];

    const run = await runChildApp('examples/lessons/kafka-login-join.ts', args, {
      progressPrefix: 'Time:',
    });

    expect(run.lines.map((line) => `${line}\n`).join('')).toBe(
      pprintBlock(
        '1970-01-01 00:00:05',
        `{${LAURA}, 'login_time': '2022-05-18 12:15:00', 'ultimoLogin': '2022-05-15 13:56:58'}`,
      ) + pprintBlock('1970-01-01 00:00:10'),
    );
    const rows: { row: string }[] = await database.db.query(
      `SELECT concat_ws(' | ', id, nombre, DATE_FORMAT(ultimoLogin, '%Y-%m-%d %H:%i:%s')) AS \`row\`
       FROM \`${database.name}\`.usuarios ORDER BY id`,
    );
    expect(rows.map(({ row }) => row)).toEqual([
      '1 | Aitor Medrano | 2022-05-13 13:36:58',
      '2 | Pedro Casas | 2022-05-14 13:46:58',
      '3 | Laura García | 2022-05-15 13:56:58',
      '4 | Mª Josep Vidal | 2022-05-16 14:06:58',
    ]);
  });
});
