/**
 * Budgets and final accounts (第十三条) over the API: 计划财务处 records each item with its approval and
 * publication dates, the office confirms or returns it (versions, reasons, notices, audit), and the
 * division scheme's `budget` indicator (DV-05) scores publication within 20 days of approval, to the cent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, budgetItemVersions, budgetItems, notices } from '../../db/schema';
import { auditDetailLine, formatAuditDetails } from '../../shared/audit';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const dv05 = async (client: Awaited<ReturnType<TestServer['login']>>['client']) =>
  (await client.scores.unit.query({ year: 2018, unitCode: '330003' })).score.indicators.find((i) => i.code === 'DV-05')!;

describe('budget disclosure register', () => {
  it("lists the demo's items against their 20-day deadlines: on time, 11 days late, awaiting confirmation", async () => {
    const office = await s.login('office');
    const { today, rows } = await office.client.budgets.list.query({ year: 2018 });
    expect(today).toBe('2019-01-25');
    expect(rows.map((r) => [r.unitName, r.kindName, r.approvedOn, r.due, r.publishedOn, r.daysLate, r.onTime, r.status])).toEqual([
      ['计划财务处', '部门预算', '2018-02-05', '2018-02-25', '2018-02-11', 0, true, 'accepted'],
      ['计划财务处', '部门决算', '2018-07-20', '2018-08-09', '2018-08-20', 11, false, 'accepted'],
      ['计划财务处', '预算调整', '2018-11-06', '2018-11-26', '2018-11-21', 0, true, 'submitted'],
    ]);
    expect((await office.client.budgets.list.query({ year: 2017 })).rows).toEqual([]);
    // A division sees only its own; 计划财务处 sees all three.
    expect((await (await s.login('330001')).client.budgets.list.query({ year: 2018 })).rows).toEqual([]);
    expect((await (await s.login('330003')).client.budgets.list.query({ year: 2018 })).rows).toHaveLength(3);
    // A bureau is told what it may not see, in words that name the register.
    const city = await s.raw('GET', 'budgets.list', { year: 2018 }, (await s.login('330100')).cookie);
    expect(city.status).toBe(403);
    expect(city.body.error?.message).toBe('厅本级的任务分解台账和预算决算公开情况仅厅办公室、厅领导和厅机关处室可以查看');
  });

  it('scores DV-05 to the cent from confirmed items; confirming the adjustment raises it from 3.33 to 6.67', async () => {
    const office = await s.login('office');
    let ind = await dv05(office.client);
    // Due by the assessment date: 3 items; met: the budget only (the final accounts late, the adjustment unconfirmed).
    expect(ind.score).toBe(333);
    expect(ind.explanation).toBe(
      '批复后 20 日内公开并经确认的预算、决算事项 1 项 / 截至考核日应公开的预算、决算事项 3 项 = 33.33% → 10 × 1/3 = 3.3333…，四舍五入得 3.33 分；未按期公开：' +
        '2017年部门决算“2017年度部门决算（含“三公”经费决算）”（2018年7月20日批复）（2018年8月9日到期，2018年8月20日公开，逾期 11 天）；' +
        '2018年预算调整“2018年度部门预算调整”（2018年11月6日批复）（2018年11月26日到期，2018年11月21日公开，未经厅办公室确认）',
    );
    const before = (await office.client.scores.unit.query({ year: 2018, unitCode: '330003' })).score.S;
    const adj = (await office.client.budgets.list.query({ year: 2018 })).rows.find((r) => r.kind === 'adjustment')!;
    await office.client.budgets.accept.mutate({ id: adj.id, revision: adj.revision });
    ind = await dv05(office.client);
    expect(ind.score).toBe(667);
    expect(ind.values).toMatchObject({ met: 2, total: 3 });
    expect((await office.client.scores.unit.query({ year: 2018, unitCode: '330003' })).score.S).toBe(before + 334);
    // Other divisions have no budget items: full points (fullWhenNone).
    const other = (await office.client.scores.unit.query({ year: 2018, unitCode: '330010' })).score.indicators.find((i) => i.code === 'DV-05')!;
    expect(other.score).toBe(1000);
  });

  it('a division records an item, corrects it, the office returns it with a reason and then confirms it; versions, notices and audit kept', async () => {
    const finance = await s.login('330003');
    const office = await s.login('office');
    const first = await finance.client.budgets.save.mutate({ revision: 0, kind: 'execution', fiscalYear: 2018, title: '2018年度预算执行情况报告', approvedOn: '2019-01-10' });
    // Due 20 days after approval; it counts in 2019, not yet overdue on 2019-01-25.
    expect(first).toMatchObject({ status: 'submitted', version: 1, revision: 1, due: '2019-01-30' });
    let row = (await finance.client.budgets.list.query({ year: 2019 })).rows[0];
    expect(row).toMatchObject({ title: '2018年度预算执行情况报告', due: '2019-01-30', publishedOn: null, daysLate: 0, overdue: false, status: 'submitted', version: 1 });
    expect(s.db.select().from(notices).where(eq(notices.unitCode, '330000')).all().at(-1)!.body).toBe(
      '计划财务处登记预算执行情况报告“2018年度预算执行情况报告”：2019年1月10日批复，尚未公开（应于2019年1月30日前公开）（第 1 版），请确认。',
    );
    // A stale revision is refused and changes nothing.
    await expect(
      finance.client.budgets.save.mutate({ id: first.id, revision: 0, kind: 'execution', fiscalYear: 2018, title: '2018年度预算执行情况报告', approvedOn: '2019-01-10' }),
    ).rejects.toThrow(/已在您打开之后被修改/);
    const second = await finance.client.budgets.save.mutate({
      id: first.id,
      revision: 1,
      kind: 'execution',
      fiscalYear: 2018,
      title: '2018年度预算执行情况报告',
      approvedOn: '2019-01-10',
      publishedOn: '2019-01-24',
      url: 'http://www.zjjs.gov.cn/art/2019/1/24/zx.html',
    });
    expect(second).toMatchObject({ version: 2, revision: 2 });
    await expect(office.client.budgets.return.mutate({ id: first.id, revision: 2, reason: ' ' })).rejects.toThrow(/退回理由/);
    await office.client.budgets.return.mutate({ id: first.id, revision: 2, reason: '公开网址无法访问，请核实' });
    expect(s.db.select().from(notices).where(and(eq(notices.unitCode, '330003'), eq(notices.kind, 'returned'))).all().at(-1)!.body).toContain('理由：公开网址无法访问，请核实');
    row = (await finance.client.budgets.list.query({ year: 2019 })).rows[0];
    expect(row).toMatchObject({ status: 'returned', returnReason: '公开网址无法访问，请核实', revision: 3 });
    const third = await finance.client.budgets.save.mutate({
      id: first.id,
      revision: 3,
      kind: 'execution',
      fiscalYear: 2018,
      title: '2018年度预算执行情况报告',
      approvedOn: '2019-01-10',
      publishedOn: '2019-01-24',
      url: 'http://www.zjjs.gov.cn/art/2019/1/24/zx2.html',
      note: '网址已更正',
    });
    await office.client.budgets.accept.mutate({ id: first.id, revision: third.revision });
    // Confirmed: the division can no longer change it.
    await expect(
      finance.client.budgets.save.mutate({ id: first.id, revision: third.revision + 1, kind: 'execution', fiscalYear: 2018, title: '修改后的名称', approvedOn: '2019-01-10' }),
    ).rejects.toThrow(/已被厅办公室确认/);
    const h = await finance.client.budgets.history.query({ id: first.id });
    expect(h.versions.map((v) => [v.version, v.publishedOn, v.url])).toEqual([
      [3, '2019-01-24', 'http://www.zjjs.gov.cn/art/2019/1/24/zx2.html'],
      [2, '2019-01-24', 'http://www.zjjs.gov.cn/art/2019/1/24/zx.html'],
      [1, null, null],
    ]);
    expect(h.actions.map((a) => a.action)).toEqual(['submit', 'submit', 'return', 'submit', 'accept']);
    const audit = s.db.select().from(auditLog).where(and(eq(auditLog.entity, 'budget_item'), eq(auditLog.entityId, String(first.id)))).all();
    expect(audit.map((a) => a.action)).toEqual(['budget.submit', 'budget.submit', 'budget.return', 'budget.submit', 'budget.accept']);
    expect(formatAuditDetails(audit[1]).map(auditDetailLine)).toEqual([
      '状态：待确认 → 待确认',
      '版本：第 1 版 → 第 2 版',
      '类别：（无） → 预算执行情况报告',
      '预算年度：（无） → 2018 年度',
      '公开事项：（无） → 2018年度预算执行情况报告',
      '批复日期：（无） → 2019年1月10日',
      '公开日期：（无） → 2019年1月24日',
      '公开网址：（无） → http://www.zjjs.gov.cn/art/2019/1/24/zx.html',
      '截止日期：（无） → 2019年1月30日',
    ].filter((l) => !l.startsWith('状态')));
    // It counts in the 2019 assessment, not in 2018's.
    expect((await office.client.budgets.list.query({ year: 2018 })).rows.map((r) => r.id)).not.toContain(first.id);
  });

  it('refuses bad items in Chinese, naming the field, and writes nothing', async () => {
    const finance = await s.login('330003');
    const count = () => s.db.select().from(budgetItems).all().length + s.db.select().from(budgetItemVersions).all().length;
    const n = count();
    const bad = await s.raw(
      'POST',
      'budgets.save',
      { revision: 0, kind: 'final', fiscalYear: 2018, title: '2018年度部门决算', approvedOn: '2018-07-20', publishedOn: '2018-07-01', url: 'http://www.zjjs.gov.cn/a.html' },
      finance.cookie,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error!.data.fieldErrors).toEqual([{ path: 'publishedOn', message: '公开日期不能早于批复日期（2018年7月20日）' }]);
    await expect(finance.client.budgets.save.mutate({ revision: 0, kind: 'budget', fiscalYear: 2019, title: '2019年度部门预算', approvedOn: '2019-02-05' })).rejects.toThrow('批复日期不能晚于今天');
    await expect(
      finance.client.budgets.save.mutate({ revision: 0, kind: 'budget', fiscalYear: 2019, title: '2019年度部门预算', approvedOn: '2019-01-05', publishedOn: '2019-01-20' }),
    ).rejects.toThrow();
    expect(count()).toBe(n);
    // A bureau and a leader cannot record; another division cannot touch 计划财务处's item.
    const item = s.db.select().from(budgetItems).where(eq(budgetItems.unitCode, '330003')).get()!;
    const other = await s.login('330001');
    await expect(
      other.client.budgets.save.mutate({ id: item.id, revision: item.revision, kind: 'budget', fiscalYear: 2018, title: '越权', approvedOn: '2018-02-05' }),
    ).rejects.toThrow(/不能修改/);
    await expect((await s.login('leader')).client.budgets.save.mutate({ revision: 0, kind: 'budget', fiscalYear: 2018, title: '越权', approvedOn: '2018-02-05' })).rejects.toThrow();
    expect(count()).toBe(n);
  });
});

describe('the department on the overview (department.overview)', () => {
  it("each division's ledger and budget progress as of today, and the published divisions' ranking", async () => {
    const leader = await s.login('leader');
    const o = await leader.client.department.overview.query({ year: 2018 });
    expect(o.today).toBe('2019-01-25');
    expect(o.divisions).toHaveLength(13);
    // 2018: 15 task instances, all due; 13 reported done, 10 of them on time (330006, the Q2 spot check and
    // the rural-housing evaluation late); overdue: 城市建设处's catalogue and the Q4 spot check.
    expect(o.totals).toEqual({ total: 15, dueSoFar: 15, done: 13, onTime: 10, overdue: 2, budgetsDue: 3, budgetsOnTime: 2, budgetsOverdue: 0 });
    const by = Object.fromEntries(o.divisions.map((d) => [d.name, d]));
    expect(by['办公室']).toMatchObject({ total: 5, dueSoFar: 5, done: 4, onTime: 3, overdue: 1, budgetsDue: 0 });
    expect(by['城市建设处']).toMatchObject({ total: 1, done: 0, overdue: 1 });
    expect(by['计划财务处']).toMatchObject({ total: 0, budgetsDue: 3, budgetsOnTime: 2, budgetsOverdue: 0 });
    expect(by['机关党委']).toMatchObject({ total: 0, budgetsDue: 0 });
    // Not published yet: no ranking. Once published, the snapshot's ranking, not a live computation.
    expect(o.ranking).toBeNull();
    const office = await s.login('office');
    await office.client.scores.publish.mutate({ year: 2018 });
    const published = (await leader.client.scores.ranking.query({ year: 2018 })).run!;
    const after = await leader.client.department.overview.query({ year: 2018 });
    expect(after.ranking!.version).toBe(1);
    expect(after.ranking!.rows).toHaveLength(13);
    expect(after.ranking!.rows.map((r) => [r.code, r.rank, r.S, r.grade])).toEqual(published.divisions.map((r) => [r.code, r.rank, r.S, r.grade]));
    // A later change (confirming a pending ledger report) moves the live score, not the published ranking.
    const pending = (await office.client.ledger.list.query({ year: 2018, division: '330006' })).rows[0];
    await office.client.ledger.accept.mutate({ taskReportId: pending.taskReportId!, revision: pending.revision });
    expect((await leader.client.department.overview.query({ year: 2018 })).ranking!.rows).toEqual(after.ranking!.rows);
    // No publication for 2017: no ranking; the ledger of 2017 still shows.
    const y17 = await leader.client.department.overview.query({ year: 2017 });
    expect(y17.ranking).toBeNull();
    expect(y17.totals).toMatchObject({ total: 5, done: 5, overdue: 0 });
  });

  it('is for the office and leaders only', async () => {
    await expect((await s.login('330100')).client.department.overview.query({ year: 2018 })).rejects.toThrow('厅本级工作进展仅厅办公室和厅领导可以查看');
    await expect((await s.login('330001')).client.department.overview.query({ year: 2018 })).rejects.toThrow('厅本级工作进展仅厅办公室和厅领导可以查看');
    expect((await (await s.login('office')).client.department.overview.query({ year: 2018 })).divisions).toHaveLength(13);
  });
});
