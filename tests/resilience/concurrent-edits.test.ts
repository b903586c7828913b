import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('concurrent edits of one draft', () => {
  it('two sessions save the same revision at once: one wins, the other gets a clear conflict; nothing is overwritten', async () => {
    const a = await s.login('330108');
    const b = await s.login('330108');
    const key = { unitCode: '330108', periodCode: '2018Q4' };
    const [ra, rb] = await Promise.all([
      s.raw('POST', 'reports.saveDraft', { ...key, revision: 0, values: { 'HS-01': { numerator: 300, denominator: 330 } } }, a.cookie),
      s.raw('POST', 'reports.saveDraft', { ...key, revision: 0, values: { 'HS-01': { numerator: 310, denominator: 330 } } }, b.cookie),
    ]);
    const statuses = [ra.status, rb.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    const winnerValue = ra.status === 200 ? 300 : 310;
    expect(loser.body.error?.message).toMatch(/^该报告已在您打开之后被修改（最后保存于 .+，当前状态：草稿），为避免覆盖他人的修改，本次操作未执行。请刷新页面查看最新内容后再操作。$/);
    const form = await a.client.reports.get.query(key);
    expect(form.values['HS-01']).toEqual({ numerator: winnerValue, denominator: 330 });
    expect(form.report?.revision).toBe(1);
    const audits = s.sqlite.prepare(`select count(*) as n from audit_log where action = 'report.saveDraft' and report_id = ?`).get(form.report!.id) as { n: number };
    expect(audits.n).toBe(1);
  });
});
