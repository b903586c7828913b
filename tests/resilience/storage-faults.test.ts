/**
 * Storage faults: with the database at its size limit (SQLite's `max_page_count`, the same SQLITE_FULL
 * a full disk gives), a write answers 507 存储空间不足 in Chinese, nothing is half-written, `/readyz`
 * fails and `/healthz` says `writable: false`; once space returns, writes work again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { fullCountyValues } from '../helpers/values';
import { storageFaultOf } from '../../server/storage';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const UNIT = '330108';
const counts = () =>
  s.sqlite.prepare(`select (select count(*) from report_versions) as versions, (select count(*) from report_values) as vals, (select count(*) from audit_log) as audit`).get();

describe('a full disk', () => {
  it('answers 507 with the Chinese message, fails /readyz, and works again after space returns', async () => {
    const { cookie } = await s.login(UNIT);
    const pages = Number(s.sqlite.pragma('page_count', { simple: true }));
    s.sqlite.pragma(`max_page_count = ${pages + 200}`);
    // Fill what is left, as other data would on a small disk.
    s.sqlite.exec('create table filler (x blob)');
    const fill = s.sqlite.prepare('insert into filler (x) values (randomblob(1000))');
    let filled = 0;
    expect(() => {
      for (;;) {
        fill.run();
        filled++;
      }
    }).toThrow(/full/);
    expect(filled).toBeGreaterThan(0);
    const before = counts();

    // Every indicator with a long note: more than the slack left in the tables' pages.
    const values = Object.fromEntries(Object.entries(fullCountyValues()).map(([k, v]) => [k, { ...v, note: `说明${k}`.padEnd(400, '。') }]));
    const save = (revision: number) => s.raw('POST', 'reports.saveDraft', { unitCode: UNIT, periodCode: '2018Q4', revision, values }, cookie);
    const full = await save(0);
    expect(full.status).toBe(507);
    expect(full.body.error?.message).toBe('存储空间不足：本次修改未保存。请联系系统管理员清理磁盘空间后重试');
    expect(full.body.error?.data.httpStatus).toBe(507);
    expect(counts()).toEqual(before); // nothing half-written

    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toContain('存储空间不足');
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200); // alive: reads still work
    expect(await health.json()).toMatchObject({ ok: true, writable: false });
    // Reading goes on.
    expect((await s.raw('GET', 'auth.me', undefined, cookie)).status).toBe(200);

    s.sqlite.exec('drop table filler');
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toMatchObject({ ok: true, writable: true });
    const ok = await save(0);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('names a read-only or failing disk 503 数据库暂不可写, and other errors not at all', () => {
    expect(storageFaultOf(Object.assign(new Error('x'), { code: 'SQLITE_READONLY_DBMOVED' }))).toMatchObject({ status: 503, message: expect.stringContaining('数据库暂不可写') });
    expect(storageFaultOf(new Error('wrapped', { cause: Object.assign(new Error('disk'), { code: 'ENOSPC' }) }))).toMatchObject({ status: 507 });
    expect(storageFaultOf(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
  });
});
