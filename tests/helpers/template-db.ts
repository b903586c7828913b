import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import { seedIfEmpty } from '../../db/seed';

export const TEMPLATE_DIR = path.join(os.tmpdir(), 'zwgk-test-template');
export const TEMPLATE_DB = path.join(TEMPLATE_DIR, 'seeded.db');
/** The demo story is generated "as of" this moment, so tests see the same data every run. */
export const TEMPLATE_NOW = new Date('2019-03-01T02:00:00.000Z');

/**
 * vitest globalSetup: one fully seeded database (divisions, 2018 scheme, demo accounts and story),
 * built once per run. Each test file copies it, so no test shares mutable rows with another.
 */
export default async function setup() {
  fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const { db, sqlite } = openDatabase(TEMPLATE_DB);
  await seedIfEmpty(db, { demo: true, now: TEMPLATE_NOW });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}
