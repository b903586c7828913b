import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import { seedIfEmpty } from '../../db/seed';

/**
 * Each vitest run builds its own template (the path travels to the test workers in the
 * environment), so two runs at once never rebuild each other's database.
 */
export const TEMPLATE_DB = process.env.ZWGK_TEMPLATE_DB ?? path.join(os.tmpdir(), `zwgk-test-template-${process.pid}`, 'seeded.db');
const TEMPLATE_DIR = path.dirname(TEMPLATE_DB);
/** The demo story is generated "as of" this moment, so tests see the same data every run. */
export const TEMPLATE_NOW = new Date('2019-03-01T02:00:00.000Z');

/**
 * vitest globalSetup: one fully seeded database (divisions, 2018 scheme, demo accounts and story),
 * built once per run. Each test file copies it, so no test shares mutable rows with another.
 */
export default async function setup() {
  process.env.ZWGK_TEMPLATE_DB = TEMPLATE_DB;
  fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const { db, sqlite } = openDatabase(TEMPLATE_DB);
  await seedIfEmpty(db, { demo: true, now: TEMPLATE_NOW });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return () => fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
}
