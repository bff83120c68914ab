/**
 * A MariaDB database of its own for one test (the local server: MARIADB_URL, else
 * mariadb://root@127.0.0.1:3306/test), so parallel runs never share tables; `drop()` removes it with
 * everything in it.
 */
import { randomUUID } from 'node:crypto';
import { createConnection, type Connection } from 'mariadb';

export const MARIADB_URL = process.env['MARIADB_URL'] ?? 'mariadb://root@127.0.0.1:3306/test';

/** A connection and a fresh database name (the database is created by the code under test). */
export interface TestDatabase {
  readonly name: string;
  readonly db: Connection;
  drop(): Promise<void>;
}

export async function newTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const db = await createConnection(MARIADB_URL);
  return {
    name,
    db,
    drop: async () => {
      await db.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await db.end();
    },
  };
}
