/**
 * Online, consistent backup of the SQLite database while the server runs (better-sqlite3's backup
 * API copies pages under SQLite's own locking, so concurrent writes are safe):
 *   npm run backup [-- --out backups/zwgk-2019-01-25.db]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readEnv } from '../server/env';

export async function backupDatabase(source: string, target: string): Promise<{ pages: number; bytes: number }> {
  if (!fs.existsSync(source)) throw new Error(`数据库文件不存在: ${source}`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const tmp = `${target}.partial`;
    fs.rmSync(tmp, { force: true });
    const res = await db.backup(tmp);
    const check = new Database(tmp, { readonly: true });
    const ok = check.pragma('integrity_check', { simple: true });
    check.close();
    if (ok !== 'ok') throw new Error(`备份文件完整性检查失败: ${String(ok)}`);
    fs.renameSync(tmp, target);
    return { pages: res.totalPages, bytes: fs.statSync(target).size };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = readEnv();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join('backups', `zwgk-${stamp}.db`) } } });
  const r = await backupDatabase(env.DATABASE_PATH, values.out!);
  console.log(`已备份 ${env.DATABASE_PATH} → ${values.out}（${r.pages} 页，${(r.bytes / 1024).toFixed(0)} KB，完整性检查通过）`);
}
