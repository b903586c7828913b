/**
 * `npm run restore-drill` as CI runs it, on a small database: a scheduled-style backup is made, then
 * the drill restores the latest backup into a temporary folder, starts the app on it and checks
 * /healthz, the row counts and the audit log; a damaged latest backup fails the drill.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../db/client';
import { copyTemplateDb } from '../helpers/test-server';
import { runBackup } from '../../server/services/backups';

const run = promisify(execFile);
const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const backups = path.join(dir, 'backups');

async function drill(): Promise<{ code: number; out: string }> {
  try {
    const r = await run('npm', ['run', '--silent', 'restore-drill', '--', '--dir', backups], { encoding: 'utf8', timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run restore-drill', () => {
  it('restores the latest backup, starts the app on it and prints a Chinese report', { timeout: 150_000 }, async () => {
    const { db, sqlite } = openDatabase(file);
    const made = await runBackup({ sqlite, db, now: () => new Date('2019-01-26T02:00:00+08:00') }, { dir: backups, keepDaily: 30, keepMonthly: 12, command: null }, 'schedule');
    sqlite.close();
    expect(made.ok).toBe(true);

    const ok = await drill();
    expect(ok.out).toContain('恢复演练：备份');
    expect(ok.out).toContain('✓ 备份文件完整性检查通过');
    expect(ok.out).toContain('✓ 各表行数与备份记录一致');
    expect(ok.out).toMatch(/✓ 应用在恢复的数据库上启动，\/healthz 正常/);
    expect(ok.out).toMatch(/✓ 启动后数据完好：org_units 114 行/);
    expect(ok.out).toContain('恢复演练通过');
    expect(ok.out).not.toContain('✗');
    expect(ok.code).toBe(0);

    // A later, damaged copy is the latest one: the drill fails and says why.
    fs.writeFileSync(path.join(backups, 'zwgk-20190127-020000.db'), 'damaged');
    const bad = await drill();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ 备份文件校验未通过');
    expect(bad.out).toContain('恢复演练未通过');
  });
});
