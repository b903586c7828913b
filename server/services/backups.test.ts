/**
 * Scheduled backups with the injected business clock: nothing before the time, then a verified copy,
 * older copies pruned by the retention rule, audit rows, and the off-site command's failure reported.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import { copyTemplateDb } from '../../tests/helpers/test-server';
import { BackupScheduler, listBackups, retained, verifyBackupFile } from './backups';

const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scheduled backups', () => {
  it('backs up at 02:00 Beijing by the business clock: verified, pruned, audited, off-site failure reported', async () => {
    const { db, sqlite } = openDatabase(file);
    const backupDir = path.join(dir, 'backups');
    fs.mkdirSync(backupDir);
    // Older copies: three months, several days.
    const old = ['20181015-020000', '20181110-020000', '20181120-020000', '20181201-020000', '20181205-020000', '20190120-020000', '20190123-020000', '20190124-020000', '20190124-150000'];
    for (const s of old) fs.writeFileSync(path.join(backupDir, `zwgk-${s}.db`), 'old copy');

    let t = Date.parse('2019-01-26T01:58:00+08:00');
    const errors: string[] = [];
    const scheduler = new BackupScheduler(
      { sqlite, db, now: () => new Date(t), log: { error: (_o, msg) => errors.push(msg) } },
      { dir: backupDir, keepDaily: 3, keepMonthly: 2, command: 'echo "uploading $BACKUP_FILE"; echo "远端拒绝连接" >&2; exit 3' },
      '02:00',
    );
    expect(scheduler.nextAt().toISOString()).toBe('2019-01-25T18:00:00.000Z');
    expect(await scheduler.tick()).toBeNull(); // 01:58: not yet
    t = Date.parse('2019-01-26T02:00:30+08:00');
    const run = await scheduler.tick();
    expect(run?.ok).toBe(true);
    const name = 'zwgk-20190126-020030.db';
    expect(run?.manifest?.file).toBe(name);

    // Verified: the copy opens read-only, passes integrity_check and holds the rows.
    const check = verifyBackupFile(path.join(backupDir, name));
    expect(check).toMatchObject({ ok: true, integrity: 'ok' });
    expect(check.counts.org_units).toBe(114);
    expect(check.counts.reports).toBe((sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n);
    expect(run?.manifest).toMatchObject({ verified: true, integrity: 'ok', trigger: 'schedule' });

    // Retention 3 daily + 2 monthly: 01-26, 01-24 (15:00, the newest that day), 01-23; December's newest 12-05.
    const kept = listBackups(backupDir).map((b) => b.file);
    expect(kept).toEqual([name, 'zwgk-20190124-150000.db', 'zwgk-20190123-020000.db', 'zwgk-20181205-020000.db']);
    expect(run?.manifest?.pruned.sort()).toEqual(
      ['20181015-020000', '20181110-020000', '20181120-020000', '20181201-020000', '20190120-020000', '20190124-020000'].map((s) => `zwgk-${s}.db`),
    );

    // Audit rows: the backup and the off-site command's exit status.
    const rows = sqlite.prepare(`select action, username, entity_id as entityId, "after" from audit_log where entity = 'backup' order by id`).all() as {
      action: string;
      username: string;
      entityId: string;
      after: string;
    }[];
    expect(rows.map((r) => [r.action, r.username, r.entityId])).toEqual([
      ['backup.create', '系统', name],
      ['backup.offsite', '系统', name],
    ]);
    expect(JSON.parse(rows[0].after)).toMatchObject({ integrity: 'ok', pruned: expect.arrayContaining(['zwgk-20181015-020000.db']) });
    expect(JSON.parse(rows[1].after)).toMatchObject({ exitCode: 3, ok: false });

    // The off-site failure is reported: log line, last result, manifest.
    expect(errors).toEqual(['异地备份命令失败（退出码 3）']);
    expect(scheduler.lastResult()).toMatchObject({ ok: false, file: name, error: '异地备份命令失败（退出码 3）', offsite: { exitCode: 3 } });
    expect(scheduler.lastResult()?.offsite?.output).toContain('远端拒绝连接');
    expect(listBackups(backupDir)[0].manifest?.offsite).toMatchObject({ exitCode: 3, ok: false });

    // Once a day: not again the same day; again the next day.
    t = Date.parse('2019-01-26T09:00:00+08:00');
    expect(await scheduler.tick()).toBeNull();
    expect(scheduler.nextAt().toISOString()).toBe('2019-01-26T18:00:00.000Z');
    t = Date.parse('2019-01-27T02:01:00+08:00');
    expect((await scheduler.tick())?.manifest?.file).toBe('zwgk-20190127-020100.db');
    sqlite.close();
  }, 60_000);

  it('keeps the newest copy of each day and of each month by the rule', () => {
    const files = ['zwgk-20190301-020000.db', 'zwgk-20190228-020000.db', 'zwgk-20190227-020000.db', 'zwgk-20190131-020000.db', 'zwgk-20181231-020000.db'];
    expect([...retained(files, 2, 3)]).toEqual(['zwgk-20190301-020000.db', 'zwgk-20190228-020000.db', 'zwgk-20190131-020000.db']);
  });

  it('refuses a copy that is not a sound database of this system', () => {
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    expect(verifyBackupFile(junk).ok).toBe(false);
  });
});

describe('operations page procedures', () => {
  it('the system administrator backs up on demand and sees the list, last result and free space; the office is refused', async () => {
    const { startTestServer } = await import('../../tests/helpers/test-server');
    const s = await startTestServer();
    try {
      s.services.backups = new BackupScheduler({ sqlite: s.sqlite, db: s.db, now: s.services.now }, { dir: path.join(s.dir, 'backups'), keepDaily: 30, keepMonthly: 12, command: 'true' });
      const admin = await s.login('sysadmin');
      const made = await admin.client.ops.backupNow.mutate({});
      expect(made).toMatchObject({ verified: true, offsite: { ok: true, exitCode: 0 } });
      expect(made.message).toContain('已备份并校验通过');
      const status = await admin.client.ops.status.query();
      expect(status.backups).toHaveLength(1);
      expect(status.backups[0]).toMatchObject({ file: made.file, verified: true, trigger: 'manual', reports: expect.any(Number) });
      expect(status.backup).toMatchObject({ enabled: true, time: '02:00', keepDaily: 30, keepMonthly: 12, offsiteCommand: true, last: { ok: true, file: made.file } });
      expect(status.storage.writable).toBe(true);
      expect(status.storage.freeBytes).toBeGreaterThan(0);
      const audit = s.sqlite.prepare(`select username from audit_log where action = 'backup.create'`).get() as { username: string };
      expect(audit.username).toBe('sysadmin');
      const office = await s.login('office');
      expect((await s.raw('GET', 'ops.status', undefined, office.cookie)).status).toBe(403);
    } finally {
      await s.close();
    }
  }, 60_000);
});
