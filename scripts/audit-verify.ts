/**
 * `npm run audit:verify` — recomputes the audit log's hash chain (db/audit-chain.ts) and names the
 * first broken row. Read-only. Exit code 0: intact; 1: broken; 2: could not check.
 *
 *   npm run audit:verify                               # DATABASE_PATH (default data/zwgk.db)
 *   npm run audit:verify -- --db /path/to/zwgk.db
 *   npm run audit:verify -- --archive data/audit-archive/audit-….jsonl.gz   # also check archive files
 *   npm run audit:verify -- --json                     # machine-readable
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../db/audit-chain';
import { verifyArchiveFile } from '../db/audit-archive';
import { formatDateTimeZh } from '../shared/dates';
import { auditActionName } from '../shared/audit';
import { readEnv } from '../server/env';

const { values } = parseArgs({ options: { db: { type: 'string' }, archive: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } } });
const file = values.db ?? readEnv().DATABASE_PATH;
if (!fs.existsSync(file)) {
  console.error(`数据库文件不存在：${file}`);
  process.exit(2);
}
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
const report = verifyAuditChain(sqlite);
const archives = [];
for (const a of values.archive ?? []) archives.push({ file: a, ...(await verifyArchiveFile(a, sqlite)) });
sqlite.close();
const ok = report.ok && archives.every((a) => a.ok);

if (values.json) console.log(JSON.stringify({ ok, chain: report, archives }, null, 2));
else {
  const b = report.firstBroken;
  if (b) {
    const what = b.action ? `，${formatDateTimeZh(b.at)}，${auditActionName(b.action)}（${b.action}）` : '';
    console.error(`审计日志完整性校验未通过：第一处异常在第 ${b.id} 行${what}：${b.reason}`);
  } else {
    const start = report.start?.kind === 'archive' ? `接续归档记录第 ${report.start.archiveRowId} 行（文件 ${report.start.file}）` : '自第一行起';
    console.log(`审计日志完整：共 ${report.rows} 行，${start}，哈希链全部吻合（用时 ${Math.round(report.ms)} 毫秒）`);
    if (report.head) console.log(`最新行：第 ${report.head.id} 行，哈希 ${report.head.hash}（请另行记录，用于日后比对）`);
  }
  for (const a of archives) {
    if (a.ok) console.log(`归档文件完整：${a.file}（${a.rows} 行，第 ${a.firstId}–${a.lastId} 行，SHA-256 ${a.sha256}，记录于第 ${a.recordedBy} 行）`);
    else console.error(`归档文件校验未通过：${a.file}：${a.problem}`);
  }
}
process.exit(ok ? 0 : 1);
