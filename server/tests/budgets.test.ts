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

describe('budgets in the ledger export and the overdue reminder', () => {
  const load = async (res: Response) => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };
  const exportLedger = async (cookie: string, query: string) => fetch(`${s.url}/api/excel/ledger?${query}`, { headers: { cookie } });

  it('an item unpublished 20 days after approval is overdue: the 催办 reminds 计划财务处 of it with the ledger tasks, one notice, audited', async () => {
    const finance = await s.login('330003');
    const office = await s.login('office');
    // Approved 2018-12-01, due 2018-12-21, not published by 2019-01-25: 35 days overdue, counted in 2018.
    const item = await finance.client.budgets.save.mutate({ revision: 0, kind: 'sangong', fiscalYear: 2019, title: '2019年度“三公”经费预算', approvedOn: '2018-12-01' });
    const row = (await office.client.budgets.list.query({ year: 2018 })).rows.find((r) => r.id === item.id)!;
    expect(row).toMatchObject({ due: '2018-12-21', overdue: true, daysLate: 35 });
    const overdueTasks = (await office.client.ledger.list.query({ year: 2018, status: 'overdue' })).rows;
    expect(overdueTasks.some((t) => t.ownerCode === '330003')).toBe(false);

    const r = await office.client.ledger.remind.mutate({ year: 2018 });
    expect(r).toEqual({ divisions: new Set([...overdueTasks.map((t) => t.ownerCode), '330003']).size, tasks: overdueTasks.length, budgets: 1 });
    const toFinance = s.db.select().from(notices).where(and(eq(notices.unitCode, '330003'), eq(notices.kind, 'reminder'))).all();
    expect(toFinance).toHaveLength(1);
    expect(toFinance[0].title).toBe('1 项预算决算公开事项已逾期');
    expect(toFinance[0].body).toBe('请尽快公开并登记公开日期和网址：“三公”经费“2019年度“三公”经费预算”（2018年12月1日批复）应于2018年12月21日前公开，已逾期 35 天。');
    // A division with overdue tasks still gets its tasks' notice, unchanged in form.
    const taskOwner = overdueTasks[0].ownerCode;
    const toOwner = s.db.select().from(notices).where(and(eq(notices.unitCode, taskOwner), eq(notices.kind, 'reminder'))).all().at(-1)!;
    expect(toOwner.title).toMatch(/^\d+ 项台账任务已逾期$/);
    const audit = s.db.select().from(auditLog).where(eq(auditLog.action, 'task.remind')).all().at(-1)!;
    const lines = formatAuditDetails(audit).map(auditDetailLine);
    expect(lines).toContain('预算决算公开事项数：1 项');

    // Published late, it is no longer overdue: the next reminder leaves 计划财务处 alone.
    await finance.client.budgets.save.mutate({ id: item.id, revision: item.revision, kind: 'sangong', fiscalYear: 2019, title: '2019年度“三公”经费预算', approvedOn: '2018-12-01', publishedOn: '2019-01-02', url: 'https://jst.zj.gov.cn/sangong-2019' });
    expect((await office.client.ledger.remind.mutate({ year: 2018 })).budgets).toBe(0);
    expect(s.db.select().from(notices).where(and(eq(notices.unitCode, '330003'), eq(notices.kind, 'reminder'))).all()).toHaveLength(1);
    // Unpublished again for the export below: record a second, still unpublished item.
    await finance.client.budgets.save.mutate({ revision: 0, kind: 'final', fiscalYear: 2017, title: '2017年度部门决算补充说明', approvedOn: '2018-12-10' });
  });

  it('the ledger export has a 预算决算公开 sheet: Chinese headers, each item with its deadline, timing and review as the register shows them', async () => {
    const office = await s.login('office');
    const { rows } = await office.client.budgets.list.query({ year: 2018 });
    const res = await exportLedger(office.cookie, 'year=2018');
    expect(res.status).toBe(200);
    const wb = await load(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['任务分解台账', '预算决算公开']);
    const ws = wb.getWorksheet('预算决算公开')!;
    expect(ws.getCell('A1').value).toBe('2018年度浙江省住房和城乡建设厅预算、决算公开情况（第十三条）');
    expect(String(ws.getCell('A2').value)).toBe(`截至 2019年1月25日；批复后 20 日内公开（预算法第十四条），事项计入公开截止日期所在年度；共 ${rows.length} 项，逾期 3 项`);
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '类别', '公开事项', '责任处室', '批复日期', '公开截止日期', '公开日期', '时效', '公开网址', '审核状态', '备注']);
    const text = (v: unknown) => (v && typeof v === 'object' && 'text' in v ? (v as { text: string }).text : v);
    const body = Array.from({ length: ws.rowCount - 3 }, (_, i) => (ws.getRow(4 + i).values as unknown[]).slice(1, 11).map(text));
    expect(body).toEqual([
      [1, '部门预算', '2018年度部门预算（含“三公”经费预算）（2018 年度）', '计划财务处', '2018年2月5日', '2018年2月25日', '2018年2月11日', '按期公开', rows[0].url, '已确认 第1版'],
      [2, '部门决算', '2017年度部门决算（含“三公”经费决算）（2017 年度）', '计划财务处', '2018年7月20日', '2018年8月9日', '2018年8月20日', '逾期 11 天公开', rows[1].url, '已确认 第1版'],
      [3, '预算调整', '2018年度部门预算调整（2018 年度）', '计划财务处', '2018年11月6日', '2018年11月26日', '2018年11月21日', '按期公开', rows[2].url, '已确认 第1版'],
      [4, '“三公”经费', '2019年度“三公”经费预算（2019 年度）', '计划财务处', '2018年12月1日', '2018年12月21日', '2019年1月2日', '逾期 12 天公开', 'https://jst.zj.gov.cn/sangong-2019', '待确认 第2版'],
      [5, '部门决算', '2017年度部门决算补充说明（2017 年度）', '计划财务处', '2018年12月10日', '2018年12月30日', '未公开', '已逾期 26 天', '', '待确认 第1版'],
    ]);
    // The overdue item's timing cell is marked as in the register (red).
    expect((ws.getCell('H8').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect((ws.getCell('H7').fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb).not.toBe('FFFFC7CE');
    const audit = s.db.select().from(auditLog).where(eq(auditLog.action, 'excel.ledger')).all().at(-1)!;
    expect(audit.after).toMatchObject({ year: 2018, budgets: 5 });
  });

  it("the export's filters select items as the ledger's: overdue only, another clause none, a division its own", async () => {
    const office = await s.login('office');
    const rowsOf = async (cookie: string, query: string) => {
      const res = await exportLedger(cookie, query);
      expect(res.status).toBe(200);
      const ws = (await load(res)).getWorksheet('预算决算公开')!;
      return Array.from({ length: ws.rowCount - 3 }, (_, i) => String(ws.getCell(`C${4 + i}`).value));
    };
    expect(await rowsOf(office.cookie, 'year=2018&status=overdue')).toEqual(['2017年度部门决算补充说明（2017 年度）']);
    expect(await rowsOf(office.cookie, 'year=2018&status=done')).toHaveLength(4);
    expect(await rowsOf(office.cookie, 'year=2018&clause=十三')).toHaveLength(5);
    expect(await rowsOf(office.cookie, 'year=2018&clause=一')).toEqual([]);
    expect(await rowsOf((await s.login('330003')).cookie, 'year=2018')).toHaveLength(5);
    expect(await rowsOf((await s.login('330001')).cookie, 'year=2018')).toEqual([]);
  });
});
