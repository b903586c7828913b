/**
 * Diagnostics behind docs/performance.md's advice on drizzle vs prepared statements, measured on the
 * national dataset in the same run (not targets): per-row inserts, lookups, session resolution.
 */
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { reportValues, reports } from '../db/schema';
import { findReport } from '../db/repo/reports';
import { createSession, hashToken, resolveSession } from '../server/auth/sessions';
import { copyDb } from './dataset';
import { fmt, median } from './measure';

export interface MicroResult {
  name: string;
  drizzle: number;
  prepared: number;
  raw: number;
  unit: string;
}

function perOp(n: number, fn: () => void, reps = 3): number {
  const out: number[] = [];
  fn(); // warm-up
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    out.push(((performance.now() - t) / n) * 1000);
  }
  return median(out);
}

export function benchMicro(nationalFile: string, scratchFile: string): MicroResult[] {
  copyDb(nationalFile, scratchFile);
  const { db, sqlite } = openDatabase(scratchFile, { migrate: false });
  const out: MicroResult[] = [];

  // Lookups: the report of a unit for a period (findReport), 5,000 times.
  const keys = sqlite.prepare('select unit_code as u, period_id as p from reports limit 5000').all() as { u: string; p: number }[];
  const prepared = db
    .select()
    .from(reports)
    .where(and(eq(reports.unitCode, sql.placeholder('u')), eq(reports.periodId, sql.placeholder('p'))))
    .prepare();
  const raw = sqlite.prepare('select * from reports where unit_code = ? and period_id = ?');
  out.push({
    name: 'lookup: one report by unit + period (findReport), µs',
    drizzle: perOp(keys.length, () => keys.forEach((k) => findReport(db, k.u, k.p))),
    prepared: perOp(keys.length, () => keys.forEach((k) => prepared.get({ u: k.u, p: k.p }))),
    raw: perOp(keys.length, () => keys.forEach((k) => raw.get(k.u, k.p))),
    unit: 'µs per lookup',
  });

  // Inserts: 12,000 value rows into fresh version ids, inside one transaction, rolled back each time.
  const versionIds = (sqlite.prepare('select id from report_versions order by id limit 1000').all() as { id: number }[]).map((r) => r.id);
  const rows = versionIds.flatMap((versionId) =>
    Array.from({ length: 12 }, (_, i) => ({ versionId, indicatorCode: `X-${i}`, numerator: i, denominator: 12, note: '基准测试' })),
  );
  const inTx = (fn: () => void) => () => {
    sqlite.exec('begin');
    try {
      fn();
    } finally {
      sqlite.exec('rollback');
    }
  };
  const ins = sqlite.prepare('insert into report_values (version_id, indicator_code, numerator, denominator, note) values (?, ?, ?, ?, ?)');
  const preparedIns = db
    .insert(reportValues)
    .values({
      versionId: sql.placeholder('versionId'),
      indicatorCode: sql.placeholder('indicatorCode'),
      numerator: sql.placeholder('numerator'),
      denominator: sql.placeholder('denominator'),
      note: sql.placeholder('note'),
    })
    .prepare();
  out.push({
    name: 'insert: one value row, per-row statements, µs/row',
    drizzle: perOp(rows.length, inTx(() => rows.forEach((r) => db.insert(reportValues).values(r).run()))),
    prepared: perOp(rows.length, inTx(() => rows.forEach((r) => preparedIns.run(r)))),
    raw: perOp(rows.length, inTx(() => rows.forEach((r) => ins.run(r.versionId, r.indicatorCode, r.numerator, r.denominator, r.note)))),
    unit: 'µs per row',
  });
  out.push({
    name: 'insert: 12 rows of a version as one multi-row drizzle insert (writeValues), µs/row',
    drizzle: perOp(rows.length, inTx(() => versionIds.forEach((_, i) => db.insert(reportValues).values(rows.slice(i * 12, i * 12 + 12)).run()))),
    prepared: NaN,
    raw: perOp(rows.length, inTx(() => rows.forEach((r) => ins.run(r.versionId, r.indicatorCode, r.numerator, r.denominator, r.note)))),
    unit: 'µs per row',
  });

  // Session resolution (every authenticated request): resolveSession vs the fast path's prepared lookup.
  const leader = sqlite.prepare("select id from accounts where username = 'leader'").get() as { id: number };
  const now = new Date('2019-01-25T02:00:00.000Z');
  const token = createSession(db, leader.id, now, {});
  const sessionRaw = sqlite.prepare(
    'select s.last_seen_at, a.id, a.username, a.display_name, a.role, a.active, o.code, o.name, o.level, o.parent_code from sessions s join accounts a on a.id = s.account_id join org_units o on o.code = a.unit_code where s.token_hash = ?',
  );
  const n = 5000;
  out.push({
    name: 'session lookup per request (resolveSession; raw incl. token hash), µs',
    drizzle: perOp(n, () => {
      for (let i = 0; i < n; i++) resolveSession(db, token, now);
    }),
    prepared: NaN,
    raw: perOp(n, () => {
      for (let i = 0; i < n; i++) sessionRaw.get(hashToken(token));
    }),
    unit: 'µs per request',
  });
  sqlite.close();
  return out;
}

export function microTable(rows: MicroResult[]): string {
  const lines = ['| operation | drizzle as used | drizzle .prepare() | raw better-sqlite3 prepared | drizzle ÷ raw |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    const p = Number.isFinite(r.prepared) ? `${fmt(r.prepared, 1)}` : '—';
    lines.push(`| ${r.name} | ${fmt(r.drizzle, 1)} | ${p} | ${fmt(r.raw, 1)} | ${fmt(r.drizzle / r.raw, 1)}× |`);
  }
  return lines.join('\n');
}
