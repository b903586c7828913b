import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyTemplateDb } from '../helpers/test-server';
import { loginCookie, startServerProcess, trpcCall } from '../helpers/app-process';
import { backupDatabase } from '../../scripts/backup';
import { restoreDatabase } from '../../scripts/restore';

const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const countAudit = (f: string) => {
  const db = new Database(f, { readonly: true });
  const n = (db.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
  db.close();
  return n;
};

describe('backup and restore', () => {
  it('backs up online while the server writes, and restores that copy', { timeout: 120_000 }, async () => {
    const server = await startServerProcess({ dbFile: file, dataDir: dir });
    const cookie = await loginCookie(server.url, 'office');
    // Writes keep going while the backup runs.
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing && i < 200) {
        await trpcCall(server.url, 'notices.markRead', { ids: [1] }, cookie);
        await trpcCall(server.url, 'auth.login', { username: 'leader', password: 'demo2018' });
        i++;
      }
    })();
    const backup = path.join(dir, 'backups', 'copy.db');
    const res = await backupDatabase(file, backup);
    writing = false;
    await writer;
    expect(res.pages).toBeGreaterThan(10);
    const atBackup = countAudit(backup);
    expect(atBackup).toBeGreaterThan(0);

    // The restore refuses while the server holds the database.
    expect(() => restoreDatabase(backup, file)).toThrow('数据库正在使用中，请先停止服务再恢复');
    await server.kill('SIGTERM');

    const before = countAudit(file);
    expect(before).toBeGreaterThanOrEqual(atBackup);
    const r = restoreDatabase(backup, file);
    expect(r.kept).toMatch(/test\.db\.before-restore-/);
    expect(countAudit(file)).toBe(atBackup);
    const again = await startServerProcess({ dbFile: file, dataDir: dir });
    const login = await trpcCall(again.url, 'auth.login', { username: 'office', password: 'demo2018' });
    expect(login.status).toBe(200);
    await again.kill('SIGTERM');
  });

  it('refuses a file that is not a backup of this system', () => {
    const junk = path.join(dir, 'junk.db');
    const db = new Database(junk);
    db.exec('create table x (a)');
    db.close();
    expect(() => restoreDatabase(junk, path.join(dir, 'target.db'))).toThrow('该文件不是本系统的数据库备份，未恢复');
  });
});
