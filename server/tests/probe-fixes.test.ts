import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

/** Defects a security probe of the running app found (issue 10, item 5), each pinned by a test. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const count = (sql: string, ...params: unknown[]) => (s.sqlite.prepare(sql).get(...params) as { n: number }).n;

interface UnitAnswer {
  ranking: { rank: number | null; cityRank?: number | null; S: number } | null;
  children: { code: string; rank: number | null; cityRank: number | null; S: number }[];
  score: { S: number };
}

describe('unpublished progress ranks are for the office and leaders only', () => {
  it('a county sees its own progress points without a rank', async () => {
    const { cookie } = await s.login('330106');
    const res = await s.raw('GET', 'scores.unit', { year: 2018, unitCode: '330106', periodCode: '2018Q3', basis: 'submitted' }, cookie);
    expect(res.status).toBe(200);
    const data = res.body.result?.data as UnitAnswer;
    expect(data.ranking).toMatchObject({ rank: null, cityRank: null });
    expect(data.ranking?.S).toBe(data.score.S);
    // Its own ranking query is refused, as before.
    expect((await s.raw('GET', 'scores.ranking', { year: 2018, periodCode: '2018Q3', basis: 'submitted' }, cookie)).status).toBe(403);
  });

  it("a city sees its own and its counties' progress points without ranks", async () => {
    const { cookie } = await s.login('330100');
    const res = await s.raw('GET', 'scores.unit', { year: 2018, unitCode: '330100', periodCode: '2018Q3', basis: 'submitted' }, cookie);
    const data = res.body.result?.data as UnitAnswer;
    expect(data.ranking).toMatchObject({ rank: null });
    expect(data.children.length).toBeGreaterThan(5);
    for (const c of data.children) expect(c).toMatchObject({ rank: null, cityRank: null, S: expect.any(Number) });
  });

  it('the office and the leader still see the ranks', async () => {
    for (const username of ['office', 'leader']) {
      const { cookie } = await s.login(username);
      const res = await s.raw('GET', 'scores.unit', { year: 2018, unitCode: '330100', periodCode: '2018Q3', basis: 'submitted' }, cookie);
      const data = res.body.result?.data as UnitAnswer;
      expect(data.ranking?.rank, username).toEqual(expect.any(Number));
      for (const c of data.children) expect(c.cityRank, username).toEqual(expect.any(Number));
    }
  });
});

describe('writes refused with nothing changed', () => {
  it('periods.update refuses 0000-01-01 and other dates outside 2000–2100', async () => {
    const { cookie } = await s.login('office');
    const before = s.sqlite.prepare("select opens, due, locks from periods where code = '2018Q2'").get();
    const audits = count("select count(*) as n from audit_log where action = 'period.update'");
    for (const opens of ['0000-01-01', '1899-12-31']) {
      const res = await s.raw('POST', 'periods.update', { code: '2018Q2', opens, due: '2018-07-10', locks: '2018-07-31' }, cookie);
      expect(res.status, opens).toBe(400);
      expect(res.body.error?.data.fieldErrors, opens).toEqual([{ path: 'opens', message: '日期应在 2000 年至 2100 年之间' }]);
    }
    expect(s.sqlite.prepare("select opens, due, locks from periods where code = '2018Q2'").get()).toEqual(before);
    expect(count("select count(*) as n from audit_log where action = 'period.update'")).toBe(audits);
  });

  it('scores.adjust refuses a year without a scheme and writes nothing', async () => {
    const { cookie } = await s.login('office');
    const audits = count("select count(*) as n from audit_log where action = 'scores.adjust'");
    const res = await s.raw('POST', 'scores.adjust', { year: 2030, unitCode: '330100', points: 2, reason: '测试加分' }, cookie);
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toBe('2030 年度考核方案不存在，不能调整分数');
    expect(count('select count(*) as n from adjustments where year = 2030')).toBe(0);
    expect(count("select count(*) as n from audit_log where action = 'scores.adjust'")).toBe(audits);
  });

  it('the read-only leader cannot mark notices read', async () => {
    const { cookie } = await s.login('leader');
    s.sqlite
      .prepare("insert into notices (unit_code, kind, title, body, created_at) values ('330000', 'submitted', '杭州市报告已报送', '请审核', ?)")
      .run(s.services.now().toISOString());
    const unread = count("select count(*) as n from notices where unit_code = '330000' and read_at is null");
    expect(unread).toBeGreaterThan(0);
    const res = await s.raw('POST', 'notices.markRead', {}, cookie);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe('只读账号不能更改通知状态');
    expect(count("select count(*) as n from notices where unit_code = '330000' and read_at is null")).toBe(unread);
    // The office itself still can.
    const office = await s.login('office');
    expect((await s.raw('POST', 'notices.markRead', {}, office.cookie)).status).toBe(200);
    expect(count("select count(*) as n from notices where unit_code = '330000' and read_at is null")).toBe(0);
  });
});

describe('points are read into exact cents at the edge', () => {
  it('stores an adjustment and a manual score from their decimal text, with one audit row each', async () => {
    const { cookie } = await s.login('office');
    const res = await s.raw('POST', 'scores.adjust', { year: 2018, unitCode: '330200', points: -4.35, reason: '报送材料不规范' }, cookie);
    expect(res.status).toBe(200);
    const row = res.body.result?.data as { id: number; cents: number };
    expect(row.cents).toBe(-435);
    expect(s.sqlite.prepare('select cents from adjustments where id = ?').get(row.id)).toEqual({ cents: -435 });
    expect(count("select count(*) as n from audit_log where action = 'scores.adjust' and entity_id = ?", String(row.id))).toBe(1);
    const tooFine = await s.raw('POST', 'scores.adjust', { year: 2018, unitCode: '330200', points: 1.005, reason: '四舍五入' }, cookie);
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.error?.data.fieldErrors).toEqual([{ path: 'points', message: '调整分值最多保留两位小数' }]);
  });
});
