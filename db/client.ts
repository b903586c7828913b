import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';
import { sealLegacyAuditRows } from './audit-chain';
import { sealUnhashedVersions } from './repo/version-hash';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The database or a transaction on it: what helpers that read and write take. */
export type Queryable = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export interface Database_ {
  db: DB;
  sqlite: Database.Database;
  close(): void;
}

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating if needed) the SQLite file, sets the pragmas we rely on and applies migrations. */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Database_ {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as DB;
  if (opts.migrate !== false) {
    migrate(db, { migrationsFolder: MIGRATIONS });
    // Rows written before the audit hash chain existed are sealed once (a no-op afterwards).
    sealLegacyAuditRows(sqlite);
    // Submitted report versions from before the 回执 hash existed get theirs once (a no-op afterwards).
    sealUnhashedVersions(db);
  }
  return { db, sqlite, close: () => sqlite.close() };
}

export { schema };

/**
 * The better-sqlite3 connection behind a drizzle database or one of its transactions (one
 * connection: statements run on it join the open transaction), and statements prepared once per
 * connection. For hot paths where drizzle's per-call query building costs 10× a prepared statement
 * (docs/performance.md); the SQL stays behind the repo and service functions that own it.
 */
export function sqliteOf(db: Queryable): Database.Database {
  const client = (db as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client) throw new Error('sqliteOf: not a better-sqlite3 drizzle database');
  return client;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `sqlite.prepare(text)`, once per connection and text. */
export function prepared(db: Queryable, text: string): Database.Statement {
  const client = sqliteOf(db);
  let perDb = statements.get(client);
  if (!perDb) statements.set(client, (perDb = new Map()));
  let stmt = perDb.get(text);
  if (!stmt) perDb.set(text, (stmt = client.prepare(text)));
  return stmt;
}

const runners = new WeakMap<Database.Database, (fn: () => unknown) => unknown>();

/**
 * `db.transaction(fn)` for hot write paths: runs `fn` in one transaction on the connection behind
 * `db` (a savepoint when one is already open) and hands it `db` itself. Drizzle queries and prepared
 * statements on `db` run on that one connection, so they join the transaction; an exception rolls it
 * back. It saves building drizzle's transaction object (its constructor sets up a query builder per
 * table of the schema, ≈ 3% of a submission, docs/performance.md).
 */
export function transaction<T>(db: Queryable, fn: (tx: Queryable) => T): T {
  const client = sqliteOf(db);
  let run = runners.get(client);
  if (!run) runners.set(client, (run = client.transaction((f: () => unknown) => f())));
  return run(() => fn(db)) as T;
}
