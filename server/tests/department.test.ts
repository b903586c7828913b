/**
 * The department's own work over the API: divisions report on their ledger tasks (versions, return
 * with reason, audit), the office's ledger view and reminders, division scores to the cent, the
 * divisions' ranking, and the public results page read only from publication snapshots.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, ledgerTasks, notices, taskReportVersions } from '../../db/schema';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    // A clean ledger (the demo's task reports removed) and the office account named like a person,
    // so the public page can be checked for names.
    prepare: (file) => {
      const db = new Database(file);
      db.exec("delete from task_report_actions; delete from task_report_versions; delete from task_reports; update accounts set display_name = '王晓明' where username = 'office'");
      db.close();
    },
  });
});
afterAll(() => s.close());

const taskOf = (owner: string, year = 2018) => s.db.select().from(ledgerTasks).where(eq(ledgerTasks.year, year)).all().find((t) => t.owners.length === 1 && t.owners[0] === owner)!;

describe('task ledger', () => {
  it('ships the plan’s 2017–2018 tasks with their owners and dates; quarterly tasks have one row per quarter', async () => {
    const office = await s.login('office');
    const l17 = await office.client.ledger.list.query({ year: 2017 });
    expect(l17.rows.map((r) => `${r.clause}|${r.ownerName}|${r.due}`)).toEqual([
      '一|办公室|2017-10-31',
      '二|办公室|2017-12-31',
      '二|法规处|2017-12-31',
      '十五|办公室|2017-10-10',
      '十五|办公室|2018-01-10',
    ]);
    const l18 = await office.client.ledger.list.query({ year: 2018 });
    // catalogue task: 办公室 and six sector divisions; 2018 spot checks: four quarters.
    expect(l18.rows.filter((r) => r.clause === '二、十四')).toHaveLength(7);
    expect(l18.rows.filter((r) => r.clause === '十五').map((r) => r.instance)).toEqual(['2018Q1', '2018Q2', '2018Q3', '2018Q4']);
    expect(l18.today).toBe('2019-01-25');
    // Nothing reported yet: the 2018 provident-fund report is 300 days overdue on 2019-01-25.
    const fund = l18.rows.find((r) => r.ownerCode === '330010')!;
    expect(fund).toMatchObject({ due: '2018-03-31', progress: null, overdue: true, overdueDays: 300 });
    // Filters: by clause, division and status.
    expect((await office.client.ledger.list.query({ year: 2018, clause: '十四' })).rows.map((r) => r.clause)).toEqual([...Array(7).fill('二、十四'), '十四']);
    expect((await office.client.ledger.list.query({ year: 2018, division: '330005' })).rows).toHaveLength(2);
    // Budgets (十三) are not ledger tasks: they have their own register, due 20 days after approval.
    expect(l18.rows.some((r) => r.clause === '十三')).toBe(false);
    expect((await office.client.ledger.list.query({ year: 2018, status: 'done' })).rows).toHaveLength(0);
  });

  it('a division reports, the office returns with a reason, the division reports again, the office confirms; versions and audit kept', async () => {
    const task = taskOf('330010');
    const division = await s.login('330010');
    const office = await s.login('office');
    const first = await division.client.ledger.report.mutate({ taskId: task.id, instance: 'once', revision: 0, progress: 'done', completedOn: '2018-04-02', evidenceUrl: 'http://www.zjjs.gov.cn/art/2018/4/2/gjj.html' });
    expect(first).toMatchObject({ status: 'submitted', version: 1, revision: 1 });
    // The office is told; the ledger shows it done, two days late.
    expect(s.db.select().from(notices).where(eq(notices.unitCode, '330000')).all().some((n) => n.body.includes('住房公积金监管处报告任务'))).toBe(true);
    let row = (await office.client.ledger.list.query({ year: 2018, division: '330010' })).rows[0];
    expect(row).toMatchObject({ progress: 'done', completedOn: '2018-04-02', overdueDays: 2, overdue: false, onTime: false, reportStatus: 'submitted', version: 1 });
    // A stale revision is refused and changes nothing.
    await expect(division.client.ledger.report.mutate({ taskId: task.id, instance: 'once', revision: 0, progress: 'in_progress' })).rejects.toThrow(/已在您打开之后被修改/);
    // Return needs a reason.
    await expect(office.client.ledger.return.mutate({ taskReportId: first.taskReportId, revision: 1, reason: ' ' })).rejects.toThrow(/退回理由/);
    await office.client.ledger.return.mutate({ taskReportId: first.taskReportId, revision: 1, reason: '完成日期与公开网页日期不符，请核实' });
    const returned = s.db.select().from(notices).where(and(eq(notices.unitCode, '330010'), eq(notices.kind, 'returned'))).all();
    expect(returned.at(-1)?.body).toContain('完成日期与公开网页日期不符，请核实');
    row = (await division.client.ledger.list.query({ year: 2018 })).rows[0];
    expect(row).toMatchObject({ reportStatus: 'returned', returnReason: '完成日期与公开网页日期不符，请核实', revision: 2 });
    const second = await division.client.ledger.report.mutate({ taskId: task.id, instance: 'once', revision: 2, progress: 'done', completedOn: '2018-03-28', evidenceUrl: 'http://www.zjjs.gov.cn/art/2018/3/28/gjj.html', note: '以网页发布日期为准' });
    expect(second.version).toBe(2);
    await office.client.ledger.accept.mutate({ taskReportId: second.taskReportId, revision: second.revision });
    const h = await division.client.ledger.history.query({ taskReportId: second.taskReportId });
    expect(h.versions.map((v) => [v.version, v.completedOn])).toEqual([
      [2, '2018-03-28'],
      [1, '2018-04-02'],
    ]);
    expect(h.actions.map((a) => a.action)).toEqual(['submit', 'return', 'submit', 'accept']);
    expect(s.db.select().from(taskReportVersions).where(eq(taskReportVersions.taskReportId, second.taskReportId)).all()).toHaveLength(2);
    const audit = s.db.select().from(auditLog).where(eq(auditLog.entity, 'task_report')).all().filter((a) => a.entityId === String(second.taskReportId));
    expect(audit.map((a) => a.action)).toEqual(['task.submit', 'task.return', 'task.submit', 'task.accept']);
    // Confirmed: the division can no longer change it.
    await expect(division.client.ledger.report.mutate({ taskId: task.id, instance: 'once', revision: 4, progress: 'in_progress' })).rejects.toThrow(/已被厅办公室确认/);
  });

  it('a division cannot report on another division’s task, nor read its rows', async () => {
    const division = await s.login('330010');
    await expect(division.client.ledger.report.mutate({ taskId: taskOf('330005').id, instance: 'once', revision: 0, progress: 'in_progress' })).rejects.toThrow(/不是任务.*的责任处室/);
    await expect(division.client.ledger.list.query({ year: 2018, division: '330005' })).rejects.toThrow(/只能查看本处室/);
    expect((await division.client.ledger.list.query({ year: 2018 })).rows.every((r) => r.ownerCode === '330010')).toBe(true);
  });

  it('reminds the owners of overdue tasks through notices, one notice per division', async () => {
    const office = await s.login('office');
    const r = await office.client.ledger.remind.mutate({ year: 2018 });
    const overdue = (await office.client.ledger.list.query({ year: 2018, status: 'overdue' })).rows;
    expect(r.tasks).toBe(overdue.length);
    expect(r.divisions).toBe(new Set(overdue.map((o) => o.ownerCode)).size);
    const toHousing = s.db.select().from(notices).where(and(eq(notices.unitCode, '330005'), eq(notices.kind, 'reminder'))).all().at(-1)!;
    expect(toHousing.title).toBe('2 项台账任务已逾期');
    expect(toHousing.body).toContain('应于2018年6月30日完成，已逾期 209 天');
    // 住房公积金监管处's task is done: it gets no reminder.
    expect(s.db.select().from(notices).where(and(eq(notices.unitCode, '330010'), eq(notices.kind, 'reminder'))).all()).toHaveLength(0);
  });

  it('exports the ledger as a workbook (office), refuses a bureau', async () => {
    const office = await s.login('office');
    const res = await fetch(`${s.url}/api/excel/ledger?year=2018&status=overdue`, { headers: { cookie: office.cookie } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('2018年度政务公开任务分解台账.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('任务分解台账')!;
    expect(ws.getCell('A1').value).toBe('2018年度浙江省住房和城乡建设厅政务公开任务分解台账');
    expect(ws.pageSetup.orientation).toBe('landscape');
    const overdue = (await office.client.ledger.list.query({ year: 2018, status: 'overdue' })).rows;
    expect(ws.rowCount).toBe(3 + overdue.length);
    const city = await s.login('330100');
    expect((await fetch(`${s.url}/api/excel/ledger?year=2018`, { headers: { cookie: city.cookie } })).status).toBe(403);
  });
});

describe('division assessment and the public page', () => {
  it('scores divisions with their ledger tasks, to the cent, and ranks them beside the cities', async () => {
    const office = await s.login('office');
    const run = (await office.client.scores.ranking.query({ year: 2018 })).run!;
    expect(run.divisions).toHaveLength(13);
    const gjj = (await office.client.scores.unit.query({ year: 2018, unitCode: '330010' })).score;
    const dv01 = gjj.indicators.find((i) => i.code === 'DV-01')!;
    // One task due by the assessment date (2019-01-31), done 2018-03-28 on time, confirmed: 30 × 1 = 30.00.
    expect(dv01.score).toBe(3000);
    expect(dv01.explanation).toBe('按期完成的台账任务 1 项 / 截至考核日到期的台账任务 1 项 = 100.00% → 30 × 1.00 = 30.00 分');
    const housing = (await office.client.scores.unit.query({ year: 2018, unitCode: '330005' })).score;
    expect(housing.indicators.find((i) => i.code === 'DV-01')!.explanation).toContain('2018年6月30日到期，无经确认的报告');
    expect(housing.indicators.find((i) => i.code === 'DV-01')!.score).toBe(0);
    expect(gjj.S).toBe(gjj.indicators.reduce((a, i) => a + i.score, 0));
    expect(run.divisions.find((d) => d.code === '330010')!.S).toBe(gjj.S);
  });

  it('the public page shows only the published values, never a person, never sets a cookie', async () => {
    const office = await s.login('office');
    const pubs = await office.client.scores.publications.query({ year: 2018 });
    await office.client.scores.publish.mutate({ year: 2018, ...(pubs.length ? { reason: '部门考核结果补充发布' } : {}) });
    await office.client.publicResults.setDivisionsPublic.mutate({ year: 2018, public: true });
    const published = (await office.client.scores.ranking.query({ year: 2018, version: pubs.length + 1 })).run!;
    const hz = published.cities.find((c) => c.code === '330100')!;
    const page1 = await fetch(`${s.url}/public`, { headers: { cookie: office.cookie } });
    expect(page1.status).toBe(200);
    expect(page1.headers.get('set-cookie')).toBeNull();
    const html1 = await page1.text();
    const S = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    expect(html1).toContain(`<th scope="row">杭州市</th><td class="n">${S(hz.S)}</td>`);
    expect(html1).toContain('2018年度厅机关处室政务公开工作考核排名');
    expect(html1).toContain('城镇保障性安居工程财政资金绩效评价完成并公开结果');

    // Change a value after publication: an adjustment for 杭州市 with a person's name in its reason.
    await office.client.scores.adjust.mutate({ year: 2018, unitCode: '330100', points: -5, reason: '经李建国核查扣分' });
    const draft = (await office.client.scores.ranking.query({ year: 2018 })).run!;
    expect(draft.cities.find((c) => c.code === '330100')!.S).not.toBe(hz.S);
    const page2 = await fetch(`${s.url}/public`);
    const html2 = await page2.text();
    expect(page2.headers.get('set-cookie')).toBeNull();
    expect(html2).toContain(`<th scope="row">杭州市</th><td class="n">${S(hz.S)}</td>`);
    for (const name of ['王晓明', '李建国', '核查扣分']) expect(html2).not.toContain(name);
    // Cached and conditional.
    const etag = page2.headers.get('etag')!;
    expect((await fetch(`${s.url}/public`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // Hiding the divisions' ranking takes it off the page.
    await office.client.publicResults.setDivisionsPublic.mutate({ year: 2018, public: false });
    expect(await (await fetch(`${s.url}/public`)).text()).not.toContain('厅机关处室政务公开工作考核排名');
  });
});
