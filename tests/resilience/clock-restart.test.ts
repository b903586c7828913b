/**
 * The business clock never runs backwards: a demo server restarted twice continues from the latest
 * instant it recorded, so audit times and `updatedAt` written after each restart are never before
 * those written earlier (before, every restart reset the demo clock to 2019-01-25 10:00).
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { copyTemplateDb } from '../helpers/test-server';
import { loginCookie, startServerProcess, trpcCall } from '../helpers/app-process';
import { fullCountyValues } from '../helpers/values';
import { ClockBehind, openBusinessClock } from '../../server/clock';

const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const UNIT = '330108'; // 滨江区: has not reported 2018Q4 in the demo story

function revision(): number {
  const db = new Database(file, { readonly: true });
  const row = db
    .prepare(`select r.revision from reports r join periods p on p.id = r.period_id where r.unit_code = ? and p.code = '2018Q4'`)
    .get(UNIT) as { revision: number } | undefined;
  db.close();
  return row?.revision ?? 0;
}

describe('business clock across restarts', () => {
  it('keeps audit times and updatedAt non-decreasing over two restarts of a demo server', { timeout: 120_000 }, async () => {
    for (let run = 0; run < 3; run++) {
      const server = await startServerProcess({ dbFile: file, dataDir: dir });
      const cookie = await loginCookie(server.url, UNIT);
      const res = await trpcCall(
        server.url,
        'reports.saveDraft',
        { unitCode: UNIT, periodCode: '2018Q4', revision: revision(), values: fullCountyValues({ 'MC-04': { count: 4 + run, evidenceUrl: 'https://jsj.example.gov.cn/zwgk/spot' } }) },
        cookie,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await server.kill('SIGTERM');
    }
    const db = new Database(file, { readonly: true });
    // The seeded demo history (the story, the ledger, the divisions' reports) is written in blocks, not
    // in time order; the property is about what the running server writes from the demo clock's start.
    const audit = db.prepare("select id, at from audit_log where id >= (select min(id) from audit_log where at >= '2019-01-25T02:00:00.000Z') order by id").all() as { id: number; at: string }[];
    expect(audit.length).toBeGreaterThanOrEqual(3);
    const updates = db
      .prepare(`select a.at from audit_log a where a.unit_code = ? and a.action like 'report.%' order by a.id`)
      .all(UNIT) as { at: string }[];
    const report = db.prepare(`select updated_at as updatedAt from reports where unit_code = ? and period_id = (select id from periods where code = '2018Q4')`).get(UNIT) as { updatedAt: string };
    db.close();
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < audit.length; i++) expect(audit[i].at >= audit[i - 1].at, `audit row ${audit[i].id} at ${audit[i].at} before ${audit[i - 1].at}`).toBe(true);
    // The report's updatedAt is the latest write, not an instant from before a restart.
    expect(report.updatedAt >= updates.at(-1)!.at).toBe(true);
    expect(report.updatedAt > '2019-01-25T02:00:00.000Z').toBe(true);
  });

  it('refuses to start a real deployment whose system clock is behind the newest audit row', () => {
    const db = new Database(':memory:');
    db.exec(`create table settings (key text primary key, value text not null); create table audit_log (id integer primary key, at text not null);`);
    db.prepare('insert into audit_log (at) values (?)').run('2030-01-01T00:02:00.000Z');
    const system = () => Date.parse('2030-01-01T00:00:00.000Z');
    expect(() => openBusinessClock(db, { system })).toThrow(ClockBehind);
    expect(() => openBusinessClock(db, { system })).toThrow(/系统时钟落后于最新审计记录/);
    // Within a minute is tolerated, and the clock then never returns an earlier instant.
    const clock = openBusinessClock(db, { system: () => Date.parse('2030-01-01T00:01:30.000Z') });
    expect(clock.mode).toBe('real');
    db.close();
  });

  it('is monotonic within a process even when the system clock steps back', () => {
    const db = new Database(':memory:');
    db.exec(`create table settings (key text primary key, value text not null); create table audit_log (id integer primary key, at text not null);`);
    let t = Date.parse('2030-01-01T00:00:00.000Z');
    const clock = openBusinessClock(db, { system: () => t, recordEveryMs: null });
    const a = clock.now();
    t -= 5_000;
    expect(clock.now().getTime()).toBe(a.getTime());
    t += 10_000;
    expect(clock.now().getTime()).toBe(a.getTime() + 5_000);
    db.close();
  });
});
