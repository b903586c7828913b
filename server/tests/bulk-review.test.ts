/**
 * Review in bulk (issue 13 item 7): the office accepts several reports in one action, all or nothing,
 * each through the one review step (access, state rule, trail, notice, audit); 已办 lists what the
 * reviewer's unit handled; both lists carry each report's return history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const count = (sql: string, ...args: unknown[]) => (s.sqlite.prepare(sql).get(...args) as { n: number }).n;
const statusOf = (id: number) => (s.sqlite.prepare('select status from reports where id = ?').get(id) as { status: string }).status;

describe('reviews.bulk / reviews.handled (demo day 2019-01-25: five city-approved county reports wait for the office)', () => {
  it('accepts three of five in one action: three accepted, three trail rows, three audit rows, three notices', async () => {
    const office = await s.login('office');
    const queue = await office.client.reviews.queue.query({ periodCode: '2018Q4' });
    expect(queue.map((r) => r.unitName).sort()).toEqual(['宁海县', '新昌县', '桐乡市', '玉环市', '瑞安市'].sort());
    const picked = queue.filter((r) => ['瑞安市', '桐乡市', '玉环市'].includes(r.unitName));
    const ids = picked.map((r) => r.reportId);
    const auditBefore = count(`select count(*) as n from audit_log where action = 'report.accept'`);
    const noticesBefore = count(`select count(*) as n from notices where kind = 'accepted'`);

    const res = await office.client.reviews.bulk.mutate({ action: 'accept', items: picked.map((r) => ({ reportId: r.reportId, revision: r.revision })) });
    expect(res.count).toBe(3);
    expect(res.reports.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    for (const id of ids) expect(statusOf(id)).toBe('accepted');
    expect(count(`select count(*) as n from review_actions where action = 'accept' and report_id in (${ids.join(',')})`)).toBe(3);
    expect(count(`select count(*) as n from audit_log where action = 'report.accept'`)).toBe(auditBefore + 3);
    for (const id of ids) expect(count(`select count(*) as n from audit_log where action = 'report.accept' and report_id = ?`, id)).toBe(1);
    expect(count(`select count(*) as n from notices where kind = 'accepted'`)).toBe(noticesBefore + 3);

    const left = await office.client.reviews.queue.query({ periodCode: '2018Q4' });
    expect(left.map((r) => r.unitName).sort()).toEqual(['宁海县', '新昌县'].sort());
    const handled = await office.client.reviews.handled.query({ periodCode: '2018Q4' });
    expect(handled.slice(0, 3).map((r) => [r.unitName, r.action, r.status, r.byName]).sort()).toEqual(
      [
        ['桐乡市', 'accept', 'accepted', '厅办公室'],
        ['玉环市', 'accept', 'accepted', '厅办公室'],
        ['瑞安市', 'accept', 'accepted', '厅办公室'],
      ].sort(),
    );
  });

  it('all or nothing: one stale report refuses the whole action, names it, and changes nothing', async () => {
    const office = await s.login('office');
    const queue = await office.client.reviews.queue.query({ periodCode: '2018Q4' });
    const [a, b] = queue;
    const auditBefore = count('select count(*) as n from audit_log');
    const trailBefore = count('select count(*) as n from review_actions');
    const res = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: [{ reportId: a.reportId, revision: a.revision }, { reportId: b.reportId, revision: b.revision - 1 }] }, office.cookie);
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toContain('批量采纳未执行，所选 2 份报告均未改变');
    expect(res.body.error?.message).toContain(`${b.parentName}${b.unitName}2018年第四季度暨年度报告：该报告已在您打开之后被修改`);
    expect(res.body.error?.message).not.toContain(`${a.parentName}${a.unitName}2018年第四季度暨年度报告：`);
    expect(statusOf(a.reportId)).toBe('approved');
    expect(statusOf(b.reportId)).toBe('approved');
    expect(count('select count(*) as n from audit_log')).toBe(auditBefore);
    expect(count('select count(*) as n from review_actions')).toBe(trailBefore);
  });

  it('refuses a step the reviewer may not take, in Chinese, per report', async () => {
    const office = await s.login('office');
    const a = (await office.client.reviews.queue.query({ periodCode: '2018Q4' })).find((r) => r.unitName === '宁海县')!;
    const city = await s.login('330200');
    const asCity = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: [{ reportId: a.reportId, revision: a.revision }] }, city.cookie);
    expect(asCity.status).toBe(403);
    expect(asCity.body.error?.message).toContain('宁波市宁海县2018年第四季度暨年度报告：只有厅办公室可以采纳报告');
    const other = await s.login('330600');
    const asOtherCity = await s.raw('POST', 'reviews.bulk', { action: 'approve', items: [{ reportId: a.reportId, revision: a.revision }] }, other.cookie);
    expect(asOtherCity.status).toBe(403);
    expect(asOtherCity.body.error?.message).toContain('无权审核宁海县的报告');
    const asOffice = await s.raw('POST', 'reviews.bulk', { action: 'approve', items: [{ reportId: a.reportId, revision: a.revision }] }, office.cookie);
    expect(asOffice.status).toBe(403);
    expect(asOffice.body.error?.message).toContain('只有所属设区市住建局可以审核通过县(市、区)的报告');
    const missing = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: [{ reportId: 999999, revision: 0 }] }, office.cookie);
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toContain('编号 999999 的报告');
    expect(statusOf(a.reportId)).toBe('approved');
  });

  it('validates the selection: none, duplicates, too many', async () => {
    const office = await s.login('office');
    const none = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: [] }, office.cookie);
    expect(none.status).toBe(400);
    expect(none.body.error?.message).toContain('请至少选择一份报告');
    const dup = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: [{ reportId: 1, revision: 0 }, { reportId: 1, revision: 0 }] }, office.cookie);
    expect(dup.status).toBe(400);
    expect(dup.body.error?.message).toContain('同一份报告不能重复选择');
    const many = await s.raw('POST', 'reviews.bulk', { action: 'accept', items: Array.from({ length: 101 }, (_, i) => ({ reportId: i + 1, revision: 0 })) }, office.cookie);
    expect(many.status).toBe(400);
    expect(many.body.error?.message).toContain('一次最多批量审核 100 份报告');
    const returning = await s.raw('POST', 'reviews.bulk', { action: 'return', items: [{ reportId: 1, revision: 0 }] }, office.cookie);
    expect(returning.status).toBe(400);
  });

  it('the return history follows a returned report back into the queue; 已办 lists only the own unit\'s steps', async () => {
    const office = await s.login('office');
    const row = (await office.client.reviews.queue.query({ periodCode: '2018Q4' })).find((r) => r.unitName === '宁海县')!;
    await office.client.reviews.return.mutate({ reportId: row.reportId, revision: row.revision, reason: '政府信息公开目录更新情况请附截图' });
    expect((await office.client.reviews.queue.query({ periodCode: '2018Q4' })).some((r) => r.reportId === row.reportId)).toBe(false);

    // 宁海县 resubmits its values unchanged; 宁波市 approves; the office sees it again, with the return.
    const county = await s.login('330226');
    const form = await county.client.reports.get.query({ unitCode: '330226', periodCode: '2018Q4' });
    await county.client.reports.submit.mutate({ unitCode: '330226', periodCode: '2018Q4', revision: form.report!.revision, values: form.values });
    const city = await s.login('330200');
    const cityRow = (await city.client.reviews.queue.query({ periodCode: '2018Q4' })).find((r) => r.reportId === row.reportId)!;
    expect(cityRow.returns).toEqual([
      { version: row.version, reason: '政府信息公开目录更新情况请附截图', at: expect.any(String), byName: '厅办公室', byUnit: '浙江省' },
    ]);
    await city.client.reviews.bulk.mutate({ action: 'approve', items: [{ reportId: cityRow.reportId, revision: cityRow.revision }] });
    const back = (await office.client.reviews.queue.query({ periodCode: '2018Q4' })).find((r) => r.reportId === row.reportId)!;
    expect(back).toMatchObject({ status: 'approved', version: row.version + 1 });
    expect(back.returns.map((r) => r.reason)).toEqual(['政府信息公开目录更新情况请附截图']);

    const officeHandled = await office.client.reviews.handled.query({ periodCode: '2018Q4' });
    expect(officeHandled[0]).toMatchObject({ unitName: '宁海县', action: 'return', reason: '政府信息公开目录更新情况请附截图', status: 'approved' });
    const cityHandled = await city.client.reviews.handled.query({ periodCode: '2018Q4' });
    expect(cityHandled[0]).toMatchObject({ unitName: '宁海县', action: 'approve', byName: expect.any(String) });
    // The city's list holds only steps by 宁波市's accounts on 宁波市's counties.
    expect(cityHandled.every((r) => r.parentName === '宁波市' && r.action !== 'accept')).toBe(true);
    expect(officeHandled.some((r) => r.unitName === '宁海县' && r.action === 'approve')).toBe(false);
  });
});
