/**
 * A PostgreSQL schema of its own for one test (the local server: DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test), so parallel runs never share tables; `drop()` removes
 * it with everything in it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A connected client and a fresh, empty schema name (created by the code under test). */
export interface TestSchema {
  readonly name: string;
  readonly db: pg.Client;
  drop(): Promise<void>;
}

export async function newTestSchema(prefix: string): Promise<TestSchema> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  return {
    name,
    db,
    drop: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await db.end();
    },
  };
}
