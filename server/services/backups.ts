/**
 * Backups of the database, made by the service itself on a schedule (and by `npm run backup`):
 *
 * 1. an online, consistent copy through SQLite's backup API into `BACKUP_DIR` (default: a `backups`
 *    folder beside the database file), named by the business time in Beijing
 *    (`zwgk-20190126-020000.db`);
 * 2. verified after writing: opened read-only, `integrity_check`, rows counted per table; the
 *    result is kept beside it (`….db.json`) and only a verified copy keeps its name;
 * 3. older copies pruned by the retention rule (the newest copy of each of the last 30 days that
 *    have copies, and the newest of each of the last 12 months);
 * 4. an audit row (`backup.create`, by 系统);
 * 5. when `BACKUP_COMMAND` is set, that command is run with `BACKUP_FILE` set to the new copy (to
 *    send it off the machine); its exit status is recorded (`backup.offsite` audit row, the manifest)
 *    and a failure is logged and shown on the operations page.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { DB } from '../../db/client';
import { writeAudit, type AuditActor } from './audit';

export const SYSTEM_ACTOR: AuditActor = { accountId: null, username: '系统', ip: null };

export interface BackupConfig {
  dir: string;
  /** Daily copies kept (the newest of each day). */
  keepDaily: number;
  /** Monthly copies kept (the newest of each month). */
  keepMonthly: number;
  /** Shell command run after each backup with BACKUP_FILE set; null: none. */
  command: string | null;
  /** How long the command may run. */
  commandTimeoutMs?: number;
}

export const DEFAULT_KEEP_DAILY = 30;
export const DEFAULT_KEEP_MONTHLY = 12;

/** `BACKUP_DIR` unless set: a `backups` folder beside the database file (outside the checkout when the database is). */
export function defaultBackupDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'backups');
}

export interface OffsiteResult {
  command: string;
  exitCode: number | null;
  ok: boolean;
  /** The last lines the command printed (stderr, then stdout). */
  output: string;
  finishedAt: string;
}

export interface BackupManifest {
  file: string;
  createdAt: string;
  trigger: 'schedule' | 'manual' | 'cli';
  bytes: number;
  sha256: string;
  integrity: string;
  verified: boolean;
  /** Rows per table in the copy. */
  counts: Record<string, number>;
  pruned: string[];
  offsite: OffsiteResult | null;
}

const NAME_RE = /^zwgk-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/;

/** Beijing wall-clock parts of an instant. */
export function beijing(at: Date): { date: string; month: string; stamp: string; hhmm: string } {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return {
    date: t.slice(0, 10),
    month: t.slice(0, 7),
    stamp: `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}`,
    hhmm: t.slice(11, 16),
  };
}

/** Counts rows of every table of a database (the tables come from the file itself). */
export function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[];
  const counts: Record<string, number> = {};
  const q = drizzle(db);
  for (const { name } of tables) counts[name] = q.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(name)}`).n;
  return counts;
}

/** Opens a copy read-only and checks it: integrity, our tables present, rows counted. */
export function verifyBackupFile(file: string): { ok: boolean; integrity: string; counts: Record<string, number>; problem: string | null } {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const counts = tableCounts(db);
    let problem: string | null = null;
    if (integrity !== 'ok') problem = `完整性检查未通过：${integrity}`;
    else if (!('reports' in counts) || !('audit_log' in counts) || !counts.org_units) problem = '文件中缺少本系统的数据表或单位数据';
    return { ok: problem === null, integrity, counts, problem };
  } catch (err) {
    return { ok: false, integrity: 'error', counts: {}, problem: `无法打开备份文件：${(err as Error).message}` };
  } finally {
    db?.close();
  }
}

export interface BackupEntry {
  file: string;
  path: string;
  bytes: number;
  /** Business time the copy was made (from its name, Beijing time). */
  takenAt: string;
  manifest: BackupManifest | null;
}

/** The copies in a folder, newest first. */
export function listBackups(dir: string): BackupEntry[] {
  if (!fs.existsSync(dir)) return [];
  const out: BackupEntry[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = NAME_RE.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    let manifest: BackupManifest | null = null;
    try {
      manifest = JSON.parse(fs.readFileSync(`${full}.json`, 'utf8')) as BackupManifest;
    } catch {
      manifest = null;
    }
    out.push({
      file: name,
      path: full,
      bytes: fs.statSync(full).size,
      takenAt: new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`).toISOString(),
      manifest,
    });
  }
  return out.sort((a, b) => (a.file < b.file ? 1 : a.file > b.file ? -1 : 0));
}

/**
 * Which copies the retention rule keeps: the newest copy of each of the `keepDaily` most recent days
 * that have copies, and the newest of each of the `keepMonthly` most recent months. `files` newest first.
 */
export function retained(files: readonly string[], keepDaily: number, keepMonthly: number): Set<string> {
  const keep = new Set<string>();
  const days = new Set<string>();
  const months = new Set<string>();
  for (const f of files) {
    const m = NAME_RE.exec(f);
    if (!m) continue;
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    const month = `${m[1]}-${m[2]}`;
    if (!days.has(day) && days.size < keepDaily) {
      days.add(day);
      keep.add(f);
    }
    if (!months.has(month) && months.size < keepMonthly) {
      months.add(month);
      keep.add(f);
    }
  }
  return keep;
}

/** Deletes the copies the retention rule does not keep (and their manifests); returns their names. */
export function pruneBackups(dir: string, keepDaily: number, keepMonthly: number): string[] {
  const list = listBackups(dir);
  const keep = retained(
    list.map((b) => b.file),
    keepDaily,
    keepMonthly,
  );
  const pruned: string[] = [];
  for (const b of list) {
    if (keep.has(b.file)) continue;
    fs.rmSync(b.path, { force: true });
    fs.rmSync(`${b.path}.json`, { force: true });
    pruned.push(b.file);
  }
  return pruned;
}

function writeManifest(file: string, manifest: BackupManifest): void {
  const tmp = `${file}.json.partial`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  fs.renameSync(tmp, `${file}.json`);
}

function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/** Runs the off-site command with BACKUP_FILE set; never throws. */
export function runOffsiteCommand(command: string, file: string, timeoutMs = 30 * 60_000): Promise<OffsiteResult> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    const child = spawn('sh', ['-c', command], { env: { ...process.env, BACKUP_FILE: file }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (exitCode: number | null, extra = '') => {
      clearTimeout(timer);
      const lines = (output + extra).trim().split('\n').slice(-10).join('\n');
      resolve({ command, exitCode, ok: exitCode === 0, output: lines, finishedAt: new Date().toISOString() });
    };
    child.on('error', (err) => done(null, `\n${err.message}`));
    child.on('close', (code) => done(code));
  });
}

export interface BackupRun {
  ok: boolean;
  manifest: BackupManifest | null;
  /** Chinese message on failure. */
  error: string | null;
}

export interface BackupDeps {
  sqlite: Database.Database;
  db: DB;
  /** The business clock. */
  now: () => Date;
  log?: { error(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

/**
 * One backup: copy, verify, prune, audit, then the off-site command. Resolves once the command has
 * finished (its result is recorded in the manifest and a `backup.offsite` audit row).
 */
export async function runBackup(deps: BackupDeps, config: BackupConfig, trigger: BackupManifest['trigger'], actor: AuditActor = SYSTEM_ACTOR): Promise<BackupRun> {
  const at = deps.now();
  const name = `zwgk-${beijing(at).stamp}.db`;
  fs.mkdirSync(config.dir, { recursive: true });
  const target = path.join(config.dir, name);
  const tmp = `${target}.partial`;
  try {
    fs.rmSync(tmp, { force: true });
    await deps.sqlite.backup(tmp);
    const check = verifyBackupFile(tmp);
    if (!check.ok) throw new Error(check.problem ?? '备份校验未通过');
    fs.renameSync(tmp, target);
    const manifest: BackupManifest = {
      file: name,
      createdAt: at.toISOString(),
      trigger,
      bytes: fs.statSync(target).size,
      sha256: sha256File(target),
      integrity: check.integrity,
      verified: true,
      counts: check.counts,
      pruned: [],
      offsite: null,
    };
    manifest.pruned = pruneBackups(config.dir, config.keepDaily, config.keepMonthly).filter((f) => f !== name);
    writeManifest(target, manifest);
    deps.sqlite.transaction(() => {
      writeAudit(deps.db, actor, deps.now(), {
        action: 'backup.create',
        entity: 'backup',
        entityId: name,
        after: { file: name, bytes: manifest.bytes, sha256: manifest.sha256, integrity: 'ok', reports: check.counts.reports ?? 0, auditRows: check.counts.audit_log ?? 0, pruned: manifest.pruned, trigger },
      });
    })();
    if (config.command) {
      const offsite = await runOffsiteCommand(config.command, target, config.commandTimeoutMs);
      manifest.offsite = offsite;
      writeManifest(target, manifest);
      if (!offsite.ok) deps.log?.error({ file: name, exitCode: offsite.exitCode, output: offsite.output }, `异地备份命令失败（退出码 ${offsite.exitCode ?? '无'}）`);
      try {
        deps.sqlite.transaction(() => {
          writeAudit(deps.db, actor, deps.now(), {
            action: 'backup.offsite',
            entity: 'backup',
            entityId: name,
            after: { file: name, exitCode: offsite.exitCode, ok: offsite.ok, output: offsite.output.slice(-500) },
          });
        })();
      } catch (err) {
        deps.log?.error({ err }, '无法记录异地备份结果');
      }
    }
    return { ok: true, manifest, error: null };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const message = `备份失败：${(err as Error).message}`;
    deps.log?.error({ err, file: name }, message);
    try {
      deps.sqlite.transaction(() => {
        writeAudit(deps.db, actor, deps.now(), { action: 'backup.failed', entity: 'backup', entityId: name, after: { file: name, error: message } });
      })();
    } catch {
      // The disk may be what failed; the log line above stands.
    }
    return { ok: false, manifest: null, error: message };
  }
}

/** What the operations page shows as the last result (kept in settings, so it survives restarts). */
export interface LastBackupResult {
  at: string;
  ok: boolean;
  file: string | null;
  error: string | null;
  offsite: { ok: boolean; exitCode: number | null; output: string } | null;
}

const LAST_SLOT_KEY = 'backup.lastSlot';
const LAST_RESULT_KEY = 'backup.lastResult';

function getSetting(sqlite: Database.Database, key: string): string | null {
  return (sqlite.prepare('select value from settings where key = ?').get(key) as { value: string } | undefined)?.value ?? null;
}
function putSetting(sqlite: Database.Database, key: string, value: string): void {
  sqlite.prepare('insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value').run(key, value);
}

/**
 * Runs a backup every day at `time` (HH:MM, Beijing) by the business clock. `tick()` checks whether
 * the day's slot has come and not been served; `start()` calls it every minute. A backup missed
 * while the service was down runs at the next tick after start.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupRun> | null = null;

  constructor(
    private readonly deps: BackupDeps,
    readonly config: BackupConfig,
    readonly time = '02:00',
  ) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new Error(`备份时间应为 HH:MM（北京时间），实为 ${time}`);
    const now = deps.now();
    // A new installation starts counting from its first slot to come, not from one already past.
    if (getSetting(deps.sqlite, LAST_SLOT_KEY) === null && now >= this.slotOf(now)) putSetting(deps.sqlite, LAST_SLOT_KEY, beijing(now).date);
  }

  private slotOf(at: Date): Date {
    return new Date(`${beijing(at).date}T${this.time}:00+08:00`);
  }

  /** The next scheduled backup. */
  nextAt(): Date {
    const now = this.deps.now();
    const today = this.slotOf(now);
    const served = getSetting(this.deps.sqlite, LAST_SLOT_KEY) === beijing(now).date;
    return now < today || !served ? today : new Date(today.getTime() + 86_400_000);
  }

  lastResult(): LastBackupResult | null {
    const v = getSetting(this.deps.sqlite, LAST_RESULT_KEY);
    return v ? (JSON.parse(v) as LastBackupResult) : null;
  }

  /** Runs the day's backup when its time has come; null when nothing was due. */
  async tick(): Promise<BackupRun | null> {
    if (this.running) return null;
    const now = this.deps.now();
    const date = beijing(now).date;
    if (now < this.slotOf(now) || getSetting(this.deps.sqlite, LAST_SLOT_KEY) === date) return null;
    try {
      putSetting(this.deps.sqlite, LAST_SLOT_KEY, date);
    } catch {
      // A full disk: the backup below fails and says so.
    }
    return this.runNow('schedule');
  }

  /** A backup now (one at a time; a second caller waits for the running one). */
  async runNow(trigger: BackupManifest['trigger'], actor: AuditActor = SYSTEM_ACTOR): Promise<BackupRun> {
    if (this.running) return this.running;
    this.running = runBackup(this.deps, this.config, trigger, actor);
    try {
      const run = await this.running;
      const m = run.manifest;
      const result: LastBackupResult = {
        at: this.deps.now().toISOString(),
        ok: run.ok && (m?.offsite?.ok ?? true),
        file: m?.file ?? null,
        error: run.error ?? (m?.offsite && !m.offsite.ok ? `异地备份命令失败（退出码 ${m.offsite.exitCode ?? '无'}）` : null),
        offsite: m?.offsite ? { ok: m.offsite.ok, exitCode: m.offsite.exitCode, output: m.offsite.output } : null,
      };
      try {
        putSetting(this.deps.sqlite, LAST_RESULT_KEY, JSON.stringify(result));
      } catch {
        // Shown from the log when the database cannot be written.
      }
      return run;
    } finally {
      this.running = null;
    }
  }

  start(everyMs = 60_000): void {
    this.stop();
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.deps.log?.error({ err }, '定时备份出错'));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
