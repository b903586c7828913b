import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('scores and rankings over HTTP (demo data, 2018)', () => {
  it('the office sees a full draft ranking of the 11 cities with grades and contributions', async () => {
    const office = await s.login('office');
    const r = await office.client.scores.ranking.query({ year: 2018 });
    expect(r.status).toBe('draft');
    const run = r.run!;
    expect(run.cities).toHaveLength(11);
    // Counties come a page at a time: the first 30 in province order by default.
    expect(run.counties).toHaveLength(30);
    expect(run.countyPage).toEqual({ cityCode: null, offset: 0, limit: 30, total: 89 });
    // Ranks are a competition ranking consistent with S.
    for (let i = 1; i < run.cities.length; i++) {
      const [a, b] = [run.cities[i - 1], run.cities[i]];
      expect(a.S).toBeGreaterThanOrEqual(b.S);
      expect(b.rank).toBe(a.S === b.S ? a.rank : i + 1);
    }
    for (const c of run.cities) {
      // contribution = S × 4%, half-up to the cent, in exact integer arithmetic
      expect(c.contribution).toBe(Math.floor((c.S * 4 + 50) / 100));
      expect(c.grade).toBe(c.S >= 9000 ? '优秀' : c.S >= 8000 ? '良好' : c.S >= 6000 ? '合格' : '不合格');
      const groupSum = Object.values(c.groups).reduce((a, b) => a + b, 0);
      expect(groupSum).toBe(c.raw);
    }
    expect(new Set(run.cities.map((c) => c.grade)).size).toBeGreaterThanOrEqual(2);
  });

  it('every score explains itself: a unit page sums its indicator scores to S', async () => {
    const office = await s.login('office');
    const u = await office.client.scores.unit.query({ year: 2018, unitCode: '330100' });
    expect(u.unit.name).toBe('杭州市');
    const sum = u.score.indicators.reduce((a, i) => a + i.score, 0);
    expect(sum).toBe(u.score.raw);
    const hs01 = u.score.indicators.find((i) => i.code === 'HS-01')!;
    expect(hs01.rule).toBe('rollup');
    expect(hs01.explanation).toMatch(/已完成改造套数|棚户区/);
    expect(u.children.length).toBe(13);
  });

  it('leaders see nothing before publication; publish; later changes leave the snapshot unchanged', async () => {
    const office = await s.login('office');
    const leader = await s.login('leader');
    expect((await leader.client.scores.ranking.query({ year: 2018 })).status).toBe('unpublished');
    const draft = (await office.client.scores.ranking.query({ year: 2018 })).run!;

    const pub = await office.client.scores.publish.mutate({ year: 2018 });
    expect(pub.version).toBe(1);
    const seen = await leader.client.scores.ranking.query({ year: 2018 });
    expect(seen.status).toBe('published');
    expect(seen.publication?.version).toBe(1);
    expect(seen.run!.cities.map((c) => [c.code, c.S, c.rank])).toEqual(draft.cities.map((c) => [c.code, c.S, c.rank]));

    // An adjustment changes the live draft, not the published snapshot.
    const target = draft.cities[draft.cities.length - 1];
    await office.client.scores.adjust.mutate({ year: 2018, unitCode: target.code, points: 1.5, reason: '专项工作加分' });
    const after = (await office.client.scores.ranking.query({ year: 2018 })).run!;
    expect(after.cities.find((c) => c.code === target.code)!.S).toBe(Math.min(10000, target.S + 150));
    const still = await leader.client.scores.ranking.query({ year: 2018 });
    expect(still.run!.cities.find((c) => c.code === target.code)!.S).toBe(target.S);

    // The scheme is frozen; republishing needs a reason and makes version 2; version 1 stays readable.
    const noReason = await s.raw('POST', 'scores.publish', { year: 2018 }, office.cookie);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.message).toBe('2018 年度排名已发布第 1 版，重新发布须填写理由');
    const v2 = await office.client.scores.publish.mutate({ year: 2018, reason: '补充专项加分' });
    expect(v2.version).toBe(2);
    const v1 = await leader.client.scores.ranking.query({ year: 2018, version: 1 });
    expect(v1.run!.cities.find((c) => c.code === target.code)!.S).toBe(target.S);
    const latest = await leader.client.scores.ranking.query({ year: 2018 });
    expect(latest.publication?.version).toBe(2);
    expect(latest.run!.cities.find((c) => c.code === target.code)!.adjustmentTotal).toBe(150);
  });

  it('sizes the answer for its screen: counties by page or by city, a city bureau its own by default, the province under 40 KB', async () => {
    const office = await s.login('office');
    const all = (await office.client.scores.ranking.query({ year: 2018, counties: { limit: 5000 } })).run!;
    expect(all.counties).toHaveLength(89);
    const page2 = (await office.client.scores.ranking.query({ year: 2018, counties: { offset: 30, limit: 30 } })).run!;
    expect(page2.counties.map((c) => [c.code, c.rank])).toEqual(all.counties.slice(30, 60).map((c) => [c.code, c.rank]));
    const hz = (await office.client.scores.ranking.query({ year: 2018, counties: { cityCode: '330100' } })).run!;
    expect(hz.countyPage).toEqual({ cityCode: '330100', offset: 0, limit: 30, total: 13 });
    expect(hz.counties.map((c) => c.cityRank)).toEqual(all.counties.filter((c) => c.cityCode === '330100').map((c) => c.cityRank));
    // The whole province ranking, every county included, stays under 40 KB on the wire.
    const wire = await s.raw('GET', 'scores.ranking', { year: 2018, counties: { limit: 5000 } }, office.cookie);
    expect(JSON.stringify(wire.body).length).toBeLessThan(40 * 1024);
    const tooMany = await s.raw('GET', 'scores.ranking', { year: 2018, counties: { limit: 5001 } }, office.cookie);
    expect(tooMany.status).toBe(400);
    // A city bureau gets its own counties (of the published ranking) without asking.
    const city = await s.login('330100');
    const own = (await city.client.scores.ranking.query({ year: 2018 })).run!;
    expect(own.countyPage).toMatchObject({ cityCode: '330100', total: 13 });
    expect(own.counties.map((c) => c.cityCode)).toEqual(Array(13).fill('330100'));
  });

  it('a bureau sees every city\'s totals but only its own details', async () => {
    const county = await s.login('330106');
    const r = await county.client.scores.ranking.query({ year: 2018 });
    expect(r.status).toBe('published');
    expect(r.run!.cities).toHaveLength(11);
    expect(r.run!.counties.map((c) => c.code)).toEqual(['330106']);
    expect('units' in r.run!).toBe(false);
    const own = await county.client.scores.unit.query({ year: 2018, unitCode: '330106' });
    expect(own.score.indicators.length).toBe(12);
    expect(r.run!.cities.every((c) => Object.keys(c.groups).length === 0)).toBe(true);
    const other = await s.raw('GET', 'scores.unit', { year: 2018, unitCode: '330108' }, county.cookie);
    expect(other.status).toBe(403);
    const progress = await s.raw('GET', 'scores.ranking', { year: 2018, periodCode: '2018Q3' }, county.cookie);
    expect(progress.status).toBe(403);
  });

  it('an adjustment needs a reason and a non-zero amount; adjustments are audited', async () => {
    const office = await s.login('office');
    const bad = await s.raw('POST', 'scores.adjust', { year: 2018, unitCode: '330200', points: 0, reason: '' }, office.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.fieldErrors?.map((f) => f.path).sort()).toEqual(['points', 'reason']);
    const n = (s.sqlite.prepare(`select count(*) as n from audit_log where action = 'scores.adjust'`).get() as { n: number }).n;
    expect(n).toBe(1);
  });

  it('a progress view (as of 2018Q3) counts each unit\'s latest report up to then and says so', async () => {
    const leader = await s.login('leader');
    const r = await leader.client.scores.ranking.query({ year: 2018, periodCode: '2018Q3', basis: 'submitted', counties: { limit: 5000 } });
    expect(r.status).toBe('progress');
    expect(r.run!.kind).toBe('progress');
    expect(r.run!.basis).toBe('submitted');
    expect(r.run!.period.code).toBe('2018Q3');
    expect(r.run!.asOf).toBe('2018-10-10');
    // Grades belong to the annual assessment: none mid-year.
    expect([...r.run!.cities, ...r.run!.counties].map((c) => c.grade)).toEqual(Array(100).fill(null));
  });

  it('the fourth quarter is a progress view too: ungraded, and the unit page agrees', async () => {
    const leader = await s.login('leader');
    const r = await leader.client.scores.ranking.query({ year: 2018, periodCode: '2018Q4' });
    expect(r.status).toBe('progress');
    expect(r.run!.kind).toBe('progress');
    expect(r.run!.period).toEqual({ code: '2018Q4', name: '2018年第四季度暨年度' });
    expect(r.run!.cities.every((c) => c.grade === null)).toBe(true);
    const u = await leader.client.scores.unit.query({ year: 2018, unitCode: '330100', periodCode: '2018Q4' });
    expect(u.kind).toBe('progress');
    expect(u.score.grade).toBeNull();
    expect(u.score.S).toBe(r.run!.cities.find((c) => c.code === '330100')!.S);
  });

  it('a manual indicator takes the office\'s score with a written reason, up to its points', async () => {
    // Make MC-03 (年度政务公开培训, 3 points for a city) a manual indicator in this test database.
    const row = s.sqlite.prepare(`select i.id, i.definition from indicators i join schemes s on s.id = i.scheme_id where s.year = 2018 and i.code = 'MC-03'`).get() as { id: number; definition: string };
    const def = { ...JSON.parse(row.definition), rule: 'manual' };
    delete def.evidence;
    s.sqlite.prepare('update indicators set rule = ?, definition = ? where id = ?').run('manual', JSON.stringify(def), row.id);

    const office = await s.login('office');
    const before = await office.client.scores.unit.query({ year: 2018, unitCode: '330100' });
    expect(before.score.indicators.find((i) => i.code === 'MC-03')).toMatchObject({ rule: 'manual', score: 0, explanation: '评审人尚未评分 → 0.00 分' });

    const tooMuch = await s.raw('POST', 'scores.setManualScore', { year: 2018, unitCode: '330100', indicatorCode: 'MC-03', points: 3.5, reason: '培训覆盖全部科室' }, office.cookie);
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error?.message).toBe('评分不能超过该指标的分值 3 分');
    const notManual = await s.raw('POST', 'scores.setManualScore', { year: 2018, unitCode: '330100', indicatorCode: 'HS-02', points: 1, reason: '测试理由' }, office.cookie);
    expect(notManual.status).toBe(400);

    await office.client.scores.setManualScore.mutate({ year: 2018, unitCode: '330100', indicatorCode: 'MC-03', points: 2.5, reason: '培训覆盖全部科室，但未留存签到表' });
    const after = await office.client.scores.unit.query({ year: 2018, unitCode: '330100' });
    const mc03 = after.score.indicators.find((i) => i.code === 'MC-03')!;
    expect(mc03.score).toBe(250);
    expect(mc03.explanation).toContain('培训覆盖全部科室，但未留存签到表');
    expect(after.score.raw).toBe(before.score.raw + 250);
  });
});
