/**
 * Row 7 — verifying 1 million audit rows (`npm run audit:verify`, db/audit-chain.ts).
 *
 * The national dataset's audit log is extended to 1,000,000 rows by appending copies of its own rows
 * (same sizes: report values in before/after), each chained with its real SHA-256 as the app writes
 * them. Ours: `verifyAuditChain` — read every row, rebuild its canonical serialisation, SHA-256,
 * compare with the stored hash and link. Limit: the same rows read with the same raw statement and
 * nothing else (the floor any check must pay). Target: under 10 s.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { auditRowHash, verifyAuditChain, type RawAuditRow } from '../db/audit-chain';
import { copyDb } from './dataset';
import { fmt, median, ms, type Row } from './measure';

export const AUDIT_BENCH_ROWS = 1_000_000;

function fillTo(file: string, total: number): { appendMs: number } {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -262144');
  const t = performance.now();
  const have = (sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
  const sample = sqlite
    .prepare('select id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash from audit_log order by id limit 20000')
    .raw()
    .all() as RawAuditRow[];
  let prev = (sqlite.prepare('select hash from audit_log order by id desc limit 1').get() as { hash: string }).hash;
  const ins = sqlite.prepare(
    'insert into audit_log (at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const at0 = Date.parse('2019-02-01T00:00:00Z');
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const s = sample[i % sample.length];
      const f = { at: new Date(at0 + i * 1000).toISOString(), accountId: s[2], username: s[3], action: s[4], entity: s[5], entityId: s[6], unitCode: s[7], reportId: s[8], before: s[9], after: s[10], ip: s[11] };
      const hash = auditRowHash(prev, f);
      ins.run(f.at, f.accountId, f.username, f.action, f.entity, f.entityId, f.unitCode, f.reportId, f.before, f.after, f.ip, prev, hash);
      prev = hash;
    }
  });
  for (let i = have; i < total; i += 50_000) batch(i, Math.min(total, i + 50_000));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { appendMs: performance.now() - t };
}

export function benchAuditVerify(datasetFile: string, dir: string, runs: number, log: (s: string) => void, total = AUDIT_BENCH_ROWS): Row {
  const file = path.join(dir, 'audit-1m.db');
  copyDb(datasetFile, file);
  const { appendMs } = fillTo(file, total);
  const sqlite = new Database(file, { readonly: true });
  const bytes = (sqlite.prepare("select sum(length(coalesce(before, '')) + length(coalesce(after, ''))) as b from audit_log").get() as { b: number }).b;
  log(`  (audit log filled to ${fmt(total)} rows in ${ms(appendMs)}; before/after JSON ${fmt(bytes / 1024 / 1024)} MB)`);
  const scan = sqlite.prepare('select id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash from audit_log order by id').raw();
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const limit: number[] = [];
  let rows = 0;
  for (let i = 0; i <= runs; i++) {
    let t = performance.now();
    let n = 0;
    for (const r of scan.iterate() as IterableIterator<RawAuditRow>) if (r[0]) n++;
    const l = performance.now() - t;
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const report = verifyAuditChain(sqlite);
    const o = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    if (!report.ok) throw new Error(`bench audit chain broken at ${report.firstBroken?.id}`);
    rows = report.rows;
    if (n !== rows) throw new Error('scan and verify saw different row counts');
    if (i > 0) {
      ours.push(o);
      oursCpu.push((cpu.user + cpu.system) / 1000);
      limit.push(l);
    }
  }
  sqlite.close();
  const o = median(ours);
  const l = median(limit);
  return {
    id: 'audit-verify',
    figure: `verify the audit hash chain (${fmt(rows)} rows; verifyAuditChain)`,
    ours: o,
    // On a shared machine the wall time is inflated by other processes; the CPU time says what the check costs.
    oursLabel: `${ms(o)} (CPU ${ms(median(oursCpu))})`,
    limit: l,
    limitLabel: `${ms(l)} (raw read of the same rows)`,
    ratio: o / l,
    target: '< 10 s',
    pass: o < 10_000,
    detail: { oursMs: ours, oursCpuMs: oursCpu, limitMs: limit, rows, appendMs, jsonBytes: bytes },
  };
}
