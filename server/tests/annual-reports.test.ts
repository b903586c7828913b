import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { callerFor } from '../../tests/helpers/callers';
import { sampleAnnualData } from '../../shared/annual-report/sample';
import { recomputeTotals, type AnnualReportData } from '../../shared/annual-report/check';
import { annualFormat } from '../../shared/annual-report/format';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

// 滨江区 has no 2018 annual report in the demo story (its 2017 one is accepted); the demo day is
// 2019-01-25 and the office asked for publication by 2019-01-20.
const KEY = { unitCode: '330108', year: 2018 };
const count = (sql: string, ...args: unknown[]) => (s.sqlite.prepare(sql).get(...args) as { n: number }).n;
const broken = (): AnnualReportData => {
  const d = sampleAnnualData();
  return { ...d, cells: { ...d.cells, 'applications.resultTotal.natural': 8 } };
};

describe('annual report workflow (滨江区 2018)', () => {
  it('draft → broken total refused with the cell named → submit → city approves → office returns → v2 → accept → reopen', async () => {
    const county = callerFor(s.services, '330108');
    const city = callerFor(s.services, '330100');
    const office = callerFor(s.services, 'office');

    const form = await county.annualReports.get(KEY);
    expect(form).toMatchObject({ report: null, editBlock: null, due: '2019-01-20', formatId: 'national-2021' });
    expect(form.timeliness).toMatchObject({ status: 'missing', daysLate: 5, deadline: '2019-01-20' });
    expect(form.previous?.year).toBe(2017);

    // A draft may have blanks; a stale revision is a conflict.
    const d1 = await county.annualReports.saveDraft({ ...KEY, revision: 0, data: { cells: { 'applications.new.natural': 4 }, texts: {}, publishedUrl: null, publishedOn: null } });
    expect(d1).toMatchObject({ status: 'draft', revision: 1, version: 1 });
    await expect(county.annualReports.saveDraft({ ...KEY, revision: 0, data: sampleAnnualData() })).rejects.toThrow('该年度报告已在您打开之后被修改');

    // A broken total is refused over HTTP with every problem addressed to its cell; nothing changes.
    const cookie = (await s.login('330108')).cookie;
    const auditBefore = count('select count(*) as n from audit_log');
    const bad = await s.raw('POST', 'annualReports.submit', { ...KEY, revision: 1, data: broken() }, cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toBe('年度报告有 3 处问题，请修改后再报送');
    expect(bad.body.error?.data.fieldErrors).toEqual([
      { path: 'data.applications.resultTotal.total', message: '表三“三、本年度办理结果 （七）总计”行“总计”列：应等于自然人与法人或其他组织各列之和 11，填写的是 12' },
      { path: 'data.applications.resultTotal.natural', message: '表三“三、本年度办理结果 （七）总计”行“自然人”列：应等于（一）至（六）各项之和 9，填写的是 8' },
      {
        path: 'data.applications.carriedOut.natural',
        message:
          '表三“四、结转下年度继续办理”行“自然人”列：一、本年新收政府信息公开申请数量（10） + 二、上年结转政府信息公开申请数量（2） = 12，应等于 （七）总计（8） + 四、结转下年度继续办理（3） = 11',
      },
    ]);
    expect(count('select count(*) as n from audit_log')).toBe(auditBefore);

    const sub = await county.annualReports.submit({ ...KEY, revision: 1, data: sampleAnnualData() });
    expect(sub).toMatchObject({ status: 'submitted', version: 1, revision: 2 });
    await expect(county.annualReports.saveDraft({ ...KEY, revision: 2, data: sampleAnnualData() })).rejects.toThrow('年度报告已报送，不能修改');

    // Published 2019-01-20, due 2019-01-20: on time.
    expect((await office.annualReports.get(KEY)).timeliness).toMatchObject({ status: 'on-time', daysLate: 0 });
    // The office cannot accept a county report before its city approved it.
    await expect(office.annualReports.accept({ reportId: sub.reportId, revision: 2 })).rejects.toThrow('年度报告当前状态为“已报送”，不能采纳');
    await expect(callerFor(s.services, '330200').annualReports.approve({ reportId: sub.reportId, revision: 2 })).rejects.toThrow('无权审核滨江区的年度报告');
    const ap = await city.annualReports.approve({ reportId: sub.reportId, revision: 2 });
    expect(ap.status).toBe('approved');
    await expect(office.annualReports.return({ reportId: sub.reportId, revision: ap.revision, reason: '' })).rejects.toThrow();
    const ret = await office.annualReports.return({ reportId: sub.reportId, revision: ap.revision, reason: '行政许可数量与网站公开的不一致' });
    expect(ret).toMatchObject({ status: 'returned', version: 2 });
    const returned = await county.annualReports.get(KEY);
    expect(returned.report).toMatchObject({ status: 'returned', returnReason: '行政许可数量与网站公开的不一致', version: 2 });
    expect(returned.data.cells['art20_5.licensing.decisions']).toBe(1520);

    const fixed = sampleAnnualData();
    fixed.cells['art20_5.licensing.decisions'] = 1498;
    const sub2 = await county.annualReports.submit({ ...KEY, revision: ret.revision, data: fixed });
    expect(sub2).toMatchObject({ status: 'submitted', version: 2 });
    const cmp = await office.annualReports.compare({ reportId: sub.reportId, version: 2 });
    expect(cmp.changes).toEqual([{ cell: 'art20_5.licensing.decisions', label: '表二“行政许可”行“本年处理决定数量”列', before: 1520, after: 1498 }]);
    expect((await office.annualReports.versions({ reportId: sub.reportId })).map((v) => v.version)).toEqual([1, 2]);

    const ap2 = await city.annualReports.approve({ reportId: sub.reportId, revision: sub2.revision });
    const acc = await office.annualReports.accept({ reportId: sub.reportId, revision: ap2.revision });
    expect(acc.status).toBe('accepted');
    await expect(city.annualReports.reopen({ reportId: sub.reportId, revision: acc.revision, reason: '需要更正' })).rejects.toThrow('仅厅办公室可以执行此操作');
    const re = await office.annualReports.reopen({ reportId: sub.reportId, revision: acc.revision, reason: '网站公开版本与报送版本不一致' });
    expect(re).toMatchObject({ status: 'returned', version: 3 });

    const actions = s.sqlite.prepare('select action from audit_log where entity = ? and entity_id = ? order by id').all('annual_report', String(sub.reportId)) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual([
      'annualReport.saveDraft',
      'annualReport.submit',
      'annualReport.approve',
      'annualReport.return',
      'annualReport.submit',
      'annualReport.approve',
      'annualReport.accept',
      'annualReport.reopen',
    ]);
    const notices = s.sqlite.prepare("select title from notices where unit_code = '330108' and title like '2018年度政府信息公开%' order by id").all() as { title: string }[];
    expect(notices.map((n) => n.title)).toContain('2018年度政府信息公开工作年度报告被退回');
  });

  it('warns (and still saves) when 上年结转 differs from last year’s accepted 结转下年度, showing both numbers', async () => {
    const county = callerFor(s.services, '330108');
    const view = await county.annualReports.get(KEY);
    expect(view.report?.status).toBe('returned');
    const lastOut = view.previous!.data.cells['applications.carriedOut.natural']!;
    const lastOutTotal = view.previous!.data.cells['applications.carriedOut.total']!;
    const data = sampleAnnualData();
    // 自然人: carried in one more than last year carried out; 新收 lowered so that 一 + 二 = 三（七）+ 四 still holds.
    data.cells['applications.carriedIn.natural'] = lastOut + 1;
    data.cells['applications.new.natural'] = 12 - (lastOut + 1);
    const cells = recomputeTotals(annualFormat('national-2021'), data.cells);
    const res = await county.annualReports.saveDraft({ ...KEY, revision: view.report!.revision, data: { ...data, cells } });
    expect(res.warnings.map((w) => w.message)).toContain(
      `表三“二、上年结转政府信息公开申请数量”行“自然人”列为 ${lastOut + 1}，2017年度报告“四、结转下年度继续办理”为 ${lastOut}，两者应一致`,
    );
    // Matching last year exactly: no warning.
    const same = sampleAnnualData();
    for (const col of ['natural', 'business', 'research', 'publicWelfare', 'legal', 'otherOrg']) {
      const v = view.previous!.data.cells[`applications.carriedOut.${col}`]!;
      same.cells[`applications.carriedIn.${col}`] = v;
      // Keep 一 + 二 = 三（七）+ 四: lower 新收, or when that would go negative, grant the extra ones.
      const room = (same.cells[`applications.resultTotal.${col}`] ?? 0) + (same.cells[`applications.carriedOut.${col}`] ?? 0) - v;
      same.cells[`applications.new.${col}`] = Math.max(0, room);
      if (room < 0) same.cells[`applications.granted.${col}`] = (same.cells[`applications.granted.${col}`] ?? 0) - room;
    }
    const sameCells = recomputeTotals(annualFormat('national-2021'), same.cells);
    expect(sameCells['applications.carriedIn.total']).toBe(lastOutTotal);
    const ok = await county.annualReports.saveDraft({ ...KEY, revision: res.revision, data: { ...same, cells: sameCells } });
    expect(ok.warnings).toEqual([]);
  });

  it('due date per year: the office moves it, timeliness follows; reminders reach exactly the units that have not submitted', async () => {
    const office = callerFor(s.services, 'office');
    await expect(callerFor(s.services, '330100').annualReports.setDue({ year: 2018, due: '2019-01-15' })).rejects.toThrow('仅厅办公室可以执行此操作');
    await expect(office.annualReports.setDue({ year: 2018, due: '2018-12-01' })).rejects.toThrow('2018年度报告的截止日期应在2019年1月1日或之后');
    await office.annualReports.setDue({ year: 2018, due: '2019-01-15' });
    const grid = await office.annualReports.grid({ year: 2018 });
    expect(grid.due).toBe('2019-01-15');
    // 滨江区 published on 2019-01-20 (its submitted versions say so): 5 days after 2019-01-15.
    expect(grid.rows.find((r) => r.unitCode === '330108')).toMatchObject({ timeliness: 'late', daysLate: 5, publishedOn: '2019-01-20' });
    const notSubmitted = grid.rows.filter((r) => !r.submittedAt).map((r) => r.unitCode);
    expect(notSubmitted).toEqual(expect.arrayContaining(['330922', '331127']));
    expect(grid.rows.find((r) => r.unitCode === '331127')).toMatchObject({ timeliness: 'missing', daysLate: 10 });

    const before = count("select count(*) as n from notices where kind = 'reminder' and title like '%年度政府信息公开工作年度报告'");
    const r = await office.annualReports.remind({ year: 2018 });
    const all = await office.annualReports.grid({ year: 2018 });
    expect(r.count).toBe(all.rows.filter((x) => !x.submittedAt).length);
    expect(r.units.map((u) => u.code)).toEqual(expect.arrayContaining(notSubmitted));
    expect(r.units.map((u) => u.code)).not.toContain('330108');
    expect(count("select count(*) as n from notices where kind = 'reminder' and title like '%年度政府信息公开工作年度报告'")).toBe(before + r.count);
    await office.annualReports.setDue({ year: 2018, due: '2019-01-20' });
  });

  it('the province summary equals the cell-by-cell sum of the accepted reports; cities add up their counties', async () => {
    const office = callerFor(s.services, 'office');
    // Accept one more report: 杭州市's own.
    const hz = callerFor(s.services, '330100');
    const v = await hz.annualReports.get({ unitCode: '330100', year: 2018 });
    if (!v.report || v.report.status === 'draft' || v.report.status === 'returned') {
      const sub = await hz.annualReports.submit({ unitCode: '330100', year: 2018, revision: v.report?.revision ?? 0, data: sampleAnnualData() });
      await office.annualReports.accept({ reportId: sub.reportId, revision: sub.revision });
    }
    const summary = await office.annualReports.summary({ year: 2018 });
    // Independently: every accepted report's current version, summed by hand.
    const rows = s.sqlite
      .prepare(
        `select r.unit_code as unit, o.parent_code as parent, v.data as data from annual_reports r
         join annual_report_versions v on v.report_id = r.id and v.version = r.current_version
         join org_units o on o.code = r.unit_code where r.year = 2018 and r.status = 'accepted'`,
      )
      .all() as { unit: string; parent: string; data: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(summary.province.accepted).toBe(rows.length);
    const sum = (filter: (r: { unit: string; parent: string }) => boolean) => {
      const out: Record<string, number> = {};
      for (const r of rows.filter(filter)) for (const [k, val] of Object.entries((JSON.parse(r.data) as AnnualReportData).cells)) out[k] = Math.round(((out[k] ?? 0) + (val ?? 0)) * 100) / 100;
      return out;
    };
    const province = sum(() => true);
    for (const [k, val] of Object.entries(summary.province.cells)) expect(val, k).toBe(province[k] ?? 0);
    const hzSum = sum((r) => r.unit === '330100' || r.parent === '330100');
    const hzRow = summary.cities.find((c) => c.code === '330100')!;
    expect(hzRow.cells['applications.new.total']).toBe(hzSum['applications.new.total']);
    // 公开率 = (予以公开 + 部分公开) / （七）总计.
    const p = summary.province.cells;
    expect(summary.province.disclosure).toEqual({
      numerator: p['applications.granted.total'] + p['applications.partial.total'],
      denominator: p['applications.resultTotal.total'],
      percent: Math.round(((p['applications.granted.total'] + p['applications.partial.total']) / p['applications.resultTotal.total']) * 1000) / 10,
    });
    expect(summary.province.figures.received).toBe(p['applications.new.total']);
    expect(summary.cities.reduce((n, c) => n + c.accepted, 0)).toBe(summary.province.accepted);
    // Units that have not submitted are listed (滨江区 submitted above); late and rule-breaking ones too.
    expect(summary.late.map((m) => [m.code, m.publishedOn, m.daysLate])).toEqual([['330482', '2019-01-22', 2], ['331081', '2019-01-24', 4]]);
    expect(summary.breaking.map((m) => m.code)).toEqual(['330523', '330784', '330881']);
    const anji = await office.annualReports.get({ unitCode: '330523', year: 2018 });
    expect(anji.report).toMatchObject({ status: 'returned', version: 2 });
    expect(anji.report?.returnReason).toContain('表格数据不一致，请核对后重新报送：表三');
    // The demo's 2017 reports: every reporting unit's, accepted.
    const y2017 = await office.annualReports.summary({ year: 2017 });
    expect(y2017.province).toMatchObject({ accepted: 100, expected: 100 });
    expect(summary.missing.map((m) => m.code)).toEqual(['330922', '331127']);
    await expect(callerFor(s.services, '330100').annualReports.summary({ year: 2018 })).rejects.toThrow('年度报告全省汇总仅厅办公室和厅领导可以查看');
  });

  it('scope: a county reads only itself, a city its counties, leaders read all and write nothing', async () => {
    await expect(callerFor(s.services, '330108').annualReports.get({ unitCode: '330109', year: 2018 })).rejects.toThrow('无权查看萧山区的数据');
    await expect(callerFor(s.services, '330200').annualReports.get({ unitCode: '330109', year: 2018 })).rejects.toThrow();
    const leaderView = await callerFor(s.services, 'leader').annualReports.get({ unitCode: '330109', year: 2018 });
    expect(leaderView.editBlock).toBe('只读：仅本单位账号可以填报');
    const cityGrid = await callerFor(s.services, '330100').annualReports.grid({ year: 2018 });
    expect(cityGrid.rows.every((r) => r.unitCode === '330100' || r.parentCode === '330100')).toBe(true);
    await expect(callerFor(s.services, '330100').annualReports.saveDraft({ ...KEY, revision: 0, data: sampleAnnualData() })).rejects.toThrow();
  });

  it('the status grid (报送进度) has the annual report beside the periods: status and timeliness per unit, as annualReports.grid says', async () => {
    const office = callerFor(s.services, 'office');
    const status = await office.periods.statusGrid({ year: 2018 });
    const annual = await office.annualReports.grid({ year: 2018 });
    expect(status.annual).toEqual({ due: annual.due, summary: annual.summary });
    const byUnit = new Map(annual.rows.map((r) => [r.unitCode, r]));
    for (const row of status.rows) {
      const a = byUnit.get(row.unitCode);
      expect(row.annual, row.unitCode).toEqual(
        a ? { reportId: a.reportId, reportStatus: a.status, timeliness: a.timeliness, daysLate: a.daysLate, publishedOn: a.publishedOn, problems: a.problems } : null,
      );
    }
    // 331081 published on 2019-01-24, four days after the office's due date 2019-01-20; 331127 has not submitted.
    expect(status.rows.find((r) => r.unitCode === '331081')?.annual).toMatchObject({ timeliness: 'late', daysLate: 4, publishedOn: '2019-01-24' });
    expect(status.rows.find((r) => r.unitCode === '331127')?.annual).toMatchObject({ timeliness: 'missing', reportId: null, daysLate: 5 });
    // A city sees its own and its counties' annual reports only.
    const city = await callerFor(s.services, '330100').periods.statusGrid({ year: 2018 });
    expect(city.rows.every((r) => r.unitCode === '330100' || r.parentCode === '330100')).toBe(true);
    expect(city.rows.filter((r) => r.annual).length).toBe(city.rows.length);
  });
});
