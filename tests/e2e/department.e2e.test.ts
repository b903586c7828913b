import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { animationsDone, apiSession, axeSerious, launchBrowser, loginAs, newPage, shot, startAppProcess } from './harness';

let app: Awaited<ReturnType<typeof startAppProcess>>;
let browser: Browser;

beforeAll(async () => {
  app = await startAppProcess();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const TASK = '全面完成厅本级和全省住房城乡建设系统主动公开目录编制';
const EVIDENCE = 'http://www.zjjs.gov.cn/art/2019/1/20/art_1229_3570001.html';
const BUDGET = '2018年度“三公”经费预算调整说明';

describe("the department's ledger and the public page in the browser", () => {
  it('a division completes a task with evidence, the office sees and confirms it in the ledger; the public page renders without login', async () => {
    // --- 城市建设处 (330007): its catalogue task is still 推进中 and overdue on the demo day.
    const division = await newPage(browser);
    await loginAs(division, app.url, '330007');
    await division.getByRole('heading', { name: '本处室台账任务' }).waitFor();
    const row = division.locator('tr.ant-table-row').filter({ hasText: TASK });
    await row.getByText('已逾期 25 天').waitFor();
    await row.getByRole('button', { name: '报告进展' }).click();
    const dialog = division.getByRole('dialog', { name: '报告任务进展' });
    await dialog.waitFor();
    await animationsDone(division);
    await dialog.getByText('已完成', { exact: true }).click();
    const date = dialog.getByLabel('完成日期');
    await date.click();
    await date.fill('2019年1月20日');
    await date.press('Enter');
    await dialog.getByLabel('佐证材料链接').fill(EVIDENCE);
    await dialog.getByLabel('备注').fill('舟山、丽水两市目录已于1月20日公开');
    await division.getByRole('button', { name: /报\s*送/ }).click();
    await division.locator('.ant-message-notice').filter({ hasText: '已报告（第 2 版）' }).waitFor();
    await row.getByText('待审核 第2版').waitFor();
    await row.getByText('逾期 20 天完成').waitFor();
    await shot(division, 'ledger-division', true);

    // --- The office sees it in the ledger (filtered to the division) and confirms it.
    const office = await newPage(browser);
    await loginAs(office, app.url, 'office');
    await office.getByText('97/ 100 家已报送').waitFor(); // the overview has settled its URL
    await office.getByRole('menuitem', { name: /任务台账/ }).click();
    await office.getByRole('heading', { name: '任务分解台账' }).waitFor();
    await office.getByLabel('责任处室').click();
    await office.locator('.ant-select-item-option').filter({ hasText: '城市建设处' }).click();
    const officeRow = office.locator('tr.ant-table-row').filter({ hasText: TASK }).filter({ hasText: '城市建设处' });
    await officeRow.getByText('2019年1月20日').waitFor();
    expect(await officeRow.getByRole('link', { name: '链接' }).getAttribute('href')).toBe(EVIDENCE);
    await officeRow.getByRole('button', { name: /确\s*认/ }).click();
    await officeRow.getByText('已确认 第2版').waitFor();
    await office.getByRole('tab', { name: '时间线与处室进度' }).click();
    await office.getByRole('img', { name: /任务分解台账时间线/ }).waitFor();
    await shot(office, 'ledger-timeline', true);

    // --- 计划财务处 (330003) records a budget disclosure (due 20 days after approval); the office confirms it.
    const finance = await newPage(browser);
    await loginAs(finance, app.url, '330003');
    await finance.getByRole('heading', { name: '本处室台账任务' }).waitFor();
    await finance.getByRole('tab', { name: '预算决算公开' }).click();
    await finance.locator('tr.ant-table-row').filter({ hasText: '2017年度部门决算' }).getByText('逾期 11 天公开').waitFor();
    await finance.getByRole('button', { name: '登记公开事项' }).click();
    const form = finance.getByRole('dialog', { name: '登记预算、决算公开事项' });
    await form.waitFor();
    await animationsDone(finance);
    await form.getByLabel('类别').click();
    await finance.locator('.ant-select-item-option').filter({ hasText: '三公' }).click();
    await form.getByLabel('公开事项名称').fill(BUDGET);
    for (const [label, day] of [['批复日期', '2018年12月5日'], ['公开日期', '2018年12月20日']]) {
      const d = form.getByLabel(label);
      await d.click();
      await d.fill(day);
      await d.press('Enter');
    }
    await form.getByText('应于 2018年12月25日 前公开（批复后 20 日内）').waitFor();
    await form.getByLabel('公开网址').fill('http://www.zjjs.gov.cn/art/2018/12/20/art_1229_sg.html');
    await finance.getByRole('button', { name: /报\s*送/ }).click();
    await finance.locator('.ant-message-notice').filter({ hasText: '已登记（第 1 版），公开截止日期 2018年12月25日' }).waitFor();
    const budgetRow = finance.locator('tr.ant-table-row').filter({ hasText: BUDGET });
    await budgetRow.getByText('按期公开').waitFor();
    await budgetRow.getByText('待确认 第1版').waitFor();
    expect(await axeSerious(finance)).toEqual([]);
    await shot(finance, 'budgets-division', true);
    await office.getByRole('tab', { name: '预算决算公开' }).click();
    const officeBudget = office.locator('tr.ant-table-row').filter({ hasText: BUDGET });
    await officeBudget.getByText('计划财务处').waitFor();
    await officeBudget.getByRole('button', { name: /确\s*认/ }).click();
    await officeBudget.getByText('已确认 第1版').waitFor();

    // --- The office publishes 2018; the overview shows the department: progress per division and the published ranking.
    const officeApi = await apiSession(app.url, 'office');
    await officeApi.mutate('scores.publish', { year: 2018 });
    await office.goto(`${app.url}/overview?year=2018`);
    const card = office.getByTestId('department-card');
    await card.getByText('已发布（第 1 版').waitFor();
    const financeRow = card.locator('tr.ant-table-row').filter({ hasText: '计划财务处' }).first();
    await financeRow.getByText('3 / 4 项').waitFor();
    await card.locator('table').nth(1).getByText('城市建设处').waitFor();
    expect(await axeSerious(office)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await shot(office, 'overview-department', true);

    // --- An item left unpublished past its 20 days: the office's 催办逾期任务 names it and 计划财务处 is notified.
    await (await apiSession(app.url, '330003')).mutate('budgets.save', { revision: 0, kind: 'final', fiscalYear: 2017, title: '2017年度部门决算补充说明', approvedOn: '2018-12-10' });
    await office.goto(`${app.url}/tasks?year=2018`);
    await office.getByRole('button', { name: '催办逾期任务' }).click();
    const confirm = office.getByRole('dialog', { name: '催办逾期任务' });
    await confirm.getByText(/逾期未公开的预算决算事项（共 1 项）/).waitFor();
    await confirm.getByRole('button', { name: /发\s*送/ }).click();
    await office.locator('.ant-message-notice').filter({ hasText: /1 项逾期未公开的预算决算事项/ }).waitFor();
    await finance.reload();
    await finance.getByRole('button', { name: '通知' }).click();
    const bell = finance.locator('.ant-popover').filter({ hasText: '通知' });
    await bell.getByText('1 项预算决算公开事项已逾期').waitFor();
    await bell.getByText(/“2017年度部门决算补充说明”（2018年12月10日批复）应于2018年12月30日前公开，已逾期 26 天/).waitFor();
    await finance.keyboard.press('Escape');

    // --- The public page: anyone opens /public from the login page, no cookie.
    await officeApi.mutate('publicResults.setDivisionsPublic', { year: 2018, public: true });
    const visitor = await newPage(browser, { width: 390, height: 844 });
    await visitor.goto(app.url);
    await visitor.getByRole('link', { name: '查看已公开的考核结果（无需登录）' }).click();
    await visitor.getByRole('heading', { name: '2018年度考核结果' }).waitFor();
    await visitor.getByRole('table', { name: '2018年度各设区市住房城乡建设部门政务公开工作考核排名' }).getByRole('rowheader', { name: '杭州市' }).waitFor();
    await visitor.getByRole('table', { name: '2018年度厅机关处室政务公开工作考核排名' }).getByRole('rowheader', { name: '城市建设处' }).waitFor();
    expect(await visitor.context().cookies()).toEqual([]);
    await shot(visitor, 'public-results', true);
  });
});
