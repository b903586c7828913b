import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeIndicator } from '../../shared/rule-description';
import type { Scheme } from '../../shared/scheme';
import { animationsDone, appAndBrowser, ARTEFACTS, axeSerious, loginAs, newPage, shot, sidewaysOverflow, type AxeFinding } from './harness';

/**
 * What clerks and leaders meet in a real browser (issue 13): accessibility on every page, phones,
 * publishing, the ranking tables' width, leaders' empty states and the marked workbook.
 */

const run = appAndBrowser();

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const MARK_FILL = 'FFFFC7CE';

/** The page has drawn its data: one h1, no skeleton or spinner, nothing moving. */
async function ready(page: Page) {
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await animationsDone(page);
}

async function expectAccessible(page: Page, where: string) {
  const findings: AxeFinding[] = await axeSerious(page);
  expect(findings, `${where}: axe-core critical/serious`).toEqual([]);
  const structure = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main, [role="main"]').length,
  }));
  expect(structure, `${where}: one h1 and one main landmark`).toEqual({ h1: 1, main: 1 });
}

/** A phone: nothing scrolls sideways; the header's menu button, title and user name all fit and do not overlap. */
async function expectPhoneFit(page: Page, where: string) {
  expect(await sidewaysOverflow(page), `${where}: sideways scroll at ${page.viewportSize()?.width} px`).toBeLessThanOrEqual(0);
  const boxes = await page.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? { left: r.left, right: r.right, width: r.width } : null;
    };
    return { menu: box('.app-header [aria-label="打开导航菜单"]'), title: box('.app-logo'), user: box('.app-user'), iw: window.innerWidth };
  });
  expect(boxes.menu && boxes.title && boxes.user, `${where}: header parts`).toBeTruthy();
  const { menu, title, user, iw } = boxes as { menu: { left: number; right: number }; title: { left: number; right: number; width: number }; user: { left: number; right: number }; iw: number };
  expect(menu.right, `${where}: the menu button ends before the title`).toBeLessThanOrEqual(title.left + 0.5);
  expect(title.right, `${where}: the title ends before the user name`).toBeLessThanOrEqual(user.left + 0.5);
  expect(user.right, `${where}: the user name fits`).toBeLessThanOrEqual(iw);
}

async function visit(page: Page, pathname: string) {
  await page.goto(`${run.app.url}${pathname}`);
  await ready(page);
}

/** The ranking table's own scroll box: how much wider its content is than the box. */
async function tableOverflow(page: Page): Promise<number> {
  const content = page.locator('.ant-tabs-content .ant-table-content:visible').first();
  return content.evaluate((el) => el.scrollWidth - el.clientWidth);
}

describe('clerks and leaders in a real browser', () => {
  it('before publication leaders are told why the ranking is empty; the office publishes and badge, version and export show version 1 at once', async () => {
    // --- A leader before publication: explained empty states, a link to the progress ranking, Q4 offered, names not codes.
    const leader = await newPage(run.browser, DESKTOP);
    await loginAs(leader, run.app.url, 'leader');
    await visit(leader, '/rankings?year=2018');
    const empty = leader.getByTestId('ranking-unpublished');
    await empty.getByText('2018 年度考核结果尚未发布').waitFor();
    expect(await empty.innerText()).toContain('年度考核结果由厅办公室在各单位年度报告审核采纳、评分核对后发布');
    await empty.getByRole('link', { name: '查看2018年第四季度进度排名（非正式）' }).click();
    await leader.waitForURL(/period=2018Q4/);
    await leader.getByRole('heading', { name: '2018年第四季度暨年度全省住房城乡建设系统政务公开工作进度排名' }).waitFor();
    await leader.getByTestId('ranking-row-330100').waitFor();
    // Grades belong to the annual assessment: no 等级 column in a progress ranking.
    const heads = (await leader.locator('.ant-table-thead th:visible').allInnerTexts()).map((t) => t.trim());
    expect(heads).toContain('得分 S');
    expect(heads).not.toContain('等级');
    const viewSelect = leader.locator('.ant-select').filter({ has: leader.getByRole('combobox', { name: '考核口径' }) });
    expect(await viewSelect.innerText()).toContain('2018年第四季度暨年度进度（非正式）');
    // Open the list only once the page has settled (the period list arrives after the heading), then
    // read it until the open animation has drawn every option.
    await ready(leader);
    await viewSelect.click();
    const dropdown = leader.locator('.ant-select-dropdown:visible');
    await dropdown.locator('.ant-select-item-option').first().waitFor();
    await expect
      .poll(() => dropdown.locator('.ant-select-item-option').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['年度考核', ...['第一季度', '第二季度', '第三季度', '第四季度暨年度'].map((q) => `2018年${q}进度（非正式）`)]);
    await leader.keyboard.press('Escape');

    // A county's page before publication: its name and its city in the breadcrumb, and why it is empty.
    await leader.goto(`${run.app.url}/units/330106?year=2018`);
    await leader.getByRole('heading', { level: 1, name: '西湖区' }).waitFor();
    const crumbs = (await leader.locator('.ant-breadcrumb').innerText()).replace(/\s+/g, '');
    expect(crumbs).toBe('考核排名/杭州市/西湖区');
    await leader.getByTestId('ranking-unpublished').getByText('2018 年度考核结果尚未发布').waitFor();
    // Opened from a city tile with a period: the period's Chinese name, never its code.
    await visit(leader, '/units/330100?year=2018&period=2018Q4');
    expect(await leader.locator('.ant-select').filter({ has: leader.getByRole('combobox', { name: '考核口径' }) }).innerText()).toContain('2018年第四季度暨年度进度（非正式）');
    expect(await leader.locator('.ant-breadcrumb').innerText()).not.toMatch(/\d{6}/);
    await leader.context().close();

    // --- The office publishes from the ranking page.
    const office = await newPage(run.browser, DESKTOP);
    await loginAs(office, run.app.url, 'office');
    await visit(office, '/rankings?year=2018');
    await office.getByTestId('status-badge').filter({ hasText: '草稿（未发布）' }).waitFor();
    await office.getByRole('button', { name: '发布排名' }).click();
    await office.getByRole('button', { name: '确认发布' }).click();
    await office.locator('.ant-message-notice').filter({ hasText: '2018 年度考核结果已发布（第 1 版）' }).waitFor();
    // At once, without a reload: the badge, the version select and the URL say version 1.
    await office.getByTestId('status-badge').filter({ hasText: /^已发布 第1版/ }).waitFor();
    const versionSelect = office.locator('.ant-select').filter({ has: office.getByRole('combobox', { name: '发布版本' }) });
    expect(await versionSelect.innerText()).toMatch(/^第1版（\d{4}年\d{1,2}月\d{1,2}日发布）$/);
    expect(new URL(office.url()).searchParams.get('version')).toBe('1');
    expect(await office.getByText('草稿（未发布）').count()).toBe(0);
    // The export is version 1 too.
    const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('button', { name: /导出考核结果/ }).click()]);
    const file = path.join(ARTEFACTS, 'published-v1.xlsx');
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const lines = wb.worksheets[0].getColumn(1).values.filter((v): v is string => typeof v === 'string');
    expect(lines.some((l) => l.startsWith('发布版本：第 1 版'))).toBe(true);
    expect(lines.some((l) => l.includes('草稿'))).toBe(false);
    await office.context().close();
  });

  it('every page at 1440×900 and 390×844: axe-core finds nothing critical or serious, one h1, a main landmark; phones never scroll sideways; ranking tables fit from 1280 px', { timeout: 600_000 }, async () => {
    const officePages = ['/overview', '/topics', '/reviews', '/reviews?tab=done', '/status', '/rankings?year=2018', '/rankings?year=2018&tab=counties', '/periods', '/scheme', '/audit', '/org', '/units/330100?year=2018', '/tasks', '/tasks?tab=budgets', '/annual-reports', '/account'];
    const leaderPages = ['/overview', '/rankings?year=2018', '/units/330100?year=2018'];
    const countyPages = ['/overview', '/units/330108?year=2018', '/annual'];
    const sysadminPages = ['/accounts', '/ops'];
    const secadminPages = ['/security', '/accounts'];
    for (const viewport of [DESKTOP, PHONE]) {
      const phone = viewport.width < 1000;
      const tag = `${viewport.width}`;

      // The login page.
      const login = await newPage(run.browser, viewport);
      await login.goto(run.app.url);
      await ready(login);
      await expectAccessible(login, `${tag} login`);
      if (phone) expect(await sidewaysOverflow(login)).toBeLessThanOrEqual(0);
      const card = await login.locator('.login-card').boundingBox();
      expect(card!.y, 'the login card keeps off the top edge').toBeGreaterThanOrEqual(24);
      await shot(login, phone ? 'login-phone' : 'login', true);
      await login.context().close();

      for (const [user, pages] of [['office', officePages], ['leader', leaderPages], ['330108', countyPages], ['sysadmin', sysadminPages], ['secadmin', secadminPages]] as const) {
        const page = await newPage(run.browser, viewport);
        await loginAs(page, run.app.url, user);
        for (const p of pages) {
          await visit(page, p);
          await expectAccessible(page, `${tag} ${user} ${p}`);
          if (phone) await expectPhoneFit(page, `${user} ${p}`);
        }
        if (user === 'office') {
          // The skip link is the first stop for the keyboard and lands in main.
          await page.keyboard.press('Tab');
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
          await page.keyboard.press('Enter');
          expect(await page.evaluate(() => location.hash)).toBe('#main-content');
          // The scheme editor's drawer says how the indicator is scored in the one description (shared/rule-description.ts).
          const scheme = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'fixtures/default-scheme-2018.json'), 'utf8')) as Scheme;
          await visit(page, '/scheme?year=2018');
          for (const code of ['DV-05', 'HS-01']) {
            await page.getByRole('button', { name: new RegExp(`^(编辑|查看)指标 ${code}$`) }).click();
            const drawer = page.getByRole('dialog', { name: new RegExp(`指标 ${code}$`) });
            await drawer.waitFor();
            await animationsDone(page);
            const ind = scheme.indicators.find((i) => i.code === code)!;
            expect(await drawer.locator('.ant-form-item-extra', { hasText: describeIndicator(ind, scheme.indicators) }).count(), `${code} drawer`).toBe(1);
            if (code === 'DV-05') {
              await expectAccessible(page, `${tag} scheme drawer`);
              if (phone) expect(await sidewaysOverflow(page), 'scheme drawer at 390 px').toBeLessThanOrEqual(0);
            }
            await drawer.getByRole('button', { name: /^(取消|关闭)$/ }).click();
            await drawer.waitFor({ state: 'detached' });
          }
        }
        if (user === 'leader') {
          await visit(page, '/rankings?year=2018');
          if (phone) {
            // The table scrolls inside its card with the unit column fixed; the header stays on top.
            expect(await tableOverflow(page)).toBeGreaterThan(0);
            const unitCell = page.locator('tr[data-row-key="330100"]:visible td').nth(1);
            expect(await unitCell.evaluate((td) => getComputedStyle(td).position)).toBe('sticky');
            await page.evaluate(() => window.scrollTo(0, 600));
            expect(await page.locator('.app-header').evaluate((h) => Math.round(h.getBoundingClientRect().top))).toBe(0);
            await page.evaluate(() => window.scrollTo(0, 0));
            await shot(page, 'rankings-phone', true);
          } else {
            for (const width of [1440, 1280]) {
              await page.setViewportSize({ width, height: 900 });
              await animationsDone(page);
              expect(await tableOverflow(page), `ranking table at ${width} px`).toBeLessThanOrEqual(0);
              await page.getByRole('tab', { name: /县\(市、区\)/ }).click();
              await page.locator('[data-testid="ranking-row-330106"]:visible').waitFor();
              expect(await tableOverflow(page), `county ranking table at ${width} px`).toBeLessThanOrEqual(0);
              await page.getByRole('tab', { name: /设区市/ }).click();
            }
          }
        }
        if (user === '330108') {
          // 本期待办 on its overview: what to report, how late, the way to act.
          await visit(page, '/overview');
          const todo = page.getByTestId('report-todo');
          await todo.getByText('2018年第四季度暨年度报告尚未填报').waitFor();
          expect(await todo.innerText()).toContain('已逾期 15 天（截止 2019年1月10日）');
          expect(await todo.getByRole('link', { name: '去填报' }).getAttribute('href')).toBe('/report?period=2018Q4');
          // The 回执 of its Q3 report, opened from the form's 最近报送 line.
          await visit(page, '/report?period=2018Q3');
          await page.getByRole('link', { name: /打印回执（第 \d+ 版）/ }).click();
          await page.waitForURL(/\/receipt\/\d+\?version=\d+/);
          await ready(page);
          await page.getByRole('heading', { name: '杭州市滨江区2018年第三季度政务公开考核数据报送回执' }).waitFor();
          expect(await page.getByTestId('receipt-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
          await expectAccessible(page, `${tag} receipt`);
          if (phone) await expectPhoneFit(page, 'receipt');
          await shot(page, phone ? 'receipt-phone' : 'receipt', true);
        }
        if (user === '330108' && phone) {
          // The report form with an upload's problems listed; the notices; both from 360 px too.
          await reportFormWithMarkedWorkbook(page);
          await page.getByRole('button', { name: '通知' }).click();
          await page.locator('.ant-popover:visible').waitFor();
          await animationsDone(page);
          await expectAccessible(page, 'notices popover');
          await expectPhoneFit(page, 'notices popover');
          await shot(page, 'notices-phone', true);
          await page.keyboard.press('Escape');
          await page.setViewportSize({ width: 360, height: 740 });
          for (const p of ['/report', '/overview', '/units/330108?year=2018']) {
            await visit(page, p);
            await expectPhoneFit(page, `360 ${p}`);
          }
        }
        await page.context().close();
      }
      // The office's overview on a phone, for the docs.
      if (phone) {
        const page = await newPage(run.browser, viewport);
        await loginAs(page, run.app.url, 'leader');
        await visit(page, '/overview');
        await shot(page, 'overview-phone', true);
        await page.context().close();
      }
    }
  });

  it('the office ticks two reports, sees them listed in the confirmation, accepts both at once; 已办 shows them and the queue exports to Excel', async () => {
    const page = await newPage(run.browser, DESKTOP);
    await loginAs(page, run.app.url, 'office');
    await visit(page, '/reviews?period=2018Q4');
    const todoTab = page.getByRole('tab', { name: /^待办/ });
    await expect.poll(() => todoTab.innerText()).toBe('待办（5）');
    const bulk = page.getByRole('button', { name: /批量采纳/ });
    expect(await bulk.isDisabled()).toBe(true);
    const ninghai = await page.locator('tr.ant-table-row').filter({ hasText: '宁海县' }).getAttribute('data-row-key');
    await page.getByRole('checkbox', { name: '选择宁波市宁海县2018年第四季度暨年度报告' }).check();
    await page.getByRole('checkbox', { name: '选择绍兴市新昌县2018年第四季度暨年度报告' }).check();
    await page.getByRole('button', { name: '批量采纳（2）' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '批量采纳 2 份报告' });
    await dialog.waitFor();
    await animationsDone(page);
    const listed = (await dialog.getByRole('list', { name: '待采纳的报告' }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
    expect(listed.sort()).toEqual(['宁波市宁海县2018年第四季度暨年度（第1版）', '绍兴市新昌县2018年第四季度暨年度（第1版）'].sort());
    await expectAccessible(page, 'bulk accept confirmation');
    await dialog.getByRole('button', { name: '采纳 2 份' }).click();
    await page.locator('.ant-message-notice').filter({ hasText: '已采纳 2 份报告' }).waitFor();
    await expect.poll(() => todoTab.innerText()).toBe('待办（3）');
    expect(await page.getByRole('checkbox', { name: /宁海县/ }).count()).toBe(0);

    // The queue as a workbook: the three left, one row each.
    const [todoFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    const wb = new ExcelJS.Workbook();
    const file = path.join(ARTEFACTS, 'review-todo.xlsx');
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    await todoFile.saveAs(file);
    await wb.xlsx.readFile(file);
    const units = wb.worksheets[0].getColumn(1).values.filter((v): v is string => typeof v === 'string');
    expect(units.filter((u) => ['瑞安市', '桐乡市', '玉环市', '宁海县', '新昌县'].includes(u)).sort()).toEqual(['桐乡市', '玉环市', '瑞安市'].sort());

    // 已办: the two accepts on top, by 厅办公室.
    await page.getByRole('tab', { name: '已办' }).click();
    await page.waitForURL(/tab=done/);
    // The 已办 table (its own columns), read until its data has arrived and the tab switch is over.
    const rows = page.locator('.ant-table-wrapper:visible').filter({ has: page.getByRole('columnheader', { name: '办理时间' }) }).locator('tr.ant-table-row');
    const topTwo = () => rows.evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.textContent ?? ''));
    await expect.poll(async () => (await topTwo()).map((t) => (t.includes('宁海县') ? '宁海县' : t.includes('新昌县') ? '新昌县' : t)).sort(), { timeout: 15_000 }).toEqual(['宁海县', '新昌县'].sort());
    for (const row of await topTwo()) expect(row).toMatch(/第四季度暨年度采纳第 1 版—厅办公室已采纳/);
    await shot(page, 'reviews-done', true);

    // The office checks the receipt of 宁海县's report by its hash.
    await visit(page, `/receipt/${ninghai}`);
    const hash = await page.getByTestId('receipt-hash').innerText();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await visit(page, '/reviews');
    await page.getByRole('button', { name: '核验回执' }).click();
    const verify = page.getByRole('dialog').filter({ hasText: '核验报送回执' });
    await verify.getByRole('textbox', { name: '回执版本哈希' }).fill('abc');
    await verify.getByRole('alert').filter({ hasText: '回执哈希应为 64 位十六进制字符' }).waitFor();
    await verify.getByRole('textbox', { name: '回执版本哈希' }).fill(hash.toUpperCase());
    await verify.getByRole('button', { name: '核 验' }).or(verify.getByRole('button', { name: '核验' })).click();
    await verify.getByTestId('receipt-verdict').filter({ hasText: '回执有效：与系统中保存的该版本报送内容一致' }).waitFor();
    expect((await verify.innerText()).replace(/\s+/g, '')).toContain('宁波市宁海县（330226）');
    await animationsDone(page);
    await expectAccessible(page, 'verify receipt');
    await page.context().close();
  });
});

/**
 * 滨江区 on a phone: downloads its template, types a wrong number into D7 (more done than planned) and
 * letters into D8, uploads it; the page lists both problems (still accessible, still no sideways
 * scroll) and the marked workbook styles exactly those two cells and lists them in 问题清单.
 */
async function reportFormWithMarkedWorkbook(page: Page) {
  await visit(page, '/report');
  await page.getByRole('heading', { level: 1 }).waitFor();
  const [templateDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载填报模板' }).click()]);
  const templateFile = path.join(ARTEFACTS, 'ux-template.xlsx');
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  await templateDownload.saveAs(templateFile);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templateFile);
  const form = wb.getWorksheet('填报表')!;
  form.getCell('D7').value = 120;
  form.getCell('F7').value = 100;
  form.getCell('D8').value = '很多';
  const wrongFile = path.join(ARTEFACTS, 'ux-wrong.xlsx');
  await wb.xlsx.writeFile(wrongFile);

  await page.locator('input[type="file"][accept^=".xlsx"]').setInputFiles(wrongFile);
  const problems = page.locator('.ant-alert-error');
  await problems.getByText(/上传的表格有 2 处问题/).waitFor();
  await animationsDone(page);
  await expectAccessible(page, '390 report form with upload problems');
  await expectPhoneFit(page, 'report form with upload problems');
  await shot(page, 'report-form-phone', true);

  const [markedDownload] = await Promise.all([page.waitForEvent('download'), problems.getByRole('button', { name: /下载标注了问题的文件/ }).click()]);
  const markedFile = path.join(ARTEFACTS, 'ux-marked.xlsx');
  await markedDownload.saveAs(markedFile);
  const marked = new ExcelJS.Workbook();
  await marked.xlsx.readFile(markedFile);
  const styled: string[] = [];
  const noted: string[] = [];
  for (const ws of marked.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if ((c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === MARK_FILL) styled.push(`${ws.name}!${c.address}`);
        if (c.note) noted.push(`${ws.name}!${c.address}`);
      }),
    );
  }
  expect(styled.sort()).toEqual(['填报表!D7', '填报表!D8']);
  expect(noted.sort()).toEqual(['填报表!D7', '填报表!D8']);
  const list = marked.getWorksheet('问题清单')!;
  expect([3, 4].map((r) => list.getRow(r).getCell(3).value)).toEqual([
    { text: 'D7', hyperlink: "#'填报表'!D7" },
    { text: 'D8', hyperlink: "#'填报表'!D8" },
  ]);
  expect(String(list.getRow(3).getCell(4).value)).toBe('已完成改造套数 120 大于年度计划改造套数 100');

  // Letters typed into a number box do not vanish without a word.
  const box = page.getByRole('spinbutton').first();
  await box.fill('');
  await box.pressSequentially('abc');
  const why = page.getByRole('status').filter({ hasText: '“abc”不是数字' });
  await why.waitFor();
  await box.blur();
  expect(await why.innerText()).toContain('离开输入框后将恢复为原来的值');
}
