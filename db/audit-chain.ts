/**
 * The audit log's hash chain: how a row is serialised and hashed, how rows are appended, how the
 * chain is checked. Specified in docs/security.md (安全审计); this file is the one implementation.
 *
 * Canonical serialisation (format `zwgk-audit/1`), as UTF-8 bytes:
 *
 *   "zwgk-audit/1" LF prev_hash LF F(at) F(account_id) F(username) F(action) F(entity) F(entity_id)
 *                                  F(unit_code) F(report_id) F(before) F(after) F(ip)
 *
 * where F(NULL) = "~" and F(v) = <byte length of v's text, in decimal> ":" <v's text> — every value
 * exactly as stored in its column (integers in decimal; `before`/`after` are the stored JSON text, not
 * re-serialised objects). Length prefixes make the form unambiguous whatever the values contain.
 * `hash` = lowercase hex SHA-256 of those bytes. `prev_hash` is the `hash` of the row with the
 * next-lower id, or GENESIS_HASH (64 zeros) for the first row ever written. After an archive, the
 * oldest remaining row chains to the `lastHash` that the `audit.archive` row recorded (the anchor).
 * The row id is not hashed: the order is fixed by the prev_hash links.
 *
 * The verifier has SQLite build the same bytes (`CANONICAL_SQL`), so 1 million rows check in seconds;
 * the writer builds them in JavaScript (`canonicalAuditRow`); a test holds the two equal.
 */
import { hash as sha } from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared, sqliteOf, type Queryable } from './client';

export const CHAIN_FORMAT = 'zwgk-audit/1';
export const GENESIS_HASH = '0'.repeat(64);
/** The action of the row that records an archive file (and anchors the chain that follows). */
export const ARCHIVE_ACTION = 'audit.archive';

/** A row's hashed columns as stored. */
export interface ChainFields {
  at: string;
  accountId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  unitCode: string | null;
  reportId: number | null;
  /** The stored JSON text. */
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** A raw row: columns in this order (`select id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash`). */
export type RawAuditRow = [
  id: number,
  at: string,
  accountId: number | null,
  username: string | null,
  action: string,
  entity: string,
  entityId: string | null,
  unitCode: string | null,
  reportId: number | null,
  before: string | null,
  after: string | null,
  ip: string | null,
  prevHash: string | null,
  hash: string | null,
];

function field(v: string | number | null): string {
  if (v === null) return '~';
  const s = String(v);
  return `${Buffer.byteLength(s, 'utf8')}:${s}`;
}

export function canonicalAuditRow(prevHash: string, r: ChainFields): string {
  return (
    `${CHAIN_FORMAT}\n${prevHash}\n` +
    field(r.at) +
    field(r.accountId) +
    field(r.username) +
    field(r.action) +
    field(r.entity) +
    field(r.entityId) +
    field(r.unitCode) +
    field(r.reportId) +
    field(r.before) +
    field(r.after) +
    field(r.ip)
  );
}

export function auditRowHash(prevHash: string, r: ChainFields): string {
  return sha('sha256', canonicalAuditRow(prevHash, r), 'hex');
}

export function rawRowHash(prevHash: string, r: RawAuditRow): string {
  return auditRowHash(prevHash, { at: r[1], accountId: r[2], username: r[3], action: r[4], entity: r[5], entityId: r[6], unitCode: r[7], reportId: r[8], before: r[9], after: r[10], ip: r[11] });
}

/**
 * The canonical bytes of each row, built by SQLite (same definition as `canonicalAuditRow`), with
 * the row's id and stored hashes: `[id, prev_hash, hash, canonical]`.
 */
export const CANONICAL_SQL =
  "select id, prev_hash, hash, cast('zwgk-audit/1' || char(10) || coalesce(prev_hash, '') || char(10)" +
  " || case when at is null then '~' else length(cast(at as blob)) || ':' || at end" +
  " || case when account_id is null then '~' else length(cast(account_id as blob)) || ':' || account_id end" +
  " || case when username is null then '~' else length(cast(username as blob)) || ':' || username end" +
  " || case when action is null then '~' else length(cast(action as blob)) || ':' || action end" +
  " || case when entity is null then '~' else length(cast(entity as blob)) || ':' || entity end" +
  " || case when entity_id is null then '~' else length(cast(entity_id as blob)) || ':' || entity_id end" +
  " || case when unit_code is null then '~' else length(cast(unit_code as blob)) || ':' || unit_code end" +
  " || case when report_id is null then '~' else length(cast(report_id as blob)) || ':' || report_id end" +
  " || case when before is null then '~' else length(cast(before as blob)) || ':' || before end" +
  " || case when after is null then '~' else length(cast(after as blob)) || ':' || after end" +
  " || case when ip is null then '~' else length(cast(ip as blob)) || ':' || ip end as blob) as canonical" +
  ' from audit_log order by id';

/** A row to append; `before`/`after` are values, stored as JSON text. */
export interface NewAuditRow extends Omit<ChainFields, 'before' | 'after'> {
  before: unknown;
  after: unknown;
}

const jsonText = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Appends rows to the chain. Call it inside the transaction of the write the rows record: reading
 * the tail and inserting then happen under the same write transaction, so no other writer can chain
 * to the same tail (SQLite lets one writer commit at a time; a transaction whose snapshot went stale
 * fails with SQLITE_BUSY rather than forking, and the unique index on prev_hash refuses a fork).
 */
export function appendAuditRows(db: Queryable, rows: readonly NewAuditRow[]): void {
  if (!rows.length) return;
  // Inside the caller's transaction this is a savepoint; called on its own, it is its own transaction
  // (better-sqlite3's transaction function, made once per connection).
  const client = sqliteOf(db);
  // One row inside an open transaction: its insert is atomic by itself, no savepoint needed.
  if (rows.length === 1 && client.inTransaction) return appendInTransaction(db, rows);
  let append = appenders.get(client);
  if (!append) appenders.set(client, (append = client.transaction(appendInTransaction)));
  append(db, rows);
}

const appenders = new WeakMap<Database.Database, (db: Queryable, rows: readonly NewAuditRow[]) => void>();

function appendInTransaction(db: Queryable, rows: readonly NewAuditRow[]): void {
  // Prepared once per connection: every audited write runs these two (docs/performance.md §2).
  const tail = prepared(db, 'select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string | null } | undefined;
  if (tail && tail.hash === null) throw new Error(`审计日志第 ${tail.id} 行尚未封存，无法追加`);
  const insert = prepared(
    db,
    'insert into audit_log (at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let prev = tail?.hash ?? GENESIS_HASH;
  for (const r of rows) {
    const f: ChainFields = { ...r, before: jsonText(r.before), after: jsonText(r.after) };
    const hash = auditRowHash(prev, f);
    insert.run(f.at, f.accountId, f.username, f.action, f.entity, f.entityId, f.unitCode, f.reportId, f.before, f.after, f.ip, prev, hash);
    prev = hash;
  }
}

/**
 * Rows written before the hash chain existed (hash NULL, always a prefix of the table) get their
 * hashes once, in id order; the update trigger allows exactly this and nothing else. Returns how many
 * rows were sealed. Cheap when there is nothing to seal (one indexed lookup).
 */
export function sealLegacyAuditRows(sqlite: Database.Database): number {
  const first = sqlite.prepare('select hash from audit_log order by id limit 1').get() as { hash: string | null } | undefined;
  if (!first || first.hash !== null) return 0;
  const seal = sqlite.transaction(() => {
    const rows = sqlite.prepare('select id, at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash from audit_log where hash is null order by id').raw().all() as RawAuditRow[];
    const before = sqlite.prepare('select hash from audit_log where id < ? order by id desc limit 1');
    const update = sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where id = ? and hash is null');
    let prev = (before.get(rows[0][0]) as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
    for (const r of rows) {
      const hash = rawRowHash(prev, r);
      update.run(prev, hash, r[0]);
      prev = hash;
    }
    return rows.length;
  });
  return seal.immediate();
}

export interface BrokenRow {
  id: number;
  at: string | null;
  action: string | null;
  reason: string;
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  firstId: number | null;
  /** The newest row: write its id and hash down outside the database to detect a rewritten chain. */
  head: { id: number; hash: string } | null;
  /** Where the chain starts: the first row ever, or the anchor an archive recorded. */
  start: { kind: 'genesis' } | { kind: 'archive'; archiveRowId: number; file: string; sha256: string; lastId: number } | null;
  firstBroken: BrokenRow | null;
  ms: number;
}

interface ArchiveAnchor {
  id: number;
  file: string;
  sha256: string;
  lastId: number;
  lastHash: string;
}

function archiveAnchor(sqlite: Database.Database, prevHash: string, beforeId: number): ArchiveAnchor | null {
  const row = sqlite
    .prepare(
      `select id, json_extract(after, '$.file') as file, json_extract(after, '$.sha256') as sha256, json_extract(after, '$.lastId') as lastId,
              json_extract(after, '$.lastHash') as lastHash
         from audit_log where action = ? and json_extract(after, '$.lastHash') = ? and json_extract(after, '$.lastId') < ? order by id limit 1`,
    )
    .get(ARCHIVE_ACTION, prevHash, beforeId) as ArchiveAnchor | undefined;
  return row ?? null;
}

/**
 * Walks the whole table in id order and recomputes every hash. The first row that does not verify is
 * named: its content no longer matches its hash (edited), or it does not chain to the row before it
 * (a row deleted or inserted before it), or it has no hash. Rows missing from the end of the table
 * are caught by comparing with SQLite's AUTOINCREMENT counter.
 */
export function verifyAuditChain(sqlite: Database.Database): ChainReport {
  const t0 = performance.now();
  let prev: string | null = null;
  let rows = 0;
  let firstId: number | null = null;
  let lastId = 0;
  let lastHash: string | null = null;
  let start: ChainReport['start'] = null;
  let broken: { id: number; reason: string } | null = null;
  for (const r of sqlite.prepare(CANONICAL_SQL).raw().iterate() as IterableIterator<[number, string | null, string | null, Buffer]>) {
    rows++;
    const [id, prevHash, hash, canonical] = r;
    lastId = id;
    lastHash = hash;
    if (broken) continue;
    if (prev === null) {
      firstId = id;
      if (prevHash === GENESIS_HASH) start = { kind: 'genesis' };
      else {
        const anchor = prevHash === null ? null : archiveAnchor(sqlite, prevHash, id);
        if (anchor) start = { kind: 'archive', archiveRowId: anchor.id, file: anchor.file, sha256: anchor.sha256, lastId: anchor.lastId };
        else {
          broken = { id, reason: '链的第一行既不是链首，也不接续任何归档记录（此前的行被删除或本行被改动）' };
          continue;
        }
      }
      prev = prevHash;
    }
    if (hash === null || prevHash === null) broken = { id, reason: '本行没有哈希（未封存）' };
    else if (prevHash !== prev) broken = { id, reason: '本行与上一行的哈希不衔接（此前有行被删除、插入或改动）' };
    else if (sha('sha256', canonical, 'hex') !== hash) broken = { id, reason: '本行内容与其哈希不符（本行被改动）' };
    prev = hash;
  }
  let firstBroken: BrokenRow | null = null;
  if (broken) {
    const at = sqlite.prepare('select at, action from audit_log where id = ?').get(broken.id) as { at: string; action: string };
    firstBroken = { id: broken.id, at: at.at, action: at.action, reason: broken.reason };
  } else {
    const seq = (sqlite.prepare("select seq from sqlite_sequence where name = 'audit_log'").get() as { seq: number } | undefined)?.seq ?? 0;
    if (seq > lastId) firstBroken = { id: lastId + 1, at: null, action: null, reason: `第 ${lastId + 1}–${seq} 行缺失（表尾的行被删除）` };
  }
  return {
    ok: firstBroken === null,
    rows,
    firstId,
    head: rows && lastHash ? { id: lastId, hash: lastHash } : null,
    start,
    firstBroken,
    ms: performance.now() - t0,
  };
}
