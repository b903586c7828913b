import Database from 'better-sqlite3';

/**
 * Removes every report of a period from a test database copy, so that all units can report it
 * afresh (as on the day a period opens). Versions, values, actions and notices go with them.
 */
export function clearPeriod(dbFile: string, periodCode: string): void {
  const db = new Database(dbFile);
  db.pragma('foreign_keys = ON');
  const p = db.prepare('select id from periods where code = ?').get(periodCode) as { id: number } | undefined;
  if (!p) throw new Error(`no period ${periodCode}`);
  db.prepare('delete from due_extensions where period_id = ?').run(p.id);
  db.prepare('delete from reports where period_id = ?').run(p.id);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** All reporting units (cities and counties) of the demo province. */
export function reportingUnits(dbFile: string): { code: string; level: string }[] {
  const db = new Database(dbFile, { readonly: true });
  const rows = db.prepare(`select code, level from org_units where level in ('city','county') order by code`).all() as { code: string; level: string }[];
  db.close();
  return rows;
}
