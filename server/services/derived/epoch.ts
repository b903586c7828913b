import { sql } from 'drizzle-orm';
import { prepared, type Queryable } from '../../../db/client';

/**
 * Whether the stored figures (db/schema/derived.ts) are current. Triggers bump `epoch` on every
 * change of a scoring input, whoever writes it; a write service that updated the stored figures in
 * its transaction sets `synced` = `epoch` (services/derived/keep.ts). Anything else — a write path
 * that does not keep them (the ledger, org units, a script, a test) — leaves them apart, and the
 * next reader drops every stored figure; views are then rebuilt from scratch as they are asked for.
 */
export function derivedEpoch(db: Queryable): { epoch: number; synced: number } {
  // Prepared once per connection: every write's keeper reads it (docs/performance.md §2).
  return (prepared(db, 'select epoch, synced from derived_state where id = 1').get() as { epoch: number; synced: number } | undefined) ?? { epoch: 0, synced: 0 };
}

export function markSynced(db: Queryable): void {
  prepared(db, 'update derived_state set synced = epoch where id = 1').run();
}

/** Drops every stored figure of a year (a scheme or period change) or of all years. */
export function dropDerived(db: Queryable, year?: number): void {
  const where = year === undefined ? sql`1 = 1` : sql`year = ${year}`;
  db.run(sql`delete from unit_scores where ${where}`);
  db.run(sql`delete from progress_facts where ${where}`);
  db.run(sql`delete from progress_sums where ${where}`);
  db.run(sql`delete from derived_views where ${where}`);
}

/**
 * Makes the stored figures usable for a read: when some write was not followed by their update,
 * drops them all. False when they cannot be used (the database refuses writes): the reader then
 * computes from scratch.
 */
export function ensureSynced(db: Queryable): boolean {
  const s = derivedEpoch(db);
  if (s.epoch === s.synced) return true;
  try {
    db.transaction((tx) => {
      dropDerived(tx);
      markSynced(tx);
    });
    return true;
  } catch (err) {
    if (cannotWrite(err)) return false;
    throw err;
  }
}

/** The database refuses writes (read-only or full disk): stored figures are then computed, not stored. */
export function cannotWrite(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY)/.test(code);
}

/** Whether a view's figures are stored (`view` '' = the annual assessment; basis 'progress' = the dashboards' facts). */
export function isBuilt(db: Queryable, year: number, view: string, basis: string): boolean {
  return prepared(db, 'select 1 from derived_views where year = ? and view = ? and basis = ?').get(year, view, basis) !== undefined;
}

export function builtViews(db: Queryable, year: number): { view: string; basis: string }[] {
  return prepared(db, 'select view, basis from derived_views where year = ?').all(year) as { view: string; basis: string }[];
}

export function markBuilt(db: Queryable, year: number, view: string, basis: string, at: Date): void {
  db.run(sql`insert or replace into derived_views (year, view, basis, built_at) values (${year}, ${view}, ${basis}, ${at.toISOString()})`);
}
