import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { toFixedHalfUp } from '../../shared/format';

/**
 * The dashboards over HTTP on the demo database (clock 2019-01-25, so 2018Q4 is the current
 * period). Every figure is checked against an independent SQL computation on the same database.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const pct = (n: number, d: number) => (d > 0 ? Number(toFixedHalfUp((n / d) * 100, 1)) : null);

/** Units (city + county) that existed on Q4's due date; with `city`, that city and its counties (or only its counties). */
function unitsSql(opts: { city?: string; countiesOnly?: boolean } = {}): string[] {
  const city = opts.city ?? null;
  return (
    s.sqlite
      .prepare(
        `select code from org_units where level in ('city','county')
           and (valid_from is null or valid_from <= ?) and (valid_to is null or valid_to >= ?)
           and (? is null or parent_code = ? or (? = 0 and code = ?)) order by code`,
      )
      .all('2019-01-10', '2019-01-10', city, city, opts.countiesOnly ? 1 : 0, city) as { code: string }[]
  ).map((r) => r.code);
}

/** Report timeliness counts of a period straight from the tables (UTC+8 calendar day vs due / extension). */
function timelinessSql(periodCode: string, codes: string[]) {
  const rows = s.sqlite
    .prepare(
      `select r.unit_code as unit, date(r.first_submitted_at, '+8 hours') as day, coalesce(e.due, p.due) as deadline
         from reports r join periods p on p.id = r.period_id
         left join due_extensions e on e.period_id = p.id and e.unit_code = r.unit_code
        where p.code = ? and r.first_submitted_at is not null`,
    )
    .all(periodCode) as { unit: string; day: string; deadline: string }[];
  const mine = rows.filter((r) => codes.includes(r.unit));
  return { submitted: mine.length, onTime: mine.filter((r) => r.day <= r.deadline).length, late: mine.filter((r) => r.day > r.deadline).length };
}

/**
 * Σ numerator / Σ denominator of a ratio indicator over counties' latest submitted (submitted,
 * approved or accepted) report up to a period.
 */
function latestSubmittedSums(indicator: string, periodCode: string, only: { city?: string; county?: string } = {}) {
  const city = only.city ?? null;
  const county = only.county ?? null;
  return s.sqlite
    .prepare(
      `with q as (
         select r.unit_code as unit, p.code as pc, v.id as vid
           from reports r
           join periods p on p.id = r.period_id
           join report_versions v on v.report_id = r.id and v.version = r.current_version
           join org_units u on u.code = r.unit_code
          where u.level = 'county' and r.status in ('submitted','approved','accepted') and p.code <= ?
            and (? is null or u.parent_code = ?) and (? is null or u.code = ?)
       ),
       latest as (select unit, max(pc) as pc from q group by unit)
       select coalesce(sum(rv.numerator), 0) as num, coalesce(sum(rv.denominator), 0) as den, count(rv.version_id) as n
         from latest l join q on q.unit = l.unit and q.pc = l.pc
         join report_values rv on rv.version_id = q.vid and rv.indicator_code = ?
        where rv.numerator is not null and rv.denominator is not null`,
    )
    .get(periodCode, city, city, county, county, indicator) as { num: number; den: number; n: number };
}

/** Units whose latest submitted report up to a period carries a catalogue date on or before `asOf`. */
function catalogueDoneSql(periodCode: string, asOf: string, codes: string[]) {
  const rows = s.sqlite
    .prepare(
      `with q as (
         select r.unit_code as unit, p.code as pc, v.id as vid
           from reports r join periods p on p.id = r.period_id
           join report_versions v on v.report_id = r.id and v.version = r.current_version
          where r.status in ('submitted','approved','accepted') and p.code <= ?
       ),
       latest as (select unit, max(pc) as pc from q group by unit)
       select l.unit as unit, rv.date as date
         from latest l join q on q.unit = l.unit and q.pc = l.pc
         join report_values rv on rv.version_id = q.vid and rv.indicator_code = 'CAT-01'
        where rv.date is not null and rv.date <= ?`,
    )
    .all(periodCode, asOf) as { unit: string; date: string }[];
  const mine = rows.filter((r) => codes.includes(r.unit));
  return { done: mine.length, onTime: mine.filter((r) => r.date <= '2018-12-31').length };
}

describe('dashboard.overview', () => {
  it('the office sees the province for the current period, every figure matching the database', async () => {
    const office = await s.login('office');
    const o = await office.client.dashboard.overview.query({ year: 2018 });
    expect(o.period.code).toBe('2018Q4'); // the demo clock stands at 2019-01-25
    const defaults = await office.client.dashboard.overview.query({});
    expect([defaults.year, defaults.period.code]).toEqual([2018, '2018Q4']);
    expect(defaults.years).toContain(2018);
    expect(o.cityOptions).toHaveLength(11);
    expect(o.scope).toEqual({ level: 'province', code: null, label: '全省' });
    expect(o.basisLabel).toBe('进度数据（含未审核）');
    expect(o.cities).toHaveLength(11);
    expect(o.counties).toHaveLength(0);

    const all = unitsSql();
    expect(all).toHaveLength(100);
    const t = timelinessSql('2018Q4', all);
    expect(o.kpis.expected).toBe(100);
    expect(o.kpis.submitted).toBe(t.submitted);
    expect(o.kpis.onTime).toBe(t.onTime);
    expect(o.kpis.late).toBe(t.late);
    expect(o.kpis.missing + o.kpis.pending).toBe(100 - t.submitted);
    expect(o.kpis.missing).toBeGreaterThan(0); // three counties never filed Q4
    expect(o.kpis.submittedPct).toBe(pct(t.submitted, 100));

    const hs = latestSubmittedSums('HS-01', '2018Q4');
    expect(hs.n).toBeGreaterThan(80);
    expect(o.shantytown.completed).toBe(hs.num);
    expect(o.shantytown.planned).toBe(hs.den);
    expect(o.shantytown.rate).toBe(pct(hs.num, hs.den));
    expect(o.shantytown.reporting).toBe(hs.n);
    const rh = latestSubmittedSums('RH-01', '2018Q4');
    expect(o.ruralHousing.done).toBe(rh.num);
    expect(o.ruralHousing.task).toBe(rh.den);
    expect(o.ruralHousing.rate).toBe(pct(rh.num, rh.den));

    const cat = catalogueDoneSql('2018Q4', '2019-01-10', all);
    expect(o.catalogue).toMatchObject({ done: cat.done, onTime: cat.onTime, total: 100, pct: pct(cat.done, 100), deadline: '2018-12-31' });
    expect(o.catalogue.daysLeft).toBe(-25); // 2019-01-25 is 25 days past 2018-12-31

    // Fund evaluations: cities that said yes and linked the published result.
    const funds = s.sqlite
      .prepare(
        `with q as (
           select r.unit_code as unit, p.code as pc, v.id as vid from reports r
             join periods p on p.id = r.period_id
             join report_versions v on v.report_id = r.id and v.version = r.current_version
             join org_units u on u.code = r.unit_code
            where u.level = 'city' and r.status in ('submitted','approved','accepted') and p.code <= '2018Q4'),
         latest as (select unit, max(pc) as pc from q group by unit)
         select rv.indicator_code as code, count(*) as n from latest l join q on q.unit = l.unit and q.pc = l.pc
           join report_values rv on rv.version_id = q.vid
          where rv.indicator_code in ('HS-03','RH-03') and rv.yes = 1 and (rv.evidence_url is not null or rv.evidence_file is not null)
          group by rv.indicator_code`,
      )
      .all() as { code: string; n: number }[];
    const n = (code: string) => funds.find((f) => f.code === code)?.n ?? 0;
    expect(o.fundEvaluations).toEqual({
      published: n('HS-03') + n('RH-03'),
      total: 22,
      housing: { published: n('HS-03'), total: 11 },
      rural: { published: n('RH-03'), total: 11 },
    });
  });

  it('the progress series covers every period, ends at the 100% target and agrees with the KPIs', async () => {
    const office = await s.login('office');
    const o = await office.client.dashboard.overview.query({ year: 2018 });
    expect(o.progressSeries.map((p) => p.period)).toEqual(['2018Q1', '2018Q2', '2018Q3', '2018Q4']);
    expect(o.progressSeries.map((p) => p.target)).toEqual([25, 50, 75, 100]);
    const q4 = o.progressSeries[3];
    expect(q4.submittedPct).toBe(o.kpis.submittedPct);
    expect(q4.cataloguePct).toBe(o.catalogue.pct);
    expect(q4.shantytownRate).toBe(o.shantytown.rate);
    const q2 = o.progressSeries[1];
    const hs2 = latestSubmittedSums('HS-01', '2018Q2');
    expect(q2.shantytownRate).toBe(pct(hs2.num, hs2.den));
    const t2 = timelinessSql('2018Q2', unitsSql());
    expect(q2.submittedPct).toBe(pct(t2.submitted, 100));

    // A chosen earlier period is a view "as of" that period.
    const q3 = await office.client.dashboard.overview.query({ year: 2018, periodCode: '2018Q3' });
    expect(q3.period.code).toBe('2018Q3');
    const hs3 = latestSubmittedSums('HS-01', '2018Q3');
    expect(q3.shantytown).toMatchObject({ completed: hs3.num, planned: hs3.den });
  });

  it('city rows carry the same progress S as the progress ranking (basis submitted)', async () => {
    const office = await s.login('office');
    const o = await office.client.dashboard.overview.query({ year: 2018 });
    const ranking = await office.client.scores.ranking.query({ year: 2018, periodCode: '2018Q4', basis: 'submitted' });
    for (const c of o.cities) {
      const r = ranking.run!.cities.find((x) => x.code === c.code)!;
      expect(c.S).toBe(r.S);
      expect(c.values.S).toBe(r.S / 100);
    }
    const keys = o.measures.map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['S', 'submittedPct', 'cataloguePct', 'shantytownRate', 'ruralRate', 'HS-01', 'IN-07']));
    // Hangzhou's tile values are over the city and its 13 counties.
    const hz = o.cities.find((c) => c.code === '330100')!;
    const hzUnits = unitsSql({ city: '330100' });
    expect(hzUnits).toHaveLength(14);
    expect(hz.values.submittedPct).toBe(pct(timelinessSql('2018Q4', hzUnits).submitted, 14));
    const hzHs = latestSubmittedSums('HS-01', '2018Q4', { city: '330100' });
    expect(hz.values.shantytownRate).toBe(pct(hzHs.num, hzHs.den));
  });

  it('a city bureau gets its own city and its 13 counties, and is FORBIDDEN for another city', async () => {
    const city = await s.login('330100');
    const o = await city.client.dashboard.overview.query({ year: 2018 });
    expect(o.scope).toEqual({ level: 'city', code: '330100', label: '杭州市及所辖县(市、区)' });
    expect(o.cities.map((c) => c.code)).toEqual(['330100']);
    expect(o.counties).toHaveLength(13);
    expect(o.counties.every((c) => c.parentCode === '330100')).toBe(true);
    const hzUnits = unitsSql({ city: '330100' });
    const t = timelinessSql('2018Q4', hzUnits);
    expect(o.kpis.expected).toBe(14);
    expect(o.kpis.submitted).toBe(t.submitted);
    const hs = latestSubmittedSums('HS-01', '2018Q4', { city: '330100' });
    expect(o.shantytown).toMatchObject({ completed: hs.num, planned: hs.den });
    expect(o.fundEvaluations.total).toBe(2);

    // Passing its own code is the same view; another city is refused.
    const same = await city.client.dashboard.overview.query({ year: 2018, cityCode: '330100' });
    expect(same.kpis).toEqual(o.kpis);
    const other = await s.raw('GET', 'dashboard.overview', { year: 2018, cityCode: '330200' }, city.cookie);
    expect(other.status).toBe(403);
    expect(other.body.error?.data.code).toBe('FORBIDDEN');
    const otherTopics = await s.raw('GET', 'dashboard.topics', { year: 2018, cityCode: '330200' }, city.cookie);
    expect(otherTopics.status).toBe(403);
  });

  it('a county bureau gets itself only', async () => {
    const county = await s.login('330106');
    const o = await county.client.dashboard.overview.query({ year: 2018 });
    expect(o.scope).toEqual({ level: 'county', code: '330106', label: '西湖区' });
    expect(o.cities).toHaveLength(0);
    expect(o.counties.map((c) => c.code)).toEqual(['330106']);
    expect(o.kpis.expected).toBe(1);
    expect(o.catalogue.total).toBe(1);
    expect(o.fundEvaluations.total).toBe(0);
    const hs = latestSubmittedSums('HS-01', '2018Q4', { county: '330106' });
    expect(o.shantytown).toMatchObject({ completed: hs.num, planned: hs.den });
    const parent = await s.raw('GET', 'dashboard.overview', { year: 2018, cityCode: '330100' }, county.cookie);
    expect(parent.status).toBe(403);
  });

  it('office and leaders may narrow to one city; bad input and signed-out calls are refused', async () => {
    const leader = await s.login('leader');
    const nb = await leader.client.dashboard.overview.query({ year: 2018, cityCode: '330200' });
    expect(nb.scope).toEqual({ level: 'city', code: '330200', label: '宁波市及所辖县(市、区)' });
    expect(nb.cities.map((c) => c.code)).toEqual(['330200']);
    expect(nb.counties.length).toBe(unitsSql({ city: '330200', countiesOnly: true }).length);

    const county = await s.raw('GET', 'dashboard.overview', { year: 2018, cityCode: '330106' }, leader.cookie);
    expect(county.status).toBe(400);
    const wrongYear = await s.raw('GET', 'dashboard.overview', { year: 2018, periodCode: '2019Q1' }, leader.cookie);
    expect(wrongYear.status).toBe(400);
    const noScheme = await s.raw('GET', 'dashboard.overview', { year: 2017 }, leader.cookie);
    expect(noScheme.status).toBe(404);
    const noInput = await s.raw('GET', 'dashboard.overview', undefined, leader.cookie);
    expect(noInput.status).toBe(200);
    expect((noInput.body.result?.data as { period: { code: string } }).period.code).toBe('2018Q4');
    const anon = await s.raw('GET', 'dashboard.overview', { year: 2018 });
    expect(anon.status).toBe(401);
  });
});

describe('dashboard.topics', () => {
  it('shantytown and rural housing by city sum their counties; fund evaluations and the sector matrix per city', async () => {
    const office = await s.login('office');
    const t = await office.client.dashboard.topics.query({ year: 2018 });
    expect(t.period.code).toBe('2018Q4');
    expect(t.shantytown.rows).toHaveLength(11);
    expect(t.shantytown.rows.reduce((a, r) => a + r.children.length, 0)).toBe(89);
    const total = latestSubmittedSums('HS-01', '2018Q4');
    expect(t.shantytown.total).toMatchObject({ done: total.num, target: total.den });
    for (const city of t.ruralHousing.rows) {
      const sums = latestSubmittedSums('RH-01', '2018Q4', { city: city.code });
      expect([city.done, city.target]).toEqual([sums.num, sums.den]);
      expect(city.children.reduce((a, c) => a + c.done, 0)).toBe(city.done);
    }

    expect(t.fundEvaluations).toHaveLength(11);
    const o = await office.client.dashboard.overview.query({ year: 2018 });
    expect(t.fundEvaluations.filter((f) => f.housing.published).length).toBe(o.fundEvaluations.housing.published);
    const withScore = t.fundEvaluations.filter((f) => f.housing.evaluationScore !== null);
    for (const f of withScore) expect(f.housing.yes).toBe(true);

    expect(t.sectorIndicators.map((i) => i.code)).toEqual(['IN-01', 'IN-02', 'IN-03', 'IN-04', 'IN-05', 'IN-06', 'IN-07']);
    expect(t.sectorMatrix).toHaveLength(11);
    // IN-06 (deadline 2018-03-31) per city, from the database: done on time / late / not done.
    const in06 = s.sqlite
      .prepare(
        `with q as (
           select r.unit_code as unit, p.code as pc, v.id as vid from reports r
             join periods p on p.id = r.period_id
             join report_versions v on v.report_id = r.id and v.version = r.current_version
            where r.status in ('submitted','approved','accepted') and p.code <= '2018Q4'),
         latest as (select unit, max(pc) as pc from q group by unit)
         select l.unit as unit, rv.date as date from latest l join q on q.unit = l.unit and q.pc = l.pc
           left join report_values rv on rv.version_id = q.vid and rv.indicator_code = 'IN-06'`,
      )
      .all() as { unit: string; date: string | null }[];
    for (const row of t.sectorMatrix) {
      const d = in06.find((x) => x.unit === row.code)?.date ?? null;
      const expected = !d || d > '2019-01-10' ? 'not-done' : d <= '2018-03-31' ? 'done' : 'late';
      expect(row.cells['IN-06'].status).toBe(expected);
    }
    const statuses = new Set(t.sectorMatrix.flatMap((r) => Object.values(r.cells).map((c) => c.status)));
    expect(statuses.has('done')).toBe(true);
  });

  it('a city bureau sees its city with its counties; a county only itself', async () => {
    const city = await s.login('330100');
    const t = await city.client.dashboard.topics.query({ year: 2018 });
    expect(t.shantytown.rows.map((r) => r.code)).toEqual(['330100']);
    expect(t.shantytown.rows[0].children).toHaveLength(13);
    expect(t.fundEvaluations.map((f) => f.code)).toEqual(['330100']);
    expect(t.sectorMatrix).toHaveLength(14);
    const xihu = t.sectorMatrix.find((r) => r.code === '330106')!;
    expect(xihu.cells['IN-02'].status).toBe('n/a'); // a city-only indicator
    expect(xihu.cells['IN-01'].status).not.toBe('n/a');

    const county = await s.login('330106');
    const c = await county.client.dashboard.topics.query({ year: 2018 });
    expect(c.shantytown.rows.map((r) => r.code)).toEqual(['330106']);
    expect(c.fundEvaluations).toHaveLength(0);
    expect(c.sectorMatrix.map((r) => r.code)).toEqual(['330106']);
  });
});
