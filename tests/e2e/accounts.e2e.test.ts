/**
 * A real deployment, as a new deployer would run it: no demo data, `npm run create-admin` makes the
 * first system administrator; in the browser the administrator uploads one Excel list with the
 * security administrator, the auditor and all 100 bureaus, downloads the 账号分发表; a bureau logs in
 * with its one-time password, must change it (nothing else is shown), then reaches its report.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { animationsDone, launchBrowser, newPage, shot, startAppProcess } from './harness';

const ADMIN_PASSWORD = 'Xitong#Guanli2019';
/** During the first quarter's reporting window of the 2018 scheme the deployment starts with. */
const CLOCK = '2018-04-02T02:00:00.000Z';
let app: Awaited<ReturnType<typeof startAppProcess>>;
let browser: Browser;

beforeAll(async () => {
  app = await startAppProcess({
    env: { SEED_DEMO: 'false', APP_CLOCK_START: CLOCK },
    before: (dbFile, dir) => {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/create-admin.ts', '--username', 'admin'], {
        env: { ...process.env, SEED_DEMO: 'false', APP_CLOCK_START: CLOCK, DATABASE_PATH: dbFile, DATA_DIR: dir, ADMIN_PASSWORD },
        stdio: 'pipe',
      });
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function seriousA11yProblems(page: Page, include?: string): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document | { include: string[] }, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  }, include);
}

async function login(page: Page, username: string, password: string) {
  await page.goto(app.url);
  await page.getByPlaceholder('用户名或 6 位单位代码').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function accountList(dir: string): Promise<string> {
  const units = JSON.parse(fs.readFileSync('fixtures/zhejiang-divisions-2018.json', 'utf8')) as { cities: { code: string; name: string; counties: { code: string; name: string }[] }[] };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账号清单');
  ws.addRow(['单位代码', '姓名', '手机号', '角色']);
  ws.addRow(['330000', '安全管理员甲', '13700000001', '安全管理员']);
  ws.addRow(['330000', '审计员乙', '13700000002', '安全审计员']);
  let n = 10;
  for (const c of units.cities) {
    ws.addRow([c.code, `${c.name}联络员`, `139000000${n++}`, '']);
    for (const k of c.counties) ws.addRow([k.code, `${k.name}联络员`, '', '县(市、区)住建局']);
  }
  const file = path.join(dir, '账号清单.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

describe('accounts for a real deployment, in the browser', () => {
  it('create-admin → the system administrator imports 102 accounts from one Excel list → 账号分发表 → a bureau must change its password, then reports', async () => {
    const page = await newPage(browser);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: '账号管理' }).waitFor();
    // The system administrator sees no business menu: no reports, rankings or overview.
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['账号管理', '组织机构', '运维']);
    await page.getByText('首次登录', { exact: false }).first().waitFor();

    // An upload with a wrong cell is refused whole, with the cell named.
    const bad = path.join(app.dir, '错误清单.xlsx');
    const wbBad = new ExcelJS.Workbook();
    const wsBad = wbBad.addWorksheet('账号清单');
    wsBad.addRow(['单位代码', '姓名', '手机号', '角色']);
    wsBad.addRow(['330106', '', '', '']);
    await wbBad.xlsx.writeFile(bad);
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('import-problems').getByText('B2：请填写姓名').waitFor();
    await page.getByRole('button', { name: '知道了' }).click();

    await page.locator('input[type=file]').setInputFiles(await accountList(app.dir));
    const dialog = page.getByRole('dialog').filter({ hasText: '已按账号清单开设 102 个账号' });
    await dialog.waitFor();
    await animationsDone(page);
    // The dialog itself (the page behind it is dimmed by the mask).
    expect(await seriousA11yProblems(page, '.ant-modal')).toEqual([]);
    await shot(page, 'accounts-issued', true);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /下载账号分发表/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^账号分发表-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = path.join(app.dir, 'sheet.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const ws = wb.worksheets[0];
    expect(ws.pageSetup.paperSize).toBe(9);
    const creds = new Map<string, { username: string; password: string; role: string }>();
    ws.eachRow((row, n) => {
      if (n > 3) creds.set(`${String(row.getCell(2).value)}/${String(row.getCell(6).value)}`, { username: String(row.getCell(7).value), password: String(row.getCell(8).value), role: String(row.getCell(6).value) });
    });
    expect(creds.size).toBe(102);
    const xihu = creds.get('330106/县(市、区)住建局')!;
    expect(xihu.username).toBe('33010601');
    expect(creds.get('330000/安全管理员')!.username).toBe('33000001');

    await dialog.getByRole('button', { name: /关\s*闭|Close/ }).first().click();
    await page.getByRole('button', { name: /已下载，关闭/ }).click();
    await page.getByText('共 103 个账号').waitFor();

    // The bureau, on a phone-sized screen: the one-time password works once, then only the change screen shows.
    const phone = await newPage(browser, { width: 390, height: 844 });
    await login(phone, xihu.username, xihu.password);
    await phone.getByRole('heading', { name: '请修改密码' }).waitFor();
    expect(await phone.getByRole('menuitem').count()).toBe(0);
    expect(await seriousA11yProblems(phone)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByLabel('当前密码').fill(xihu.password);
    await phone.getByLabel('新密码', { exact: true }).fill('weakpass1');
    await phone.getByLabel('确认新密码').fill('weakpass1');
    await phone.getByRole('button', { name: '修改密码并继续' }).click();
    await phone.getByText('密码须包含大写字母、小写字母、数字、符号中的至少 3 类（当前 2 类）').waitFor();
    await phone.getByLabel('新密码', { exact: true }).fill('Xihu#Gongkai2019');
    await phone.getByLabel('确认新密码').fill('Xihu#Gongkai2019');
    await phone.getByRole('button', { name: '修改密码并继续' }).click();
    await phone.getByTestId('login-notice').waitFor();
    await phone.goto(`${app.url}/report`);
    await phone.getByText('西湖区', { exact: false }).first().waitFor();
    await phone.getByRole('button', { name: /保存草稿/ }).first().waitFor();
    await shot(phone, 'forced-change-then-report');
  });
});
