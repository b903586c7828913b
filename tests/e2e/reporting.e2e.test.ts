import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RouterOutputs } from '../../server/root';
import { fullCountyValues } from '../helpers/values';
import { animationsDone, apiSession, launchBrowser, loginAs, newPage, shot, startAppProcess } from './harness';

type ReportData = RouterOutputs['reports']['get'];

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

const UNIT = '330108'; // 滨江区: has not filed its 2018 annual report on the demo day
const PERIOD = '2018Q4';
const UNIT_LABEL = '杭州市滨江区2018年第四季度暨年度报告'; // how the review buttons name the report
const RETURN_REASON = '棚改完成数与市级台账不一致，请核实';
const XSS_NOTE = '含已签约未拆迁项目 <img src=x onerror="window.__xss=1"> 见台账';
const SITE = 'https://jsj.hhtz.gov.cn/zwgk';

/** Waits for an antd message toast with this text. */
async function toast(page: Page, text: string | RegExp) {
  await page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
}

async function xssFired(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
}

describe('reporting workflow in the browser', () => {
  it('a county fills and submits; its city returns it; the county corrects and resubmits; the city approves; the office accepts; the grid shows it on time', async () => {
    const reportInput = { unitCode: UNIT, periodCode: PERIOD };

    // --- Setup (API): the office extends 滨江区's 2018Q4 due date; the county pre-fills the long tail of indicators.
    const officeApi = await apiSession(app.url, 'office');
    await officeApi.mutate('periods.extendDue', { periodCode: PERIOD, unitCode: UNIT, due: '2019-01-31', reason: '机构改革人员调整，延期报送' });
    const countyApi = await apiSession(app.url, UNIT);
    const before = await countyApi.query<ReportData>('reports.get', reportInput);
    expect(before.report).toBeNull();
    expect(before.previousAccepted?.['HS-01']).toMatchObject({ numerator: 255, denominator: 330 });
    // Everything except what the person fills in below: HS-01, CAT-01, CAT-03 and the two counts.
    const full = fullCountyValues({
      'RH-01': { numerator: 0, denominator: 0, note: '辖区内本年度无农村危房改造任务' },
      'RH-02': { numerator: 0, denominator: 0, note: '辖区内本年度无农村危房改造补助对象' },
      'HS-02': { evidenceUrl: `${SITE}/zfbz/index.html` },
      'MC-04': { evidenceUrl: `${SITE}/wzcc/index.html` },
    });
    const prefill = Object.fromEntries(Object.entries(full).filter(([code]) => !['HS-01', 'CAT-01', 'CAT-03'].includes(code)));
    await countyApi.mutate('reports.saveDraft', { ...reportInput, revision: 0, values: prefill });

    // --- 滨江区 fills in the rest of the form and saves a draft.
    const county = await newPage(browser);
    await loginAs(county, app.url, UNIT);
    await county.goto(`${app.url}/report?unit=${UNIT}&period=${PERIOD}`);
    await county.getByRole('heading', { name: '滨江区 · 2018年第四季度暨年度' }).waitFor();
    // The header shows the extension, and the period selector no longer calls the period late.
    await county.getByTitle('2018年第四季度暨年度（已延期至2019年1月31日）').waitFor();
    await county.locator('span', { hasText: '已延期至' }).first().waitFor();
    await county.getByText('2019年1月31日', { exact: true }).waitFor();

    const cat01 = county.locator('#ind-CAT-01');
    const date = cat01.getByLabel('目录编制完成日期');
    await date.click();
    await date.fill('2018-12-20');
    await date.press('Enter');
    await cat01.getByLabel('公开网页链接').fill(`${SITE}/ml/201812/t20181220_9001.html`);

    const cat03 = county.locator('#ind-CAT-03');
    await cat03.getByRole('radiogroup', { name: '政务公开负面清单目录建立并动态更新是否完成' }).getByRole('radio', { name: '是' }).check();
    await cat03.getByLabel('公开网页链接').fill(`${SITE}/fmqd/201812/t20181210_7001.html`);

    // A draft keeps a figure that cannot be submitted yet, and says so at the field.
    await county.getByLabel('已完成改造套数').fill('400');
    await county.getByLabel('年度计划改造套数').fill('330');
    await county.locator('#ind-HS-01').getByText('已完成改造套数 400 大于年度计划改造套数 330').waitFor();
    await county.getByRole('button', { name: /保存草稿/ }).click();
    await toast(county, '草稿已保存，有 1 条提示请留意');
    await county.getByText('所有修改已保存').waitFor();

    await county.getByLabel('已完成改造套数').fill('300');
    await county.getByLabel('棚户区改造年度任务完成率备注').fill(XSS_NOTE);
    await county.locator('#ind-HS-01').getByText('90.9%').waitFor();
    await county.getByLabel('已公开事项数').fill('4');
    await county.getByLabel('已完成并公开的抽查次数').fill('4');
    await county.getByText('已填写 12 / 12 项').waitFor();
    await county.locator('#ind-HS-01').scrollIntoViewIfNeeded();
    await animationsDone(county);
    await shot(county, 'workflow-1-county-filled');

    await county.getByRole('button', { name: /保存草稿/ }).click();
    await toast(county, '草稿已保存');
    await county.getByText('所有修改已保存').waitFor();

    // What the person typed is what the server saved.
    const saved = await countyApi.query<ReportData>('reports.get', reportInput);
    expect(saved.report?.status).toBe('draft');
    expect(saved.values['HS-01']).toEqual({ numerator: 300, denominator: 330, note: XSS_NOTE });
    expect(saved.values['CAT-01']).toEqual({ date: '2018-12-20', evidenceUrl: `${SITE}/ml/201812/t20181220_9001.html` });
    expect(saved.values['CAT-03']).toEqual({ yes: true, evidenceUrl: `${SITE}/fmqd/201812/t20181210_7001.html` });
    expect(saved.values['HS-02']).toEqual({ count: 4, evidenceUrl: `${SITE}/zfbz/index.html` });
    expect(saved.values['MC-04']).toEqual({ count: 4, evidenceUrl: `${SITE}/wzcc/index.html` });
    expect(saved.values['MC-03']).toEqual(prefill['MC-03']);

    // After a reload the note is plain text in its field and its markup never ran.
    await county.reload();
    const note = county.getByLabel('棚户区改造年度任务完成率备注');
    await note.waitFor();
    expect(await note.inputValue()).toBe(XSS_NOTE);
    expect(await county.getByLabel('已完成改造套数').inputValue()).toBe('300');
    expect(await county.locator('#ind-CAT-01').getByLabel('目录编制完成日期').inputValue()).toBe('2018-12-20');
    expect(await county.locator('#ind-CAT-03').getByRole('radio', { name: '是' }).isChecked()).toBe(true);
    expect(await xssFired(county)).toBeUndefined();
    await county.evaluate(() => window.scrollTo(0, 0));
    await animationsDone(county);
    await shot(county, 'report-form', true);

    // Submit through the confirmation.
    await county.getByRole('button', { name: /报\s*送/ }).click();
    const confirm = county.getByRole('dialog').filter({ hasText: '确认报送' });
    await confirm.getByText('报送后不能修改，确认报送？').waitFor();
    await confirm.getByRole('button', { name: '确认报送' }).click();
    await toast(county, '报告已报送，等待审核');
    await county.getByText('已报送', { exact: true }).first().waitFor();
    // Read-only now: the note is shown as text, not as markup.
    await county.getByText(XSS_NOTE).waitFor();
    expect(await county.locator('img[src="x"]').count()).toBe(0);
    expect(await xssFired(county)).toBeUndefined();
    await shot(county, 'workflow-2-county-submitted');

    // --- 杭州市 returns it with a reason.
    const city = await newPage(browser);
    await loginAs(city, app.url, '330100');
    await city.goto(`${app.url}/reviews`);
    const cityRow = city.getByRole('row').filter({ hasText: '滨江区' });
    await cityRow.waitFor();
    await cityRow.getByText('第 1 版').waitFor();
    await cityRow.getByText('首次报送').waitFor();
    await cityRow.getByText('✓ 按时').waitFor();
    await cityRow.getByRole('button', { name: `退回${UNIT_LABEL}` }).click();
    const returnDialog = city.getByRole('dialog').filter({ hasText: '退回报告' });
    await returnDialog.getByLabel('退回理由').fill(RETURN_REASON);
    await animationsDone(city);
    await shot(city, 'workflow-3-city-return');
    await returnDialog.getByRole('button', { name: '确认退回' }).click();
    await toast(city, /已退回杭州市滨江区.*报告/);
    await cityRow.waitFor({ state: 'detached' });

    // --- 滨江区 sees the reason on the form and in the notices, corrects HS-01 and resubmits.
    await county.reload();
    const returned = county.getByRole('alert').filter({ hasText: '报告已被退回' });
    await returned.getByText(RETURN_REASON).waitFor();
    expect(await returned.innerText()).toContain(`退回理由：${RETURN_REASON}`);
    await county.getByRole('button', { name: '通知' }).click();
    const bell = county.locator('.ant-popover').filter({ hasText: '通知' });
    await bell.getByText(/报告被退回/).first().waitFor();
    await bell.getByText(new RegExp(`理由：${RETURN_REASON}`)).waitFor();
    await animationsDone(county);
    await shot(county, 'workflow-4-county-returned');
    await county.keyboard.press('Escape');
    await bell.waitFor({ state: 'hidden' });

    const numerator = county.getByLabel('已完成改造套数');
    expect(await numerator.inputValue()).toBe('300');
    await numerator.fill('280');
    await county.locator('#ind-HS-01').getByText('84.8%').waitFor();
    await county.getByRole('button', { name: /报\s*送/ }).click();
    await confirm.getByText('报送后不能修改，确认报送？').waitFor();
    await confirm.getByRole('button', { name: '确认报送' }).click();
    await toast(county, '报告已报送，等待审核');
    const resubmitted = await countyApi.query<ReportData>('reports.get', reportInput);
    expect(resubmitted.report?.status).toBe('submitted');
    expect(resubmitted.report?.currentVersion).toBe(2);
    expect(resubmitted.values['HS-01']).toEqual({ numerator: 280, denominator: 330, note: XSS_NOTE });

    // --- 杭州市 sees version 2 and what changed, and approves.
    await city.reload();
    await cityRow.waitFor();
    await cityRow.getByText('第 2 版').waitFor();
    const changes = cityRow.getByText('较第 1 版修改 1 项');
    await changes.hover();
    await city.getByRole('tooltip').getByText('HS-01 棚户区改造年度任务完成率：已完成改造套数').waitFor();
    await animationsDone(city);
    await shot(city, 'workflow-5-city-version-2');
    await cityRow.getByRole('button', { name: `审核通过${UNIT_LABEL}` }).click();
    const approveConfirm = city.locator('.ant-popconfirm').filter({ hasText: '审核通过报告' });
    await approveConfirm.getByText('（第 2 版）').waitFor();
    await approveConfirm.getByRole('button', { name: '审核通过' }).click();
    await toast(city, /已审核通过杭州市滨江区.*已转厅办公室采纳/);
    await cityRow.waitFor({ state: 'detached' });

    // --- The office accepts it.
    const office = await newPage(browser);
    await loginAs(office, app.url, 'office');
    await office.goto(`${app.url}/reviews`);
    const officeRow = office.getByRole('row').filter({ hasText: '滨江区' });
    await officeRow.waitFor();
    await officeRow.getByText('市级已审核').waitFor();
    await officeRow.getByText('第 2 版').waitFor();
    await animationsDone(office);
    await shot(office, 'review-queue', true);
    await officeRow.getByRole('button', { name: `采纳${UNIT_LABEL}` }).click();
    const acceptConfirm = office.locator('.ant-popconfirm').filter({ hasText: '采纳报告' });
    await acceptConfirm.getByRole('button', { name: /采\s*纳/ }).click();
    await toast(office, /已采纳杭州市滨江区.*报告/);
    await officeRow.waitFor({ state: 'detached' });

    // --- The status grid (2018, 杭州市) shows 滨江区's annual report on time and accepted.
    await office.goto(`${app.url}/status?year=2018`);
    await office.getByRole('combobox', { name: '设区市' }).click();
    // antd renders role="option" on a hidden list for screen readers; the visible choice is the item titled 杭州市.
    await office.locator('.ant-select-dropdown').getByTitle('杭州市', { exact: true }).click();
    await office.getByRole('heading', { name: /2018 年度 · 杭州市/ }).waitFor();
    const cell = office.getByRole('link', { name: /：滨江区 2018年第四季度暨年度，按时报送/ });
    await cell.waitFor();
    const cellName = await cell.getAttribute('aria-label');
    expect(cellName).toContain('截止 2019年1月31日（已延期，原截止 2019年1月10日）');
    expect(cellName).toContain('当前状态：已采纳');
    const cellText = await cell.innerText();
    expect(cellText).toContain('✓');
    expect(cellText).toContain('按时');
    expect(cellText).toContain('已采纳');
    await office.getByRole('row').filter({ hasText: '杭州市' }).first().scrollIntoViewIfNeeded();
    await office.mouse.move(0, 0); // no hover highlight on the cell under the closed city dropdown
    await animationsDone(office);
    await shot(office, 'status-grid', true);

    const final = await officeApi.query<ReportData>('reports.get', reportInput);
    expect(final.report?.status).toBe('accepted');
    expect(final.timeliness.status).toBe('on-time');
    expect(final.history.map((h) => h.action)).toEqual(['submit', 'return', 'submit', 'approve', 'accept']);
  });

  it('annual report at 390 px: a wrong total shows its message at that cell; fixing it clears the message; the draft saves; the Excel template comes back with its problem at 表三!E8, then saves', async () => {
    const page = await newPage(browser, { width: 390, height: 844 });
    await loginAs(page, app.url, '331127'); // 景宁: has not filed its 2018 annual report on the demo day
    await page.goto(`${app.url}/annual?unit=331127&year=2018`);
    await page.getByRole('heading', { name: '三、收到和处理政府信息公开申请情况' }).waitFor();
    await page.getByLabel('表三“一、本年新收政府信息公开申请数量”行“自然人”列').fill('10');
    await page.getByLabel('表三“一、本年新收政府信息公开申请数量”行“法人或其他组织—商业企业”列').fill('3');
    const total = page.getByLabel('表三“一、本年新收政府信息公开申请数量”行“总计”列');
    await total.fill('12');
    const cell = page.locator('td[data-cell="applications.new.total"]');
    await expect.poll(() => cell.getByRole('alert').innerText()).toBe('应等于自然人与法人或其他组织各列之和 13，填写的是 12');
    expect(await total.getAttribute('aria-invalid')).toBe('true');
    // The page itself does not scroll sideways: the wide table scrolls inside its card.
    const scroll = await page.evaluate(() => {
      const main = document.querySelector('main, .ant-layout-content') ?? document.body;
      const region = document.querySelector('.annual-scroll[aria-label^="三、"]') as HTMLElement;
      return { region: region.scrollWidth > region.clientWidth, main: main.scrollWidth <= window.innerWidth + 1 };
    });
    expect(scroll).toEqual({ region: true, main: true });
    await shot(page, 'annual-report-390');
    await total.fill('13');
    await expect.poll(() => cell.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await toast(page, '草稿已保存');
    const api = await apiSession(app.url, '331127');
    const saved = await api.query<RouterOutputs['annualReports']['get']>('annualReports.get', { unitCode: '331127', year: 2018 });
    expect(saved.report?.status).toBe('draft');
    expect(saved.data.cells['applications.new.total']).toBe(13);

    // Excel: the template comes pre-filled; letters in a number cell are refused at their cell, nothing is saved.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annual-e2e-'));
    await page.reload();
    await page.getByRole('heading', { name: '三、收到和处理政府信息公开申请情况' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载填报模板' }).click()]);
    const template = path.join(dir, 'template.xlsx');
    await download.saveAs(template);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    expect(wb.getWorksheet('表三')!.getCell('E8').value).toBe(3);
    wb.getWorksheet('表三')!.getCell('E8').value = '三件';
    wb.getWorksheet('表三')!.getCell('D9').value = '２'; // full-width digits are read as 2
    const wrong = path.join(dir, 'wrong.xlsx');
    await wb.xlsx.writeFile(wrong);
    const input = page.locator('input[type="file"][accept^=".xlsx"]');
    await input.setInputFiles(wrong);
    const problems = page.locator('.ant-alert-error');
    await problems.getByText('上传的表格有 1 处问题，未保存任何数据').waitFor();
    await problems.getByText('表三!E8').waitFor();
    wb.getWorksheet('表三')!.getCell('E8').value = 3;
    const fixed = path.join(dir, 'fixed.xlsx');
    await wb.xlsx.writeFile(fixed);
    await input.setInputFiles(fixed);
    await page.locator('.ant-alert-success').getByText('已保存为草稿（第 1 版），请核对后在“年度报告”页报送').waitFor();
    const uploaded = await api.query<RouterOutputs['annualReports']['get']>('annualReports.get', { unitCode: '331127', year: 2018 });
    expect([uploaded.data.cells['applications.carriedIn.natural'], uploaded.data.cells['applications.new.total']]).toEqual([2, 13]);
    fs.rmSync(dir, { recursive: true, force: true });
    await page.context().close();
  });
});
