/**
 * Row 2 — bulk write of a deadline day's submissions.
 *
 * Ours: on a copy of the dataset as it stood on the morning of the Q4 due date (the synthetic units'
 * Q4 reports removed), every synthetic city and county submits its Q4 report through the real
 * `saveReport` (one transaction per submission, as the HTTP procedure does): validation against
 * the previous accepted quarter, report + version 1, values, review action, notice to the reviewer,
 * audit row with before/after values, and the stored figures kept current (built first, as a
 * deadline day finds them: the annual ranking, the Q4 progress ranking, the dashboards' facts).
 *
 * Limit (issue #15: ≥ 0.5×): exactly the rows that run wrote (read back from it) inserted into a
 * fresh copy with raw prepared better-sqlite3 statements, one transaction per submission, as the real
 * path must commit each HTTP submission. Rows/s = inserted rows / time. Diagnostic: the same rows in
 * one single transaction (what no per-submission path can reach: it saves 3,000 commits).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { createServices } from '../server/context';
import { saveReport, type WorkflowCtx } from '../server/services/reporting';
import { storedScores } from '../server/services/derived/stored-scores';
import { progressStore } from '../server/services/derived/progress';
import { DEADLINE_DAY, DEADLINE_NOW, copyDb, type Dataset } from './dataset';
import { fmt, median, type Row } from './measure';

const TABLES = ['reports', 'report_versions', 'report_values', 'review_actions', 'notices', 'audit_log'] as const;
type Table = (typeof TABLES)[number];

const COLUMNS: Record<Table, string[]> = {
  reports: ['id', 'unit_code', 'period_id', 'status', 'current_version', 'revision', 'first_submitted_at', 'last_submitted_at', 'return_reason', 'updated_at'],
  report_versions: ['id', 'report_id', 'version', 'created_at', 'created_by', 'submitted_at', 'submitted_by', 'source'],
  report_values: ['version_id', 'indicator_code', 'date', 'numerator', 'denominator', 'count', 'yes', 'extra', 'evidence_url', 'evidence_file', 'note'],
  review_actions: ['id', 'report_id', 'version', 'action', 'reason', 'account_id', 'at'],
  notices: ['id', 'unit_code', 'kind', 'title', 'body', 'report_id', 'created_at', 'read_at'],
  audit_log: ['id', 'at', 'account_id', 'username', 'action', 'entity', 'entity_id', 'unit_code', 'report_id', 'before', 'after', 'ip', 'prev_hash', 'hash'],
};
const INSERT_SQL: Record<Table, string> = {
  reports: 'insert into reports (id, unit_code, period_id, status, current_version, revision, first_submitted_at, last_submitted_at, return_reason, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  report_versions: 'insert into report_versions (id, report_id, version, created_at, created_by, submitted_at, submitted_by, source) values (?, ?, ?, ?, ?, ?, ?, ?)',
  report_values: 'insert into report_values (version_id, indicator_code, date, numerator, denominator, count, yes, extra, evidence_url, evidence_file, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  review_actions: 'insert into review_actions (id, report_id, version, action, reason, account_id, at) values (?, ?, ?, ?, ?, ?, ?)',
  notices: 'insert into notices (id, unit_code, kind, title, body, report_id, created_at, read_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  audit_log: 'insert into audit_log (id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
};
const COUNT_SQL: Record<Table, string> = {
  reports: 'select count(*) as n from reports',
  report_versions: 'select count(*) as n from report_versions',
  report_values: 'select count(*) as n from report_values',
  review_actions: 'select count(*) as n from review_actions',
  notices: 'select count(*) as n from notices',
  audit_log: 'select count(*) as n from audit_log',
};

interface Written {
  rows: Record<Table, Record<string, unknown>[]>;
  total: number;
}

function counts(sqlite: Database.Database): Record<Table, number> {
  const out = {} as Record<Table, number>;
  for (const t of TABLES) out[t] = (sqlite.prepare(COUNT_SQL[t]).get() as { n: number }).n;
  return out;
}

/** The real path on a fresh copy; returns the time and the rows it inserted. */
function realRun(ds: Dataset, deadlineFile: string, work: string, keepRows: boolean, stored = true): { ms: number; rows: number; perTable: Record<Table, number>; written: Written | null } {
  copyDb(deadlineFile, work);
  const { db, sqlite } = openDatabase(work, { migrate: false });
  const services = createServices({ db, sqlite, dataDir: path.dirname(work), now: () => DEADLINE_NOW });
  // The stored figures a deadline day reads, built before the clock starts (as in production, where
  // the first ranking or overview of the day built them): every submission then keeps them current
  // in its own transaction — the unit and its city rescored in each stored view, the dashboard facts.
  if (stored) {
    storedScores(db, services.units, { year: 2018 });
    storedScores(db, services.units, { year: 2018, periodCode: '2018Q4', basis: 'submitted' });
    progressStore(db, services.units, 2018);
  }
  const before = counts(sqlite);
  const maxIds = {
    reports: (sqlite.prepare('select coalesce(max(id), 0) as m from reports').get() as { m: number }).m,
    audit: (sqlite.prepare('select coalesce(max(id), 0) as m from audit_log').get() as { m: number }).m,
    review: (sqlite.prepare('select coalesce(max(id), 0) as m from review_actions').get() as { m: number }).m,
    notices: (sqlite.prepare('select coalesce(max(id), 0) as m from notices').get() as { m: number }).m,
    versions: (sqlite.prepare('select coalesce(max(id), 0) as m from report_versions').get() as { m: number }).m,
  };
  const inputs = ds.units.map((u) => ({
    u,
    values: ds.story(u.code).valuesFor(4, DEADLINE_DAY),
    user: {
      accountId: u.accountId,
      username: u.code,
      displayName: `${u.name}住房和城乡建设局`,
      role: u.level,
      unitCode: u.code,
      unitName: u.name,
      unitLevel: u.level,
      unitParentCode: u.parentCode,
      mustChangePassword: false,
    } as const,
  }));
  const t = performance.now();
  for (const { u, values, user } of inputs) {
    const ctx: WorkflowCtx = { db, units: services.units, user, actor: { accountId: user.accountId, username: user.username, ip: '10.1.2.3' }, now: DEADLINE_NOW };
    saveReport(ctx, { unitCode: u.code, periodCode: '2018Q4', revision: 0, values, mode: 'submit', source: 'web' });
  }
  const elapsed = performance.now() - t;
  const after = counts(sqlite);
  const perTable = {} as Record<Table, number>;
  let rows = 0;
  for (const tb of TABLES) {
    perTable[tb] = after[tb] - before[tb];
    rows += perTable[tb];
  }
  let written: Written | null = null;
  if (keepRows) {
    const all = (sql: string, id: number) => sqlite.prepare(sql).all(id) as Record<string, unknown>[];
    written = {
      total: rows,
      rows: {
        reports: all('select * from reports where id > ? order by id', maxIds.reports),
        report_versions: all('select * from report_versions where id > ? order by id', maxIds.versions),
        report_values: all('select * from report_values where version_id > ? order by rowid', maxIds.versions),
        review_actions: all('select * from review_actions where id > ? order by id', maxIds.review),
        notices: all('select * from notices where id > ? order by id', maxIds.notices),
        audit_log: all('select * from audit_log where id > ? order by id', maxIds.audit),
      },
    };
  }
  sqlite.close();
  return { ms: elapsed, rows, perTable, written };
}

/** The same rows with raw prepared inserts in one transaction, on a fresh copy. */
function rawRun(deadlineFile: string, work: string, written: Written): number {
  copyDb(deadlineFile, work);
  const { sqlite } = openDatabase(work, { migrate: false });
  const statements = TABLES.map((tb) => ({ tb, cols: COLUMNS[tb], stmt: sqlite.prepare(INSERT_SQL[tb]) }));
  // Row tuples are built before the clock starts: the limit measures the inserts only.
  const tuples = statements.map(({ tb, cols }) => written.rows[tb].map((r) => cols.map((c) => r[c])));
  const t = performance.now();
  sqlite.transaction(() => {
    statements.forEach(({ stmt }, i) => {
      for (const tuple of tuples[i]) stmt.run(tuple);
    });
  })();
  const elapsed = performance.now() - t;
  sqlite.close();
  return elapsed;
}

/**
 * Diagnostic: the same rows, raw prepared inserts, but one transaction per submission (as the real
 * path commits): separates the cost of 3,000 commits from the cost of drizzle and the reads.
 */
function rawRunPerSubmission(deadlineFile: string, work: string, written: Written): number {
  copyDb(deadlineFile, work);
  const { sqlite } = openDatabase(work, { migrate: false });
  const stmts = Object.fromEntries(TABLES.map((tb) => [tb, sqlite.prepare(INSERT_SQL[tb])])) as Record<Table, Database.Statement>;
  const tuple = (tb: Table, r: Record<string, unknown>) => COLUMNS[tb].map((c) => r[c]);
  const reportOfVersion = new Map(written.rows.report_versions.map((v) => [v.id as number, v.report_id as number]));
  const groups = new Map<number, [Table, unknown[]][]>();
  const push = (reportId: number, tb: Table, r: Record<string, unknown>) => {
    let g = groups.get(reportId);
    if (!g) groups.set(reportId, (g = []));
    g.push([tb, tuple(tb, r)]);
  };
  for (const r of written.rows.reports) push(r.id as number, 'reports', r);
  for (const r of written.rows.report_versions) push(r.report_id as number, 'report_versions', r);
  for (const r of written.rows.report_values) push(reportOfVersion.get(r.version_id as number)!, 'report_values', r);
  for (const tb of ['review_actions', 'notices', 'audit_log'] as const) for (const r of written.rows[tb]) push(r.report_id as number, tb, r);
  const one = sqlite.transaction((g: [Table, unknown[]][]) => {
    for (const [tb, values] of g) stmts[tb].run(values);
  });
  const t = performance.now();
  for (const g of groups.values()) one(g);
  const elapsed = performance.now() - t;
  sqlite.close();
  return elapsed;
}

export async function benchBulkWrite(ds: Dataset, deadlineFile: string, runs: number): Promise<Row> {
  const work = path.join(ds.dir, 'bulk-work.db');
  // Warm-up (and the rows the raw limit replays).
  const first = realRun(ds, deadlineFile, work, true);
  const written = first.written!;
  rawRun(deadlineFile, work, written);
  const ours: number[] = [];
  const limit: number[] = [];
  const perTx: number[] = [];
  const writePathOnly: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(realRun(ds, deadlineFile, work, false).ms);
    writePathOnly.push(realRun(ds, deadlineFile, work, false, false).ms);
    limit.push(rawRun(deadlineFile, work, written));
    perTx.push(rawRunPerSubmission(deadlineFile, work, written));
  }
  for (const f of [work, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
  const o = median(ours);
  const l = median(perTx);
  const oursRate = (written.total / o) * 1000;
  const limitRate = (written.total / l) * 1000;
  const ratio = oursRate / limitRate;
  return {
    id: 'bulk-write',
    figure: `bulk write of a deadline day: ${ds.units.length.toLocaleString('en-US')} submissions, ${written.total.toLocaleString('en-US')} rows (saveReport, 1 tx each, stored figures kept)`,
    ours: oursRate,
    oursLabel: `${fmt(oursRate)} rows/s (${fmt(o / 1000, 2)} s; ${fmt((o * 1000) / ds.units.length)} µs per submission)`,
    limit: limitRate,
    limitLabel: `${fmt(limitRate)} rows/s raw, 1 tx per submission (${fmt(l / 1000, 2)} s; ${fmt((l * 1000) / ds.units.length)} µs each)`,
    ratio,
    target: '≥ 0.50× of raw with 1 tx per submission',
    pass: ratio >= 0.5,
    detail: {
      oursMs: ours,
      limitMs: limit,
      rawOneTxPerSubmissionMs: perTx,
      rawOneTxPerSubmissionRowsPerSec: limitRate,
      rawOneTxMs: limit,
      rawOneTxRowsPerSec: (written.total / median(limit)) * 1000,
      rows: written.total,
      perTable: first.perTable,
      warmupMs: first.ms,
      perSubmissionMs: o / ds.units.length,
      // Diagnostic: the same submissions with no stored figures to keep (the write path alone).
      writePathOnlyMs: writePathOnly,
      writePathOnlyPerSubmissionMs: median(writePathOnly) / ds.units.length,
      writePathOnlyRatio: l / median(writePathOnly),
    },
  };
}
