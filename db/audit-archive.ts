/**
 * Moving old audit rows out of the database without breaking the chain (docs/security.md, 安全审计):
 *
 * 1. the chain is verified first (a broken chain is not archived: the evidence stays in place);
 * 2. the oldest rows older than the cut-off — an id prefix, at least AUDIT_RETENTION_DAYS old — are
 *    written, exactly as stored (hashes included), to a gzip'd JSON-lines file, which is fsync'd;
 * 3. in one write transaction: an `audit.archive` row recording the file's name, SHA-256, size, id
 *    range, cut-off and the hash of the last archived row (the anchor) is appended to the chain, and
 *    the archived rows are deleted (the delete trigger allows exactly the rows such a row covers).
 *
 * Afterwards the oldest remaining row chains to the anchor, so `npm run audit:verify` still passes,
 * and `verifyArchiveFile` checks a file against the chain.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { ARCHIVE_ACTION, auditRowHash, verifyAuditChain, type RawAuditRow } from './audit-chain';
import { appendAuditRows } from './audit-chain';
import * as schema from './schema';

/** Audit rows stay in the database at least this long (等保 2.0: ≥ 6 months). */
export const AUDIT_RETENTION_DAYS = 180;

export interface ArchiveResult {
  archived: number;
  file: string | null;
  sha256: string | null;
  bytes: number;
  firstId: number | null;
  lastId: number | null;
  archiveRowId: number | null;
}

export interface ArchiveOptions {
  /** Rows with `at` before this instant may be archived; must be ≥ AUDIT_RETENTION_DAYS before `now`. */
  before: Date;
  now: Date;
  dir: string;
  actor: { accountId: number | null; username: string | null; ip?: string | null };
}

const ROW_KEYS = ['id', 'at', 'accountId', 'username', 'action', 'entity', 'entityId', 'unitCode', 'reportId', 'before', 'after', 'ip', 'prevHash', 'hash'] as const;

function rowObject(r: RawAuditRow): Record<(typeof ROW_KEYS)[number], unknown> {
  return Object.fromEntries(ROW_KEYS.map((k, i) => [k, r[i]])) as Record<(typeof ROW_KEYS)[number], unknown>;
}

export async function archiveAuditLog(sqlite: Database.Database, opts: ArchiveOptions): Promise<ArchiveResult> {
  const latest = opts.now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000;
  if (opts.before.getTime() > latest) {
    throw new Error(`审计日志至少保存 ${AUDIT_RETENTION_DAYS} 天：归档截止时间不能晚于 ${new Date(latest).toISOString()}`);
  }
  const report = verifyAuditChain(sqlite);
  if (!report.ok) throw new Error(`审计日志完整性校验未通过（第 ${report.firstBroken!.id} 行：${report.firstBroken!.reason}），不予归档`);
  const cutoff = opts.before.toISOString();
  // The archived rows are the id prefix older than the cut-off (rows are immutable, so reading them
  // outside the final transaction is safe; the transaction re-checks the last row's hash).
  const bound = sqlite.prepare('select min(id) as id from audit_log where at >= ?').get(cutoff) as { id: number | null };
  const range = sqlite
    .prepare('select min(id) as firstId, max(id) as lastId, count(*) as n from audit_log where at < ? and (? is null or id < ?)')
    .get(cutoff, bound.id, bound.id) as { firstId: number | null; lastId: number | null; n: number };
  if (!range.n || range.firstId === null || range.lastId === null) return { archived: 0, file: null, sha256: null, bytes: 0, firstId: null, lastId: null, archiveRowId: null };
  const { firstId, lastId } = range;

  fs.mkdirSync(opts.dir, { recursive: true });
  const name = `audit-${String(firstId).padStart(9, '0')}-${String(lastId).padStart(9, '0')}-${cutoff.slice(0, 10)}.jsonl.gz`;
  const file = path.join(opts.dir, name);
  if (fs.existsSync(file)) throw new Error(`归档文件已存在：${file}`);
  const stmt = sqlite
    .prepare('select id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash from audit_log where id between ? and ? order by id')
    .raw();
  let lastHash = '';
  const lines = Readable.from(
    (function* () {
      for (const r of stmt.iterate(firstId, lastId) as IterableIterator<RawAuditRow>) {
        lastHash = r[13]!;
        yield `${JSON.stringify(rowObject(r))}\n`;
      }
    })(),
  );
  const tmp = `${file}.partial`;
  await pipeline(lines, zlib.createGzip(), fs.createWriteStream(tmp));
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  const bytes = fs.statSync(file).size;
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  const db = drizzle(sqlite, { schema, casing: 'snake_case' });
  const archiveRowId = sqlite.transaction(() => {
    const check = sqlite.prepare('select hash from audit_log where id = ?').get(lastId) as { hash: string } | undefined;
    if (check?.hash !== lastHash) throw new Error('归档期间审计日志发生变化，已放弃归档');
    appendAuditRows(db, [
      {
        at: opts.now.toISOString(),
        accountId: opts.actor.accountId,
        username: opts.actor.username,
        action: ARCHIVE_ACTION,
        entity: 'audit_log',
        entityId: `${firstId}-${lastId}`,
        unitCode: null,
        reportId: null,
        before: null,
        after: { file: name, sha256, bytes, firstId, lastId, rows: range.n, before: cutoff, lastHash },
        ip: opts.actor.ip ?? null,
      },
    ]);
    const id = (sqlite.prepare('select max(id) as id from audit_log').get() as { id: number }).id;
    sqlite.prepare('delete from audit_log where id between ? and ?').run(firstId, lastId);
    return id;
  }).immediate();
  return { archived: range.n, file, sha256, bytes, firstId, lastId, archiveRowId };
}

export interface ArchiveFileReport {
  ok: boolean;
  sha256: string;
  rows: number;
  firstId: number | null;
  lastId: number | null;
  /** The `audit.archive` row in the database that records this file, when it is still there. */
  recordedBy: number | null;
  problem: string | null;
}

/** Checks an archive file: its rows chain and hash correctly, and (when recorded) match the chain's record. */
export async function verifyArchiveFile(file: string, sqlite: Database.Database | null): Promise<ArchiveFileReport> {
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  let rows = 0;
  let firstId: number | null = null;
  let lastId: number | null = null;
  let prev: string | null = null;
  let problem: string | null = null;
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    rows++;
    if (problem) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    const id = r.id as number;
    firstId ??= id;
    lastId = id;
    const prevHash = r.prevHash as string;
    if (prev !== null && prevHash !== prev) problem = `第 ${id} 行与上一行的哈希不衔接`;
    else {
      const hash = auditRowHash(prevHash, {
        at: r.at as string,
        accountId: r.accountId as number | null,
        username: r.username as string | null,
        action: r.action as string,
        entity: r.entity as string,
        entityId: r.entityId as string | null,
        unitCode: r.unitCode as string | null,
        reportId: r.reportId as number | null,
        before: r.before as string | null,
        after: r.after as string | null,
        ip: r.ip as string | null,
      });
      if (hash !== r.hash) problem = `第 ${id} 行内容与其哈希不符`;
    }
    prev = r.hash as string;
  }
  let recordedBy: number | null = null;
  if (sqlite) {
    const rec = sqlite
      .prepare("select id, json_extract(after, '$.lastHash') as lastHash, json_extract(after, '$.rows') as n from audit_log where action = ? and json_extract(after, '$.sha256') = ?")
      .get(ARCHIVE_ACTION, sha256) as { id: number; lastHash: string; n: number } | undefined;
    if (rec) {
      recordedBy = rec.id;
      if (!problem && (rec.lastHash !== prev || rec.n !== rows)) problem = `文件内容与第 ${rec.id} 行的归档记录不符`;
    } else if (!problem) problem = '审计日志中没有记录此文件的 SHA-256（文件被改动，或其归档记录已被再次归档）';
  }
  return { ok: problem === null, sha256, rows, firstId, lastId, recordedBy, problem };
}
