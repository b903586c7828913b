/**
 * Restores a backup made by `npm run backup`. Stop the server first (the restore refuses to run
 * while the database is in use), then:
 *   npm run restore -- --from backups/zwgk-….db
 * The current database is kept beside it as <name>.before-restore-<time>.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readEnv } from '../server/env';

export function restoreDatabase(backup: string, target: string): { kept: string | null } {
  if (!fs.existsSync(backup)) throw new Error(`备份文件不存在: ${backup}`);
  const check = new Database(backup, { readonly: true, fileMustExist: true });
  const ok = check.pragma('integrity_check', { simple: true });
  const tables = check.prepare(`select count(*) as n from sqlite_master where type = 'table' and name = 'reports'`).get() as { n: number };
  check.close();
  if (ok !== 'ok') throw new Error(`备份文件已损坏（integrity_check: ${String(ok)}），未恢复`);
  if (tables.n !== 1) throw new Error('该文件不是本系统的数据库备份，未恢复');
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    // In WAL mode an exclusive locking mode cannot be had while any other connection (a running
    // server) has the database open, idle or not.
    const cur = new Database(target);
    try {
      cur.pragma('busy_timeout = 0');
      cur.pragma('locking_mode = EXCLUSIVE');
      cur.exec('BEGIN EXCLUSIVE; COMMIT;');
      cur.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      cur.close();
      throw new Error('数据库正在使用中，请先停止服务再恢复');
    }
    cur.close();
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, kept);
    for (const ext of ['-wal', '-shm']) fs.rmSync(`${target}${ext}`, { force: true });
  }
  fs.copyFileSync(backup, target);
  return { kept };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = readEnv();
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  if (!values.from) {
    console.error('用法: npm run restore -- --from <备份文件>');
    process.exit(1);
  }
  try {
    const r = restoreDatabase(values.from, env.DATABASE_PATH);
    console.log(`已从 ${values.from} 恢复到 ${env.DATABASE_PATH}${r.kept ? `；原数据库保留为 ${r.kept}` : ''}`);
  } catch (err) {
    // One sentence for the operator (e.g. 数据库正在使用中，请先停止服务再恢复), no stack trace.
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
