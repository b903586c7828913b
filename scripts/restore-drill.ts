/**
 * `npm run restore-drill` — proves the latest backup restores: it is checked (integrity, checksum),
 * restored into a temporary folder, the app is started on it, `/healthz` and `/readyz` must answer,
 * the rows per table must match what the backup recorded, and the audit chain must verify
 * (`scripts/audit-verify.ts`). Prints a Chinese report; exit code 0 = passed, 1 = failed.
 *
 *   npm run restore-drill                          # latest backup in BACKUP_DIR (default: beside the database)
 *   npm run restore-drill -- --dir /srv/zwgk/backups
 *   npm run restore-drill -- --from /srv/zwgk/backups/zwgk-20190126-020000.db
 * Nothing of the live installation is touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readEnv } from '../server/env';
import { defaultBackupDir, listBackups, tableCounts, verifyBackupFile, type BackupManifest } from '../server/services/backups';
import { restoreDatabase } from './restore';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

class DrillFailed extends Error {}

function pickBackup(values: { from?: string; dir?: string }): { file: string; manifest: BackupManifest | null } {
  if (values.from) {
    const manifestFile = `${values.from}.json`;
    const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest) : null;
    return { file: path.resolve(values.from), manifest };
  }
  const env = readEnv();
  const dir = path.resolve(values.dir ?? env.BACKUP_DIR ?? defaultBackupDir(env.DATABASE_PATH));
  const latest = listBackups(dir)[0];
  if (!latest) throw new DrillFailed(`备份目录中没有备份：${dir}`);
  return { file: latest.path, manifest: latest.manifest };
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function startApp(dbFile: string, dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: dbFile, DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'backups'), BACKUP_TIME: 'off', SEED_DEMO: 'false', LOG_LEVEL: 'error' };
  delete env.APP_CLOCK_START;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DrillFailed(`应用在 60 秒内未启动：${output.trim().slice(-500)}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new DrillFailed(`应用未能在恢复的数据库上启动（退出码 ${code}）：${output.trim().slice(-500)}`));
    });
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function restoreDrill(values: { from?: string; dir?: string }, say: (line: string) => void): Promise<boolean> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-restore-drill-'));
  let ok = true;
  const check = (passed: boolean, line: string) => {
    say(`${passed ? '✓' : '✗'} ${line}`);
    if (!passed) ok = false;
  };
  try {
    const { file, manifest } = pickBackup(values);
    say(`恢复演练：备份 ${file}`);
    const verified = verifyBackupFile(file);
    check(verified.ok, verified.ok ? '备份文件完整性检查通过（integrity_check = ok）' : `备份文件校验未通过：${verified.problem}`);
    if (!verified.ok) return false;
    if (manifest) check(sha256(file) === manifest.sha256, `SHA-256 与备份时记录的一致（${manifest.sha256.slice(0, 16)}…）`);
    else say('· 无备份记录文件（.json），跳过 SHA-256 比对');

    const target = path.join(tmp, 'zwgk.db');
    restoreDatabase(file, target);
    check(true, `已恢复到临时目录 ${tmp}`);
    // What the copy holds before the app opens it (the app may add newer migrations' tables).
    const before = new Database(target, { readonly: true });
    const counts = tableCounts(before);
    before.close();
    if (manifest) {
      const diff = Object.entries(manifest.counts).filter(([t, n]) => counts[t] !== n);
      check(diff.length === 0, diff.length ? `行数与备份记录不符：${diff.map(([t, n]) => `${t} 记录 ${n} 行、恢复后 ${counts[t] ?? 0} 行`).join('；')}` : `各表行数与备份记录一致（${Object.keys(manifest.counts).length} 张表）`);
    }

    const app = await startApp(target, tmp);
    try {
      const health = await fetch(`${app.url}/healthz`);
      const body = (await health.json()) as { ok?: boolean; writable?: boolean };
      check(health.status === 200 && body.ok === true, `应用在恢复的数据库上启动，/healthz 正常（可写：${body.writable ? '是' : '否'}）`);
      const ready = await fetch(`${app.url}/readyz`);
      check(ready.status === 200, `/readyz ${ready.status === 200 ? '就绪' : `未就绪（${ready.status}）`}`);
    } finally {
      await app.stop();
    }
    const after = new Database(target, { readonly: true });
    const live = tableCounts(after);
    after.close();
    const keyTables = ['org_units', 'accounts', 'reports', 'report_versions', 'report_values', 'audit_log'].filter((t) => t in counts);
    const changed = keyTables.filter((t) => live[t] !== counts[t]);
    check(changed.length === 0, changed.length ? `启动后数据行数变化：${changed.join('、')}` : `启动后数据完好：${keyTables.map((t) => `${t} ${counts[t]} 行`).join('，')}`);

    const verifier = path.join(ROOT, 'scripts/audit-verify.ts');
    if (fs.existsSync(verifier)) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', verifier, '--db', target], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_PATH: target } });
      const text = `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
      check(r.status === 0, `审计日志哈希链：${text || `退出码 ${r.status}`}`);
    } else {
      const audit = counts.audit_log ?? 0;
      check(audit > 0, `审计日志 ${audit} 行（本版本无哈希链校验）`);
    }
    return ok;
  } catch (err) {
    check(false, err instanceof DrillFailed || err instanceof Error ? err.message : String(err));
    return false;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    say(`${ok ? '恢复演练通过' : '恢复演练未通过'}（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: 'string' }, dir: { type: 'string' } } });
  const passed = await restoreDrill(values, (line) => console.log(line));
  process.exit(passed ? 0 : 1);
}
