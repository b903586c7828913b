/**
 * Storage faults: a full disk (or the database's page budget) and a read-only or failing disk.
 * A write that fails for one of these answers 507 存储空间不足 / 503 数据库暂不可写 (never 500),
 * logs one error line, and marks the storage not writable until a probe write succeeds again;
 * `/healthz` reports `writable` and `/readyz` fails meanwhile. Nothing is half-written: every write
 * is one SQLite transaction, which a failed write rolls back.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';

export const STORAGE_MSG = {
  full: '存储空间不足：本次修改未保存。请联系系统管理员清理磁盘空间后重试',
  readonly: '数据库暂不可写：本次修改未保存。请稍后重试或联系系统管理员',
} as const;

export interface StorageFault {
  kind: 'full' | 'readonly';
  status: 507 | 503;
  message: string;
  /** The underlying error code (SQLITE_FULL, ENOSPC, SQLITE_READONLY…). */
  code: string;
}

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READONLY_CODES = /^(SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|EROFS$|EIO$)/;

/** The storage fault behind an error (looking through `cause`), or null for any other error. */
export function storageFaultOf(err: unknown): StorageFault | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (FULL_CODES.has(code)) return { kind: 'full', status: 507, message: STORAGE_MSG.full, code };
    if (READONLY_CODES.test(code)) return { kind: 'readonly', status: 503, message: STORAGE_MSG.readonly, code };
  }
  return null;
}

export interface StorageStatus {
  writable: boolean;
  /** Why not, in Chinese (null when writable). */
  reason: string | null;
  /** Free bytes on the disk holding the database (null when unknown, e.g. in memory). */
  freeBytes: number | null;
}

/** Below this much free disk space the storage counts as full (a write could not complete). */
export const DEFAULT_MIN_FREE_BYTES = 16 * 1024 * 1024;
const PROBE_EVERY_MS = 2_000;
/** Fewer free database pages than this (with SQLite's `max_page_count`) count as full. */
const MIN_FREE_PAGES = 64;

/** Tracks whether the database can be written; one per process. */
export class StorageHealth {
  private fault: StorageFault | null = null;
  private lastProbe = 0;
  private lastStatus: StorageStatus | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    /** Folder holding the database file (for free-space checks); null for an in-memory database. */
    private readonly dir: string | null,
    private readonly minFreeBytes = DEFAULT_MIN_FREE_BYTES,
  ) {}

  /** Called when a write failed for a storage reason. */
  noteFault(fault: StorageFault): void {
    this.fault = fault;
    this.lastStatus = null;
  }

  freeBytes(): number | null {
    if (!this.dir) return null;
    try {
      const s = fs.statfsSync(this.dir);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      return null;
    }
  }

  /** Pages the database may still grow by (SQLite's `max_page_count` less the pages in use). */
  private pageBudget(): number {
    const max = Number(this.sqlite.pragma('max_page_count', { simple: true }));
    const used = Number(this.sqlite.pragma('page_count', { simple: true }));
    const free = Number(this.sqlite.pragma('freelist_count', { simple: true }));
    return max - used + free;
  }

  /** A committed one-row write: fails on a read-only or failing disk. */
  private probeWrite(): StorageFault | null {
    try {
      this.sqlite
        .prepare(`insert into settings (key, value) values ('health.probe', ?) on conflict(key) do update set value = excluded.value`)
        .run(new Date().toISOString());
      return null;
    } catch (err) {
      return storageFaultOf(err) ?? { kind: 'readonly', status: 503, message: STORAGE_MSG.readonly, code: String((err as { code?: unknown }).code ?? 'UNKNOWN') };
    }
  }

  /** Whether writes can succeed now (probes at most every 2 s, or at once after a fault). */
  status(): StorageStatus {
    const now = Date.now();
    if (this.lastStatus && !this.fault && now - this.lastProbe < PROBE_EVERY_MS) return this.lastStatus;
    this.lastProbe = now;
    const freeBytes = this.freeBytes();
    let fault: StorageFault | null = null;
    if ((freeBytes !== null && freeBytes < this.minFreeBytes) || this.pageBudget() < MIN_FREE_PAGES) {
      fault = { kind: 'full', status: 507, message: STORAGE_MSG.full, code: 'LOW_SPACE' };
    } else {
      fault = this.probeWrite();
    }
    this.fault = fault;
    this.lastStatus = { writable: !fault, reason: fault ? fault.message : null, freeBytes };
    return this.lastStatus;
  }
}
