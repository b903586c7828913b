import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { callerFor } from '../../tests/helpers/callers';
import { describeRule } from '../../shared/rule-description';
import { templateFields } from '../excel/template';
import { validateIndicatorValue } from '../../shared/validation';
import type { Indicator } from '../../shared/scheme';
import type { IndicatorValue } from '../../shared/report-values';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const CELL = 'applications.new.total';
const NAMED = '表三“一、本年新收政府信息公开申请数量”行“总计”列';

async function mapMc02(annual: Indicator['annual']) {
  const office = callerFor(s.services, 'office');
  const view = await office.scheme.get({ year: 2018 });
  const scheme = { ...view.scheme, indicators: view.scheme.indicators.map((i) => (i.code === 'MC-02' ? { ...i, annual } : i)) };
  return office.scheme.save({ year: 2018, version: view.version, scheme });
}

describe('an indicator takes a figure from the accepted annual report (MC-02 收到申请件数 ← 表三 一、本年新收 总计)', () => {
  it('the scheme refuses a mapping to a field the rule does not use or to a cell the format does not have', async () => {
    await expect(mapMc02({ count: CELL })).rejects.toThrow('指标 MC-02 的计分方式不使用数量，不能从年度报告取数');
    await expect(mapMc02({ denominator: 'applications.new.everyone' })).rejects.toThrow('指标 MC-02 引用的年度报告单元格 applications.new.everyone 不存在');
  });

  it('scoring reads the cell from the unit\'s accepted annual report and the explanation names the table and cell', async () => {
    await mapMc02({ denominator: CELL });
    const office = callerFor(s.services, 'office');
    const grid = await office.annualReports.grid({ year: 2018 });
    const accepted = grid.rows.find((r) => r.level === 'county' && r.status === 'accepted')!;
    const annual = await office.annualReports.get({ unitCode: accepted.unitCode, year: 2018 });
    const received = annual.data.cells[CELL]!;
    expect(received).toBeGreaterThan(0);

    const score = await office.scores.unit({ year: 2018, unitCode: accepted.unitCode });
    const mc02 = score.score.indicators.find((i) => i.code === 'MC-02')!;
    expect(mc02.values.denominator).toBe(received);
    const n = mc02.values.numerator!;
    expect(mc02.score).toBe(Math.round(800 * Math.min(1, n / received)));
    expect(mc02.explanation).toContain(`收到申请件数 ${received} 件`);
    expect(mc02.explanation).toContain(`（收到申请件数取自2018年度政府信息公开工作年度报告${NAMED}）`);

    // A unit whose annual report is not accepted yet has no such figure: counted as not reported.
    let other: (typeof score)['score']['indicators'][number] | undefined;
    for (const r of grid.rows.filter((x) => x.level === 'county' && x.status !== 'accepted')) {
      const u = (await office.scores.unit({ year: 2018, unitCode: r.unitCode })).score;
      if (u.hasReport) other = u.indicators.find((i) => i.code === 'MC-02');
      if (other) break;
    }
    if (!other) throw new Error('the demo has no county with a counted report and an annual report not accepted');

    // Reopening the accepted annual report takes the figure away from the stored scores at once; accepting again brings it back.
    const reopened = await office.annualReports.reopen({ reportId: annual.report!.id, revision: annual.report!.revision, reason: '公开网址打不开，请更正' });
    const after = (await office.scores.unit({ year: 2018, unitCode: accepted.unitCode })).score.indicators.find((i) => i.code === 'MC-02')!;
    expect(after.values.denominator ?? null).toBeNull();
    expect(after.explanation).toContain('本单位该年度报告尚未采纳，按未填报计');
    const unit = callerFor(s.services, accepted.unitCode);
    const form = await unit.annualReports.get({ unitCode: accepted.unitCode, year: 2018 });
    const resubmitted = await unit.annualReports.submit({ unitCode: accepted.unitCode, year: 2018, revision: form.report!.revision, data: form.data });
    expect(reopened.status).toBe('returned');
    const city = callerFor(s.services, grid.rows.find((r) => r.unitCode === accepted.unitCode)!.parentCode!);
    const approved = await city.annualReports.approve({ reportId: resubmitted.reportId, revision: resubmitted.revision });
    await office.annualReports.accept({ reportId: approved.reportId, revision: approved.revision });
    const back = (await office.scores.unit({ year: 2018, unitCode: accepted.unitCode })).score.indicators.find((i) => i.code === 'MC-02')!;
    expect(back).toMatchObject({ score: mc02.score, explanation: mc02.explanation });
    expect(other.score).toBe(0);
    expect(other.explanation).toContain(`（收到申请件数取自政府信息公开工作年度报告${NAMED}；本单位该年度报告尚未采纳，按未填报计）`);
  });

  it('the rule description says where the figure comes from; the progress report need not carry it', async () => {
    const view = await callerFor(s.services, 'office').scheme.get({ year: 2018 });
    const mc02 = view.scheme.indicators.find((i) => i.code === 'MC-02')!;
    expect(mc02.annual).toEqual({ denominator: CELL });
    expect(describeRule(mc02, 'county')).toBe(
      `按“按期答复件数 ÷ 收到申请件数”计算，达到 100% 得满分，未达到按比例得分；无任务（分母为 0）得满分；收到申请件数取自本单位已采纳的政府信息公开工作年度报告${NAMED}，无需在此填报`,
    );
    const check = (value: IndicatorValue) => validateIndicatorValue({ indicator: mc02, level: 'county', year: 2018, reportDate: '2019-01-10', value, mode: 'submit', previous: null });
    expect(check({ numerator: 4 }).errors).toEqual([]);
    expect(check({}).errors.map((e) => e.message)).toEqual(['请填写按期答复件数']);
    // The Excel fill-in template asks only for what the unit reports itself.
    expect(templateFields(mc02, 'county').map((f) => f.key)).toEqual(['numerator']);
  });
});
