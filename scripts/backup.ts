/**
 * Online, consistent backup of the SQLite database while the server runs (SQLite's backup API copies
 * pages under SQLite's own locking, so concurrent writes are safe):
 *
 *   npm run backup                      # into BACKUP_DIR (default: `backups` beside the database):
 *                                       # verified, pruned by the retention rule, audited, BACKUP_COMMAND run
 *   npm run backup -- --out /mnt/usb/zwgk.db   # one verified copy to that file, nothing else
 *
 * The service makes the same backup every day by itself (BACKUP_TIME, default 02:00 Beijing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { openBusinessClock } from '../server/clock';
import { readEnv } from '../server/env';
import { defaultBackupDir, runBackup, verifyBackupFile } from '../server/services/backups';

/** A verified copy of `source` at `target` (nothing else: no pruning, no audit row). */
export async function backupDatabase(source: string, target: string): Promise<{ pages: number; bytes: number }> {
  if (!fs.existsSync(source)) throw new Error(`数据库文件不存在: ${source}`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const tmp = `${target}.partial`;
    fs.rmSync(tmp, { force: true });
    const res = await db.backup(tmp);
    const check = verifyBackupFile(tmp);
    if (!check.ok) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`备份文件校验失败: ${check.problem}`);
    }
    fs.renameSync(tmp, target);
    return { pages: res.totalPages, bytes: fs.statSync(target).size };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = readEnv();
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  try {
    if (values.out) {
      const r = await backupDatabase(env.DATABASE_PATH, values.out);
      console.log(`已备份 ${env.DATABASE_PATH} → ${values.out}（${r.pages} 页，${(r.bytes / 1024).toFixed(0)} KB，完整性检查通过）`);
    } else {
      if (!fs.existsSync(env.DATABASE_PATH)) throw new Error(`数据库文件不存在: ${env.DATABASE_PATH}`);
      const { db, sqlite } = openDatabase(env.DATABASE_PATH, { migrate: false });
      const clock = openBusinessClock(sqlite, { recordEveryMs: null });
      const dir = path.resolve(env.BACKUP_DIR ?? defaultBackupDir(env.DATABASE_PATH));
      const run = await runBackup(
        { sqlite, db, now: clock.now, log: { error: (_o, msg) => console.error(msg) } },
        { dir, keepDaily: env.BACKUP_KEEP_DAILY, keepMonthly: env.BACKUP_KEEP_MONTHLY, command: env.BACKUP_COMMAND ?? null },
        'cli',
      );
      sqlite.close();
      if (!run.ok || !run.manifest) throw new Error(run.error ?? '备份失败');
      const m = run.manifest;
      console.log(`已备份到 ${path.join(dir, m.file)}（${(m.bytes / 1024).toFixed(0)} KB，完整性检查通过${m.pruned.length ? `，按保留规则删除 ${m.pruned.length} 份旧备份` : ''}${m.offsite ? `，异地备份命令退出码 ${m.offsite.exitCode}` : ''}）`);
      if (m.offsite && !m.offsite.ok) process.exit(1);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
