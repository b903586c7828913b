/**
 * `npm run audit:archive -- --before 2026-06-01` — moves audit rows older than the date (China time,
 * at least 180 days ago) into a gzip'd JSON-lines file whose SHA-256 is recorded in the chain as an
 * `audit.archive` row; see db/audit-archive.ts and docs/security.md for the procedure. Run by the
 * system administrator with the auditor present; copy the file off-site and keep it ≥ the period the
 * rules require. The service may keep running (the archive takes the write lock only at the end).
 *
 *   npm run audit:archive -- --before 2026-06-01 [--dir data/audit-archive] [--by 操作人]
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { archiveAuditLog } from '../db/audit-archive';
import { readEnv } from '../server/env';

const { values } = parseArgs({ options: { before: { type: 'string' }, dir: { type: 'string' }, by: { type: 'string', default: 'audit-archive' } } });
if (!values.before || !/^\d{4}-\d{2}-\d{2}$/.test(values.before)) {
  console.error('请用 --before YYYY-MM-DD 指定归档截止日期（北京时间，该日 0 时之前的记录被归档）');
  process.exit(2);
}
const env = readEnv();
const { sqlite, close } = openDatabase(env.DATABASE_PATH);
try {
  const res = await archiveAuditLog(sqlite, {
    before: new Date(`${values.before}T00:00:00+08:00`),
    now: new Date(),
    dir: values.dir ?? path.join(env.DATA_DIR, 'audit-archive'),
    actor: { accountId: null, username: values.by! },
  });
  if (!res.archived) console.log(`没有早于 ${values.before} 的审计记录，无需归档`);
  else {
    console.log(`已归档第 ${res.firstId}–${res.lastId} 行（${res.archived} 行）到 ${res.file}`);
    console.log(`文件 SHA-256：${res.sha256}（已记入审计链第 ${res.archiveRowId} 行）`);
    console.log('请将该文件复制到异地存储，并用 npm run audit:verify -- --archive <文件> 核对');
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  close();
}
