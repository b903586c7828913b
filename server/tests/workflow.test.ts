import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { fullCountyValues } from '../../tests/helpers/values';
import { notifySubmitted } from '../services/reporting';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const KEY = { unitCode: '330108', periodCode: '2018Q4' };
// 滨江区 reported 255 of 330 shantytown units by Q3 (demo story); Q4 figures are cumulative.
const q4 = (hs01 = 300) => fullCountyValues({ 'HS-01': { numerator: hs01, denominator: 330 } });
const auditRows = (reportId?: number) =>
  reportId === undefined
    ? (s.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n
    : (s.sqlite.prepare('select count(*) as n from audit_log where report_id = ?').get(reportId) as { n: number }).n;

describe('reporting workflow over HTTP (滨江区, 2018Q4, demo day 2019-01-25)', () => {
  it('draft → conflict → invalid submit refused → submit → return → resubmit v2 → approve → accept → reopen', async () => {
    const county = await s.login('330108');
    const city = await s.login('330100');
    const office = await s.login('office');

    const form = await county.client.reports.get.query(KEY);
    expect(form.report).toBeNull();
    expect(form.editBlock).toBeNull();
    expect(form.period.name).toBe('2018年第四季度暨年度');
    expect(form.timeliness).toMatchObject({ status: 'missing', daysLate: 15, deadline: '2019-01-10' });

    // Draft, then a stale save is refused with a conflict.
    const d1 = await county.client.reports.saveDraft.mutate({ ...KEY, revision: 0, values: { 'HS-01': { numerator: 10, denominator: 150 } } });
    expect(d1).toMatchObject({ status: 'draft', revision: 1, version: 1 });
    const stale = await s.raw('POST', 'reports.saveDraft', { ...KEY, revision: 0, values: { 'HS-01': { numerator: 99, denominator: 150 } } }, county.cookie);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.message).toContain('该报告已在您打开之后被修改');
    expect((await county.client.reports.get.query(KEY)).values['HS-01']).toEqual({ numerator: 10, denominator: 150 });

    // An invalid submission lists every problem on its field and changes nothing.
    const auditBefore = auditRows();
    const bad = await s.raw(
      'POST',
      'reports.submit',
      { ...KEY, revision: 1, values: fullCountyValues({ 'HS-01': { numerator: 120, denominator: 100 }, 'CAT-03': { yes: true } }) },
      county.cookie,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.fieldErrors).toEqual(
      expect.arrayContaining([
        {
          path: 'values.HS-01.numerator',
          indicator: 'HS-01',
          field: 'numerator',
          message: expect.stringContaining('已完成改造套数 120 大于年度计划改造套数 100'),
        },
        { path: 'values.CAT-03.evidenceUrl', indicator: 'CAT-03', field: 'evidenceUrl', message: expect.any(String) },
      ]),
    );
    expect(auditRows()).toBe(auditBefore);
    expect((await county.client.reports.get.query(KEY)).report?.revision).toBe(1);

    const sub = await county.client.reports.submit.mutate({ ...KEY, revision: 1, values: q4() });
    expect(sub).toMatchObject({ status: 'submitted', version: 1, revision: 2 });

    // The county cannot approve itself; the city sees it in its queue.
    const selfApprove = await s.raw('POST', 'reviews.approve', { reportId: sub.reportId, revision: 2 }, county.cookie);
    expect(selfApprove.status).toBe(403);
    const queue = await city.client.reviews.queue.query({ periodCode: '2018Q4' });
    const row = queue.find((r) => r.unitCode === '330108');
    expect(row).toMatchObject({ version: 1, changes: null, timeliness: { status: 'late', daysLate: 15 } });

    // Return needs a reason.
    const noReason = await s.raw('POST', 'reviews.return', { reportId: sub.reportId, revision: 2, reason: ' ' }, city.cookie);
    expect(noReason.status).toBe(400);
    const ret = await city.client.reviews.return.mutate({ reportId: sub.reportId, revision: 2, reason: '棚改完成数与市级台账不一致，请核实' });
    expect(ret).toMatchObject({ status: 'returned', version: 2 });

    // The county sees the reason on the form and in a notice; the values carry over into version 2.
    const back = await county.client.reports.get.query(KEY);
    expect(back.report).toMatchObject({ status: 'returned', returnReason: '棚改完成数与市级台账不一致，请核实', currentVersion: 2 });
    expect(back.values['HS-01']).toEqual({ numerator: 300, denominator: 330 });
    const notices = await county.client.notices.list.query();
    expect(notices[0]).toMatchObject({ kind: 'returned', title: '2018年第四季度暨年度报告被退回' });
    expect(notices[0].body).toContain('理由：棚改完成数与市级台账不一致，请核实');

    const v2 = await county.client.reports.submit.mutate({
      ...KEY,
      revision: back.report!.revision,
      values: q4(298),
    });
    expect(v2).toMatchObject({ status: 'submitted', version: 2 });
    const q2 = await city.client.reviews.queue.query({ periodCode: '2018Q4' });
    expect(q2.find((r) => r.unitCode === '330108')).toMatchObject({ version: 2, previousVersion: 1, changes: [{ indicator: 'HS-01', fields: ['numerator'] }] });
    // The change is named as the reporter knows it (the tooltip shows these, never `HS-01：分子`).
    expect(q2.find((r) => r.unitCode === '330108')!.changes).toEqual([{ indicator: 'HS-01', fields: ['numerator'], name: '棚户区改造年度任务完成率', labels: ['已完成改造套数'] }]);
    const cmp = await city.client.reports.compare.query({ reportId: v2.reportId, version: 2 });
    expect(cmp.changes).toEqual([{ indicator: 'HS-01', fields: ['numerator'] }]);
    expect(cmp.previous['HS-01']?.numerator).toBe(300);
    expect(cmp.current['HS-01']?.numerator).toBe(298);

    // The office cannot accept before the city approved it.
    const early = await s.raw('POST', 'reviews.accept', { reportId: v2.reportId, revision: v2.revision }, office.cookie);
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toBe('报告当前状态为“已报送”，不能采纳');

    const ap = await city.client.reviews.approve.mutate({ reportId: v2.reportId, revision: v2.revision });
    expect(ap.status).toBe('approved');
    expect((await office.client.reviews.queue.query({ periodCode: '2018Q4' })).some((r) => r.unitCode === '330108')).toBe(true);
    const acc = await office.client.reviews.accept.mutate({ reportId: v2.reportId, revision: ap.revision });
    expect(acc.status).toBe('accepted');

    // Accepted: the county can no longer edit; only the office can reopen, with a reason.
    const edit = await s.raw('POST', 'reports.saveDraft', { ...KEY, revision: acc.revision, values: {} }, county.cookie);
    expect(edit.status).toBe(403);
    expect(edit.body.error?.message).toBe('报告已被厅办公室采纳；如需修改，请联系厅办公室重新开放');
    expect((await s.raw('POST', 'reviews.reopen', { reportId: v2.reportId, revision: acc.revision, reason: '数据核查' }, city.cookie)).status).toBe(403);
    const re = await office.client.reviews.reopen.mutate({ reportId: v2.reportId, revision: acc.revision, reason: '年度核查发现问题，重新开放' });
    expect(re).toMatchObject({ status: 'returned', version: 3 });

    // Every version is kept; submitted ones unchanged.
    const versions = await office.client.reports.versions.query({ reportId: v2.reportId });
    expect(versions.map((v) => [v.version, Boolean(v.submittedAt)])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    const actions = s.db.all<{ action: string }>(sql`select action from review_actions where report_id = ${v2.reportId} order by id`);
    expect(actions.map((a) => a.action)).toEqual(['submit', 'return', 'submit', 'approve', 'accept', 'reopen']);
    expect(auditRows(v2.reportId)).toBe(7);
  });

  it('a web draft keeps a value it cannot yet submit, says so as a warning; submitting it is refused and stores nothing', async () => {
    const county = await s.login('330922');
    const key = { unitCode: '330922', periodCode: '2018Q4' };
    const values = { 'HS-01': { numerator: 120, denominator: 100 } };
    const saved = await county.client.reports.saveDraft.mutate({ ...key, revision: 0, values });
    expect(saved.warnings).toEqual([{ indicator: 'HS-01', field: 'numerator', message: '已完成改造套数 120 大于年度计划改造套数 100' }]);
    expect((await county.client.reports.get.query(key)).values['HS-01']).toMatchObject({ numerator: 120, denominator: 100 });
    const refused = await s.raw('POST', 'reports.submit', { ...key, revision: saved.revision, values }, county.cookie);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/^报告有 \d+ 处问题，请修改后再报送$/);
    const report = await county.client.reports.get.query(key);
    expect(report.report?.status).toBe('draft');
    expect(report.report?.revision).toBe(saved.revision);
  });

  it('a locked period refuses edits, saying why and who can reopen it', async () => {
    const county = await s.login('330109');
    const res = await s.raw('POST', 'reports.saveDraft', { unitCode: '330109', periodCode: '2018Q1', revision: 0, values: {} }, county.cookie);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe('2018年第一季度已于2018年4月30日锁定，不能再修改；如需修改，请联系厅办公室退回报告或调整锁定日期');
  });

  it('a county cannot write another unit\'s report; a leader cannot write at all', async () => {
    const county = await s.login('330106');
    const other = await s.raw('POST', 'reports.saveDraft', { unitCode: '330108', periodCode: '2018Q4', revision: 0, values: {} }, county.cookie);
    expect(other.status).toBe(403);
    const leader = await s.login('leader');
    const res = await s.raw('POST', 'reports.saveDraft', { unitCode: '330108', periodCode: '2018Q4', revision: 0, values: {} }, leader.cookie);
    expect(res.status).toBe(403);
  });

  it('the office extends a due date with a reason, reminds exactly the units that have not submitted', async () => {
    const office = await s.login('office');
    const grid = await office.client.periods.statusGrid.query({ year: 2018 });
    const q4 = grid.summary.find((p) => p.periodCode === '2018Q4')!;
    const missing = grid.rows.filter((r) => r.cells.find((c) => c.periodCode === '2018Q4')?.timeliness === 'missing').map((r) => r.unitCode);
    expect(q4.missing).toBe(missing.length);
    const res = await office.client.periods.remind.mutate({ periodCode: '2018Q4' });
    expect(res.units.map((u) => u.code).sort()).toEqual(missing.sort());
    const ext = await office.client.periods.extendDue.mutate({ periodCode: '2018Q4', unitCode: '330110', due: '2019-01-31', reason: '机构调整，延期报送' });
    expect(ext.due).toBe('2019-01-31');
    const g2 = await office.client.periods.statusGrid.query({ year: 2018, cityCode: '330100' });
    const cell = g2.rows.find((r) => r.unitCode === '330110')!.cells.find((c) => c.periodCode === '2018Q4')!;
    expect(cell.deadline).toBe('2019-01-31');
    expect(g2.rows.every((r) => r.unitCode === '330100' || r.parentCode === '330100')).toBe(true);
  });

  it("a city's submission notice goes to its own province's office, whatever other provinces exist", () => {
    // A province whose code sorts before 330000: the first province in code order is not the city's.
    s.sqlite.prepare("insert into org_units (code, name, level, kind) values ('110000', '北京市', 'province', 'province')").run();
    s.services.units.reload();
    try {
      const city = s.services.units.get('330100')!;
      notifySubmitted(s.services.db, { units: s.services.units, now: new Date('2019-01-25T02:00:00Z') }, city, '测试用报告', 1, null);
      const to = s.sqlite.prepare("select unit_code as unitCode from notices where title = '杭州市报送了测试用报告'").all();
      expect(to).toEqual([{ unitCode: '330000' }]);
    } finally {
      s.sqlite.prepare("delete from notices where title = '杭州市报送了测试用报告'").run();
      s.sqlite.prepare("delete from org_units where code = '110000'").run();
      s.services.units.reload();
    }
  });
});
