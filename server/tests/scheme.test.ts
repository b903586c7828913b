import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { copySchemeToYear, renamePeriodCode, renameYearInText, shiftDateByYears } from '../services/schemes';
import type { Scheme } from '../../shared/scheme';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Login = Awaited<ReturnType<TestServer['login']>>;

const auditCount = (action: string) =>
  (s.sqlite.prepare('select count(*) as n from audit_log where action = ?').get(action) as { n: number }).n;

/** Audit rows of `action` written since this was called: each test counts its own, whatever ran before it. */
function auditsSince(action: string): () => number {
  const before = auditCount(action);
  return () => auditCount(action) - before;
}

const totals = (scheme: Scheme) => ({
  city: scheme.indicators.reduce((a, i) => a + Math.round((i.points.city ?? 0) * 100), 0) / 100,
  county: scheme.indicators.reduce((a, i) => a + Math.round((i.points.county ?? 0) * 100), 0) / 100,
});

describe('date shifting helpers', () => {
  it('moves dates by whole years, clamping to the month end', () => {
    expect(shiftDateByYears('2018-12-31', 1)).toBe('2019-12-31');
    expect(shiftDateByYears('2019-01-10', 1)).toBe('2020-01-10');
    expect(shiftDateByYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(shiftDateByYears('2020-02-29', -1)).toBe('2019-02-28');
    expect(shiftDateByYears('2019-02-28', 1)).toBe('2020-02-28');
  });

  it('renames years only where they stand as a year', () => {
    expect(renameYearInText('2018年第一季度', 2018, 2019)).toBe('2019年第一季度');
    expect(renameYearInText('2018年度全省住房城乡建设系统政务公开工作考核指标', 2018, 2019)).toBe('2019年度全省住房城乡建设系统政务公开工作考核指标');
    expect(renameYearInText('文号 12018年 与 2018-12-31', 2018, 2019)).toBe('文号 12018年 与 2018-12-31');
    expect(renamePeriodCode('2018Q4', 2018, 2019)).toBe('2019Q4');
  });

  it('copies a leap-year scheme into the next year with clamped dates', () => {
    const scheme: Scheme = {
      year: 2020,
      title: '2020年度考核',
      disclosureWeight: 0.05,
      grades: [{ name: '合格', min: 0 }],
      groups: [{ code: 'G', name: '组' }],
      periods: [{ code: '2020Q1', name: '2020年第一季度', opens: '2020-02-29', due: '2020-04-10', locks: '2020-04-30', annual: true }],
      indicators: [{ code: 'A', group: 'G', name: '指标', rule: 'deadline', deadline: '2020-02-29', points: { city: 100, county: 100 } }],
    };
    const next = copySchemeToYear(scheme, 2021);
    expect(next.periods[0]).toEqual({ code: '2021Q1', name: '2021年第一季度', opens: '2021-02-28', due: '2021-04-10', locks: '2021-04-30', annual: true });
    expect(next.indicators[0].deadline).toBe('2021-02-28');
    expect(next.title).toBe('2021年度考核');
    expect(scheme.periods[0].code).toBe('2020Q1');
  });
});

describe('scheme management over HTTP (office only)', () => {
  let office: Login;
  beforeAll(async () => {
    office = await s.login('office');
  });

  it('lets every signed-in account read the years and the scheme', async () => {
    const leader = await s.login('leader');
    const years = await leader.client.scheme.years.query();
    expect(years.find((y) => y.year === 2018)).toMatchObject({ year: 2018, title: '2018年度全省住房城乡建设系统政务公开工作考核指标' });
    const got = await leader.client.scheme.get.query({ year: 2018 });
    expect(got).toMatchObject({ year: 2018, version: years.find((y) => y.year === 2018)?.version });
    expect(got.scheme.periods.map((p) => p.code)).toEqual(['2018Q1', '2018Q2', '2018Q3', '2018Q4']);
    expect(totals(got.scheme)).toEqual({ city: 100, county: 100 });
    const missing = await s.raw('GET', 'scheme.get', { year: 2030 }, office.cookie);
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toBe('2030 年度考核方案不存在');
    expect((await s.raw('GET', 'scheme.years', undefined)).status).toBe(401);
  });

  it('refuses save and copy to leader, city and county accounts', async () => {
    const saves = auditsSince('scheme.save');
    const copies = auditsSince('scheme.copy');
    const scheme = (await office.client.scheme.get.query({ year: 2018 })).scheme;
    for (const username of ['leader', '330100', '330106']) {
      const { cookie } = await s.login(username);
      const save = await s.raw('POST', 'scheme.save', { year: 2018, version: 1, scheme }, cookie);
      expect(save.status).toBe(403);
      expect(save.body.error?.data.code).toBe('FORBIDDEN');
      const copy = await s.raw('POST', 'scheme.copy', { fromYear: 2018, toYear: 2019 }, cookie);
      expect(copy.status).toBe(403);
      expect(copy.body.error?.data.code).toBe('FORBIDDEN');
    }
    expect(saves() + copies()).toBe(0);
  });

  it('copies 2018 into 2019 with shifted dates, renamed periods and the same points', async () => {
    const copies = auditsSince('scheme.copy');
    const source = (await office.client.scheme.get.query({ year: 2018 })).scheme;
    const copied = await office.client.scheme.copy.mutate({ fromYear: 2018, toYear: 2019 });
    expect(copied).toMatchObject({ year: 2019, version: 1, frozen: false, reportsByPeriod: {}, reportsByIndicator: {} });
    const got = await office.client.scheme.get.query({ year: 2019 });
    const { scheme } = got;
    expect(scheme.title).toBe('2019年度全省住房城乡建设系统政务公开工作考核指标');
    expect(scheme.disclosureWeight).toBe(source.disclosureWeight);
    expect(scheme.periods).toEqual([
      { code: '2019Q1', name: '2019年第一季度', opens: '2019-03-20', due: '2019-04-10', locks: '2019-04-30' },
      { code: '2019Q2', name: '2019年第二季度', opens: '2019-06-20', due: '2019-07-10', locks: '2019-07-31' },
      { code: '2019Q3', name: '2019年第三季度', opens: '2019-09-20', due: '2019-10-10', locks: '2019-10-31' },
      { code: '2019Q4', name: '2019年第四季度暨年度', opens: '2019-12-20', due: '2020-01-10', locks: '2020-01-31', annual: true },
    ]);
    // CAT-01's deadline is 2018-12-31 in the fixture (another test may have moved it on 2018).
    const cat = source.indicators.find((i) => i.code === 'CAT-01')?.deadline ?? '';
    expect(scheme.indicators.find((i) => i.code === 'CAT-01')?.deadline).toBe(shiftDateByYears(cat, 1));
    expect(scheme.indicators.find((i) => i.code === 'IN-06')?.deadline).toBe('2019-03-31');
    expect(totals(scheme)).toEqual({ city: 100, county: 100 });
    expect(scheme.indicators.map((i) => [i.code, i.points])).toEqual(source.indicators.map((i) => [i.code, i.points]));
    expect(scheme.groups).toEqual(source.groups);
    expect(scheme.grades).toEqual(source.grades);

    const years = await office.client.scheme.years.query();
    expect(years.find((y) => y.year === 2019)).toMatchObject({ version: 1, frozen: false });
    // The new periods exist for the rest of the app.
    const periods = await office.client.periods.list.query({ year: 2019 });
    expect(periods.map((p) => p.code)).toEqual(['2019Q1', '2019Q2', '2019Q3', '2019Q4']);
    expect(copies()).toBe(1);

    const again = await s.raw('POST', 'scheme.copy', { fromYear: 2018, toYear: 2019 }, office.cookie);
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toBe('2019 年度考核方案已存在，不能重复新建');
    expect(copies()).toBe(1);
  });

  it('refuses a weight below 4% with the clause 十四 message and changes nothing', async () => {
    const saves = auditsSince('scheme.save');
    const { version, scheme } = await office.client.scheme.get.query({ year: 2018 });
    const res = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme: { ...scheme, disclosureWeight: 0.039 } }, office.cookie);
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('按方案第十四条“所占分值权重不低于4%”，权重不得低于 4%');
    expect(res.body.error?.data.fieldErrors).toEqual([{ path: 'scheme.disclosureWeight', message: expect.stringContaining('政务公开考核权重为 3.9%') }]);
    const after = await office.client.scheme.get.query({ year: 2018 });
    expect(after.version).toBe(version);
    expect(after.scheme.disclosureWeight).toBe(scheme.disclosureWeight);
    expect(saves()).toBe(0);
  });

  it('refuses points that do not sum to 100, listing every problem', async () => {
    const saves = auditsSince('scheme.save');
    const { version, scheme } = await office.client.scheme.get.query({ year: 2018 });
    const indicators = scheme.indicators.map((i) => (i.code === 'CAT-01' ? { ...i, points: { ...i.points, city: 11 } } : i));
    const res = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme: { ...scheme, indicators, disclosureWeight: 0.02 } }, office.cookie);
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('设区市各指标分值合计为 101 分，应为 100 分');
    expect(res.body.error?.data.fieldErrors).toEqual([
      { path: 'scheme.disclosureWeight', message: expect.stringContaining('第十四条') },
      { path: 'scheme.points.city', message: '设区市各指标分值合计为 101 分，应为 100 分' },
    ]);
    expect((await office.client.scheme.get.query({ year: 2018 })).version).toBe(version);
    expect(saves()).toBe(0);
  });

  it('refuses removing a period that already has reports, naming it', async () => {
    const saves = auditsSince('scheme.save');
    const { version, scheme, reportsByPeriod } = await office.client.scheme.get.query({ year: 2018 });
    expect(reportsByPeriod['2018Q1']).toBeGreaterThan(0);
    const periods = scheme.periods.filter((p) => p.code !== '2018Q1');
    const res = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme: { ...scheme, periods } }, office.cookie);
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain(`期次 2018Q1（2018年第一季度）已有 ${reportsByPeriod['2018Q1']} 份报告，不能删除或修改其代码`);
    const wrongYear = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme: { ...scheme, year: 2019 } }, office.cookie);
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.error?.data.fieldErrors).toEqual([{ path: 'scheme.year', message: '方案中的年度 2019 与所编辑的 2018 年度不一致' }]);
    expect(saves()).toBe(0);
  });

  it('saves a valid edit, bumps the version and audits it; a stale version then gets 409', async () => {
    const saves = auditsSince('scheme.save');
    const { version, scheme } = await office.client.scheme.get.query({ year: 2018 });
    const indicators = scheme.indicators.map((i) => (i.code === 'CAT-01' ? { ...i, deadline: '2019-01-31' } : i));
    const saved = await office.client.scheme.save.mutate({ year: 2018, version, scheme: { ...scheme, indicators, disclosureWeight: 0.05 } });
    expect(saved.version).toBe(version + 1);
    const after = await office.client.scheme.get.query({ year: 2018 });
    expect(after.version).toBe(version + 1);
    expect(after.scheme.disclosureWeight).toBe(0.05);
    expect(after.scheme.indicators.find((i) => i.code === 'CAT-01')?.deadline).toBe('2019-01-31');
    expect(after.scheme.periods).toEqual(scheme.periods);
    expect((await office.client.scheme.years.query()).find((y) => y.year === 2018)?.version).toBe(version + 1);

    const row = (s.sqlite.prepare("select * from audit_log where action = 'scheme.save' order by id").all() as { username: string; entity_id: string; before: string; after: string }[]).slice(-saves());
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ username: 'office', entity_id: '2018' });
    const before = JSON.parse(row[0].before) as { version: number; scheme: Scheme };
    const afterAudit = JSON.parse(row[0].after) as { version: number; scheme: Scheme };
    expect(before.version).toBe(version);
    expect(before.scheme.indicators.find((i) => i.code === 'CAT-01')?.deadline).toBe('2018-12-31');
    expect(afterAudit.version).toBe(version + 1);
    expect(afterAudit.scheme.indicators.find((i) => i.code === 'CAT-01')?.deadline).toBe('2019-01-31');

    // Someone who loaded the old version cannot overwrite the edit.
    const stale = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme }, office.cookie);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.message).toContain('已在您打开之后被他人修改');
    expect((await office.client.scheme.get.query({ year: 2018 })).scheme.disclosureWeight).toBe(0.05);
    expect(saves()).toBe(1);
  });

  it('refuses every edit once the year is frozen', async () => {
    const saves = auditsSince('scheme.save');
    s.sqlite.prepare('update schemes set frozen = 1 where year = ?').run(2018);
    onTestFinished(() => void s.sqlite.prepare('update schemes set frozen = 0 where year = ?').run(2018));
    const { version, scheme, frozen } = await office.client.scheme.get.query({ year: 2018 });
    expect(frozen).toBe(true);
    const res = await s.raw('POST', 'scheme.save', { year: 2018, version, scheme: { ...scheme, title: '改名' } }, office.cookie);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe('2018 年度考核结果已发布，方案已冻结，不能修改');
    expect((await office.client.scheme.get.query({ year: 2018 })).version).toBe(version);
    expect(saves()).toBe(0);
    // A frozen year can still be the basis of a new one.
    const next = await office.client.scheme.copy.mutate({ fromYear: 2018, toYear: 2020 });
    expect(next).toMatchObject({ year: 2020, version: 1, frozen: false });
    expect(next.scheme.periods[0]).toMatchObject({ code: '2020Q1', opens: '2020-03-20' });
  });
});
