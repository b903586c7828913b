import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from './client';
import { GENESIS_HASH, appendAuditRows, auditRowHash, sealLegacyAuditRows, verifyAuditChain } from './audit-chain';
import type { Queryable } from './client';
import { AUDIT_RETENTION_DAYS, archiveAuditLog, verifyArchiveFile } from './audit-archive';
import { copyTemplateDb } from '../tests/helpers/test-server';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function demoCopy() {
  const c = copyTemplateDb();
  dirs.push(c.dir);
  return c;
}

/** `npm run audit:verify` exactly as an operator runs it, on a database file. */
async function auditVerify(file: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run('npm', ['run', '-s', 'audit:verify', '--', '--db', file, ...args], { encoding: 'utf8' });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Someone with the database file: drops the triggers first, then edits. */
function withFileAccess(file: string, edit: (db: Database.Database) => void) {
  const db = new Database(file);
  db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete; drop trigger audit_log_insert_chained;');
  edit(db);
  db.close();
}

describe('audit hash chain', () => {
  it('the seeded demo database verifies, through the npm script', async () => {
    const { file } = demoCopy();
    const res = await auditVerify(file);
    expect(res.out).toMatch(/审计日志完整：共 \d+ 行，自第一行起/);
    expect(res.code).toBe(0);
  });

  it('a row edited in the file (triggers dropped first) fails verification, naming that row', async () => {
    const { file } = demoCopy();
    let target!: { id: number; at: string; action: string; after: string };
    withFileAccess(file, (db) => {
      target = db.prepare("select id, at, action, after from audit_log where action = 'report.return' order by id limit 1 offset 3").get() as typeof target;
      db.prepare('update audit_log set after = ? where id = ?').run(target.after.replace('"returned"', '"accepted"'), target.id);
    });
    const res = await auditVerify(file);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`第一处异常在第 ${target.id} 行`);
    expect(res.out).toContain('退回报告（report.return）');
    expect(res.out).toContain('本行内容与其哈希不符');
  });

  it('a row recomputed to match its own hash still breaks the link to the next row', () => {
    const { file } = demoCopy();
    withFileAccess(file, (db) => {
      const r = db.prepare('select * from audit_log where id = 10').get() as Record<string, never>;
      const username = 'someone-else';
      const hash = auditRowHash(r.prev_hash, { at: r.at, accountId: r.account_id, username, action: r.action, entity: r.entity, entityId: r.entity_id, unitCode: r.unit_code, reportId: r.report_id, before: r.before, after: r.after, ip: r.ip });
      db.prepare('update audit_log set username = ?, hash = ? where id = 10').run(username, hash);
    });
    const db = new Database(file, { readonly: true });
    const report = verifyAuditChain(db);
    expect(report.firstBroken).toMatchObject({ id: 11, reason: expect.stringContaining('不衔接') });
    db.close();
  });

  it('a deleted row is found at the row after it; rows deleted from the end by the AUTOINCREMENT counter', () => {
    const { file } = demoCopy();
    withFileAccess(file, (db) => db.prepare('delete from audit_log where id = 42').run());
    let db = new Database(file, { readonly: true });
    expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: 43 });
    db.close();

    const second = demoCopy();
    let max = 0;
    withFileAccess(second.file, (d) => {
      max = (d.prepare('select max(id) as m from audit_log').get() as { m: number }).m;
      d.prepare('delete from audit_log where id >= ?').run(max - 1);
    });
    db = new Database(second.file, { readonly: true });
    expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: max - 1, reason: expect.stringContaining('表尾') });
    db.close();
  });

  it('the writer (JavaScript) and the verifier (SQLite) build the same canonical bytes, whatever the values', () => {
    const { file } = demoCopy();
    const { db, sqlite, close } = openDatabase(file);
    const odd = ['', '~', '12:ab', '引号"与\\反斜杠\n换行', '😀 emoji', 'a'.repeat(5000)];
    db.transaction((tx) =>
      appendAuditRows(
        tx,
        odd.map((v, i) => ({ at: '2019-02-01T00:00:00.000Z', accountId: i, username: v, action: 'report.flag', entity: v || 'x', entityId: v, unitCode: null, reportId: i * 1000, before: { v }, after: v, ip: v })),
      ),
    );
    expect(verifyAuditChain(sqlite)).toMatchObject({ ok: true, firstBroken: null });
    close();
  });

  it('the triggers refuse UPDATE, DELETE, INSERT OR REPLACE, a row without hashes and a fork', () => {
    const { file } = demoCopy();
    const { sqlite, close } = openDatabase(file);
    const count = () => (sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const n = count();
    expect(() => sqlite.prepare("update audit_log set username = 'x' where id = 5").run()).toThrow('审计日志不可修改');
    expect(() => sqlite.prepare("update audit_log set hash = 'x' where id = 5").run()).toThrow('审计日志不可修改');
    expect(() => sqlite.prepare('delete from audit_log where id = 5').run()).toThrow(/审计日志不可删除/);
    expect(() => sqlite.prepare('delete from audit_log').run()).toThrow(/审计日志不可删除/);
    const r = sqlite.prepare('select * from audit_log where id = 5').get() as Record<string, unknown>;
    expect(() =>
      sqlite
        .prepare("insert or replace into audit_log (id, at, action, entity, prev_hash, hash) values (5, ?, 'report.submit', 'report', ?, ?)")
        .run(r.at, 'f'.repeat(64), 'e'.repeat(64)),
    ).toThrow(/只能追加/);
    expect(() => sqlite.prepare("insert into audit_log (at, action, entity) values ('2019-01-01T00:00:00.000Z', 'report.submit', 'report')").run()).toThrow(/只能追加/);
    // A second row chained to a predecessor that already has a successor.
    expect(() =>
      sqlite.prepare("insert into audit_log (at, action, entity, prev_hash, hash) values ('2019-01-01T00:00:00.000Z', 'report.submit', 'report', ?, ?)").run(r.prev_hash, 'd'.repeat(64)),
    ).toThrow(/只能追加/);
    expect(count()).toBe(n);
    expect(verifyAuditChain(sqlite).ok).toBe(true);
    close();
  });

  it('two writers cannot chain to the same tail: the stale one fails, the chain stays linear', () => {
    const { file } = demoCopy();
    const a = openDatabase(file);
    const b = openDatabase(file);
    const remind = (db: Queryable, unit: string) =>
      appendAuditRows(db, [
        { at: '2019-02-01T00:00:00.000Z', accountId: null, username: 'test', action: 'period.remind', entity: 'period', entityId: '2018Q4', unitCode: null, reportId: null, before: null, after: { units: [unit] }, ip: null },
      ]);
    // A reads (its snapshot) … B appends and commits … A appends on its stale snapshot.
    const attempt = () =>
      a.db.transaction((tx) => {
        verifyAuditChain(a.sqlite);
        b.db.transaction((btx) => remind(btx, '330106'));
        remind(tx, '330108');
      });
    expect(attempt).toThrow(/SQLITE_BUSY|database is locked/i);
    // Both in turn succeed.
    a.db.transaction((tx) => remind(tx, '330108'));
    const report = verifyAuditChain(b.sqlite);
    expect(report.ok).toBe(true);
    const tail = b.sqlite.prepare('select after from audit_log order by id desc limit 2').all() as { after: string }[];
    expect(tail.map((t) => JSON.parse(t.after).units[0])).toEqual(['330108', '330106']);
    a.close();
    b.close();
  });

  it('rows written before the chain existed are sealed once at start, and then verify', () => {
    const { file } = demoCopy();
    // The state of a database migrated from before the chain: hashes NULL, triggers in place.
    const triggers = (new Database(file).prepare("select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'").all() as { sql: string }[]).map((t) => t.sql);
    withFileAccess(file, (db) => db.prepare('update audit_log set prev_hash = null, hash = null').run());
    let db = new Database(file);
    for (const t of triggers) db.exec(t);
    expect(verifyAuditChain(db).ok).toBe(false);
    expect(sealLegacyAuditRows(db)).toBeGreaterThan(1000);
    expect(sealLegacyAuditRows(db)).toBe(0);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, start: { kind: 'genesis' } });
    db.close();
    db = new Database(file);
    expect((db.prepare('select prev_hash from audit_log order by id limit 1').get() as { prev_hash: string }).prev_hash).toBe(GENESIS_HASH);
    db.close();
  });

  it('archiving moves old rows to a file whose hash is in the chain; the chain still verifies', async () => {
    const { dir, file } = demoCopy();
    const { sqlite, close } = openDatabase(file);
    const total = (sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const now = new Date('2019-06-01T00:00:00Z');
    const archiveDir = path.join(dir, 'archive');
    const actor = { accountId: null, username: 'sysadmin' };

    await expect(archiveAuditLog(sqlite, { before: new Date('2018-12-15T00:00:00Z'), now, dir: archiveDir, actor })).rejects.toThrow(`至少保存 ${AUDIT_RETENTION_DAYS} 天`);

    const before = new Date('2018-10-01T00:00:00+08:00');
    const recentRows = () => (sqlite.prepare('select count(*) as n from audit_log where at >= ?').get(before.toISOString()) as { n: number }).n;
    const recent = recentRows();
    const res = await archiveAuditLog(sqlite, { before, now, dir: archiveDir, actor });
    expect(res.archived).toBeGreaterThan(100);
    expect(res.firstId).toBe(1);
    const left = (sqlite.prepare('select count(*) as n, min(id) as first, min(at) as oldest from audit_log').get() as { n: number; first: number; oldest: string });
    expect(left.n).toBe(total - res.archived + 1);
    expect(left.first).toBe(res.lastId! + 1);
    // Retention: no row from the cut-off on left the database (the archive record itself is added).
    // The seeded demo history is not in time order (the ledger's 2017–2018 rows follow the story's),
    // so older rows may stay behind a newer one: the archive cuts the chain at a prefix.
    expect(recentRows()).toBe(recent + 1);
    const rec = sqlite.prepare("select after from audit_log where action = 'audit.archive'").get() as { after: string };
    expect(JSON.parse(rec.after)).toMatchObject({ sha256: res.sha256, firstId: 1, lastId: res.lastId, rows: res.archived });

    expect(verifyAuditChain(sqlite)).toMatchObject({ ok: true, start: { kind: 'archive', archiveRowId: res.archiveRowId } });
    expect(await verifyArchiveFile(res.file!, sqlite)).toMatchObject({ ok: true, rows: res.archived, recordedBy: res.archiveRowId });
    // Rows not covered by an archive row still cannot be deleted.
    expect(() => sqlite.prepare('delete from audit_log where id = ?').run(res.lastId! + 1)).toThrow(/审计日志不可删除/);
    close();

    const cli = await auditVerify(file, '--archive', res.file!);
    expect(cli.code).toBe(0);
    expect(cli.out).toContain(`接续归档记录第 ${res.archiveRowId} 行`);
    expect(cli.out).toContain('归档文件完整');

    // An archive file edited afterwards no longer matches the hash recorded in the chain.
    const lines = zlib.gunzipSync(fs.readFileSync(res.file!)).toString('utf8').split('\n');
    lines[5] = lines[5].replace('"username":"', '"username":"x');
    const forged = path.join(dir, 'forged.jsonl.gz');
    fs.writeFileSync(forged, zlib.gzipSync(lines.join('\n')));
    const bad = await auditVerify(file, '--archive', forged);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/归档文件校验未通过：.*第 6 行内容与其哈希不符/);
  });
});
