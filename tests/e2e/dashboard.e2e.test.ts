import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RouterOutputs } from '../../server/root';
import { toFixedHalfUp } from '../../shared/format';
import { animationsDone, apiSession, ARTEFACTS, launchBrowser, loginAs, newPage, shot, startAppProcess, type ApiSession } from './harness';

type Overview = RouterOutputs['dashboard']['overview'];
type Ranking = RouterOutputs['scores']['ranking'];

let app: Awaited<ReturnType<typeof startAppProcess>>;
let browser: Browser;
let leaderApi: ApiSession;

beforeAll(async () => {
  app = await startAppProcess();
  browser = await launchBrowser();
  // Leaders see published rankings only: the office publishes 2018 first.
  const officeApi = await apiSession(app.url, 'office');
  const published = await officeApi.mutate<{ year: number; version: number }>('scores.publish', { year: 2018 });
  expect(published).toMatchObject({ year: 2018, version: 1 });
  leaderApi = await apiSession(app.url, 'leader');
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** 8750 → '87.50' (scores are integer cents in the API). */
const points = (cents: number) => (cents / 100).toFixed(2);
/** 96.2 → '96.2%' (null → '—'). */
const pct = (p: number | null) => (p === null ? '—' : `${toFixedHalfUp(p, 1)}%`);
/** 26318 → '26,318'. */
const int = (n: number) => n.toLocaleString('en-US');

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

/** Waits until a chart card has drawn its data (lines or bars, not only the legend icons) and settled. */
async function chartDrawn(card: Locator) {
  await card.locator('.recharts-line-curve, .recharts-bar-rectangle path, .recharts-rectangle').first().waitFor();
  await card.locator('.ant-skeleton').waitFor({ state: 'detached' });
}

/** Waits for the overview's answer and its pinned URL, then returns the same tRPC input the page sent. */
async function overviewInput(page: Page): Promise<{ year?: number; periodCode?: string; cityCode?: string }> {
  await page.waitForURL(/[?&]period=\d{4}Q[1-4]/);
  await page.getByTestId('kpi-submitted').waitFor();
  const params = new URL(page.url()).searchParams;
  return {
    ...(params.get('year') ? { year: Number(params.get('year')) } : {}),
    ...(params.get('period') ? { periodCode: params.get('period')! } : {}),
    ...(params.get('city') ? { cityCode: params.get('city')! } : {}),
  };
}

/** Before a screenshot: fonts loaded, no hover or focus ring, scrolled to the top, nothing moving. */
async function settle(page: Page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
  await animationsDone(page);
}

async function overviewSettled(page: Page) {
  await chartDrawn(page.getByTestId('chart-progress'));
  const comparison = page.getByTestId('chart-comparison');
  if (await comparison.count()) await chartDrawn(comparison);
  await settle(page);
}

describe('dashboards and rankings in the browser', () => {
  it('the leader sees the overview with the API\'s numbers, opens the 2018 ranking and 杭州市 with the same S', async () => {
    const page = await newPage(browser);
    await loginAs(page, app.url, 'leader');
    // A leader starts on the province overview.
    await page.waitForURL(/\/overview/);
    await page.getByRole('heading', { name: /全省总览/ }).waitFor();
    const input = await overviewInput(page);
    expect(input).toEqual({ year: 2018, periodCode: '2018Q4' }); // the demo day 2019-01-25 lies in 2018Q4's reporting window
    const api = await leaderApi.query<Overview>('dashboard.overview', input);
    expect(api.scope.level).toBe('province');

    // Every KPI figure equals the API's.
    const k = api.kpis;
    const expected: Record<string, string> = {
      'kpi-submitted': String(k.submitted),
      'kpi-expected': String(k.expected),
      'kpi-on-time': String(k.onTime),
      'kpi-late': String(k.late),
      'kpi-missing': String(k.missing),
      'kpi-pending': String(k.pending),
      'kpi-catalogue-done': String(api.catalogue.done),
      'kpi-catalogue-pct': pct(api.catalogue.pct),
      'kpi-catalogue-days':
        api.catalogue.daysLeft > 0 ? `距截止还有 ${api.catalogue.daysLeft} 天` : api.catalogue.daysLeft === 0 ? '今天截止' : `已过截止日 ${-api.catalogue.daysLeft} 天`,
      'kpi-shantytown-rate': api.shantytown.rate === null ? '无任务' : pct(api.shantytown.rate),
      'kpi-shantytown-completed': int(api.shantytown.completed),
      'kpi-rural-rate': api.ruralHousing.rate === null ? '无任务' : pct(api.ruralHousing.rate),
      'kpi-rural-done': int(api.ruralHousing.done),
      'kpi-fund-published': String(api.fundEvaluations.published),
    };
    const shown: Record<string, string> = {};
    for (const id of Object.keys(expected)) shown[id] = await text(page, id);
    expect(shown).toEqual(expected);
    // The figures are real ones, not zeros of an empty database.
    expect(k.expected).toBe(100);
    expect(k.submitted).toBe(k.onTime + k.late);
    expect(k.submitted + k.missing + k.pending).toBe(k.expected);
    expect(await page.getByTestId('kpi-card-reports').innerText()).toContain(api.period.name);

    // The tiles show each city's progress score S.
    const tiles = page.locator('[data-testid^="tile-"]');
    expect(await tiles.count()).toBe(11);
    for (const c of api.cities) {
      const tile = page.getByTestId(`tile-${c.code}`);
      expect(await tile.innerText()).toMatch(new RegExp(`${c.name}\\s*${c.S === null ? '—' : `${points(c.S)} 分`}`));
    }
    await overviewSettled(page);
    await shot(page, 'overview', true);

    // --- Through the menu to 考核排名, year 2018, published version 1.
    await page.getByRole('menuitem', { name: /考核排名/ }).click();
    await page.waitForURL(/\/rankings/);
    // The overview has a 考核年度 select too: wait until the ranking page has replaced it (its chunk loads lazily).
    await page.getByTestId('overview-page').waitFor({ state: 'detached' });
    const heading = page.getByRole('heading', { name: '2018年度全省住房城乡建设系统政务公开工作考核结果' });
    await heading.waitFor();
    await page.getByTestId('ranking-row-330100').waitFor();
    // 2018 is the demo's only assessment year and the default; choose it explicitly all the same.
    const yearSelect = page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '考核年度' }) });
    await yearSelect.click();
    const yearOption = page.locator('.ant-select-dropdown:visible').getByTitle('2018 年度', { exact: true });
    await yearOption.click();
    await yearOption.waitFor({ state: 'hidden' });
    expect(await yearSelect.innerText()).toContain('2018 年度');
    await heading.waitFor();
    await page.getByTestId('status-badge').filter({ hasText: /已发布 第1版/ }).waitFor();
    expect(await page.getByText('草稿', { exact: false }).count()).toBe(0); // a leader never sees the draft

    const ranking = await leaderApi.query<Ranking>('scores.ranking', { year: 2018 });
    expect(ranking.status).toBe('published');
    expect(ranking.publication?.version).toBe(1);
    const cities = ranking.run!.cities;
    expect(cities).toHaveLength(11);
    const hz = cities.find((c) => c.code === '330100')!;
    const hzS = points(hz.S);
    for (const c of cities) expect(await text(page, `ranking-row-${c.code}`)).toBe(points(c.S));
    // Rows are in rank order.
    const order = await page.locator('[data-testid^="ranking-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(12)));
    expect(order).toEqual([...cities].sort((a, b) => a.rank - b.rank).map((c) => c.code));
    await settle(page);
    await shot(page, 'rankings', true);

    // --- Counties come a page at a time: the first 30 of 89 in rank order, then the next 30.
    const allCounties = (await leaderApi.query<Ranking>('scores.ranking', { year: 2018, counties: { limit: 5000 } })).run!.counties;
    expect(allCounties).toHaveLength(89);
    await page.getByRole('tab', { name: /县\(市、区\)/ }).click();
    await page.waitForURL(/tab=counties/);
    await page.getByText('共 89 个县(市、区)', { exact: false }).waitFor();
    await page.getByTestId(`ranking-row-${allCounties[0].code}`).waitFor();
    await page.locator('.ant-pagination-item-2:visible').click();
    await page.waitForURL(/cpage=2/);
    await page.getByTestId(`ranking-row-${allCounties[30].code}`).waitFor();
    expect(await page.getByTestId(`ranking-row-${allCounties[0].code}`).count()).toBe(0);
    await page.getByRole('tab', { name: /设区市/ }).click();
    await page.getByTestId('ranking-row-330100').waitFor();

    // --- 杭州市's page: the same S.
    await page.locator('tr[data-row-key="330100"]').getByRole('link', { name: '杭州市', exact: true }).click();
    await page.waitForURL(/\/units\/330100\?year=2018/);
    await page.getByRole('heading', { name: '杭州市', exact: true }).waitFor();
    const score = page.getByTestId('unit-score');
    await score.waitFor();
    expect((await score.innerText()).trim()).toBe(hzS);
    await page.getByTestId('status-badge').filter({ hasText: /已发布 第1版/ }).waitFor();
    // Its counties are listed below (a city page).
    await page.getByText('西湖区').first().waitFor();
    await settle(page);
    await shot(page, 'unit-330100', true);
    await page.context().close();
  });

  it('a city account sees its own counties by default, and the topics page renders', async () => {
    const cityApi = await apiSession(app.url, '330100');
    const page = await newPage(browser);
    await loginAs(page, app.url, '330100');
    await page.waitForURL(/\/overview/);
    await page.getByRole('heading', { name: /总览\s*· 杭州市及所辖县\(市、区\)/ }).waitFor();
    const input = await overviewInput(page);
    expect(input.cityCode).toBeUndefined(); // nothing chosen: the account's own scope
    const api = await cityApi.query<Overview>('dashboard.overview', input);
    expect(api.scope).toMatchObject({ level: 'city', code: '330100' });
    const counties = api.counties.map((c) => c.name);
    expect(counties).toHaveLength(13);
    expect(counties).toEqual(expect.arrayContaining(['上城区', '西湖区', '滨江区', '萧山区', '余杭区', '建德市']));

    // KPI figures are the city's, not the province's.
    expect(await text(page, 'kpi-expected')).toBe(String(api.kpis.expected));
    expect(await text(page, 'kpi-submitted')).toBe(String(api.kpis.submitted));
    expect(api.kpis.expected).toBe(14); // 杭州市 and its 13 counties

    // Tiles and the comparison chart name the 13 counties, and no other city.
    const tiles = page.locator('[data-testid^="tile-"]');
    expect(await tiles.count()).toBe(13);
    const tileCodes = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)));
    expect(tileCodes).toEqual(api.counties.map((c) => c.code));
    for (const name of counties) await page.getByTestId('chart-tiles').getByText(name, { exact: true }).waitFor();
    await page.getByRole('heading', { name: '各县(市、区)分布' }).or(page.getByText('各县(市、区)分布', { exact: true })).first().waitFor();
    await overviewSettled(page);
    const axis = await page.getByTestId('chart-comparison').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    expect(axis.map((t) => t.trim())).toEqual(counties);
    expect(await page.getByText('宁波市').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: '设区市' }).count()).toBe(0); // a city cannot choose another city
    await shot(page, 'overview-city', true);

    // --- 专项 through the menu: the city's shantytown chart with its counties.
    await page.getByRole('menuitem', { name: /专项/ }).click();
    await page.waitForURL(/\/topics\?.*period=/);
    await page.getByTestId('topics-page').waitFor();
    const shanty = page.getByTestId('chart-shantytown');
    await shanty.getByText('2018年度杭州市棚户区改造完成情况').waitFor();
    await chartDrawn(shanty);
    const topicAxis = await shanty.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    expect(topicAxis.map((t) => t.trim())).toEqual(counties);
    expect(await page.getByText('宁波市').count()).toBe(0);
    await settle(page);
    await shot(page, 'topics', true);
    await page.context().close();
  });

  it('on a wide screen, a chart\'s 导出 Excel downloads a workbook with the chart\'s figures', async () => {
    const page = await newPage(browser, { width: 1920, height: 1080 });
    await loginAs(page, app.url, 'leader');
    const input = await overviewInput(page);
    const api = await leaderApi.query<Overview>('dashboard.overview', input);
    await overviewSettled(page);
    await shot(page, 'overview-1920');

    const card = page.getByTestId('chart-comparison');
    await card.getByText('各设区市完成情况对比').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /导出 Excel/ }).click()]);
    const fileName = `${api.year}年度各设区市政务公开工作完成情况.xlsx`;
    expect(download.suggestedFilename()).toBe(fileName);
    const file = path.join(ARTEFACTS, fileName);
    await download.saveAs(file);
    await page.locator('.ant-message-notice').filter({ hasText: `已导出 ${fileName}` }).waitFor();
    await page.context().close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('各设区市政务公开工作完成情况');
    expect(ws.getCell('A1').value).toBe(`${api.year}年度各设区市政务公开工作完成情况`);
    expect(ws.getCell('A2').value).toBe(`${api.period.name} · ${api.basisLabel}`);
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['单位', '进度得分', '本期报送率（%）', '基本目录编制率（%）', '棚户区改造完成率（%）', '农村危房改造完成率（%）']);

    // One row per city, with the numbers the chart draws (percentages stored as fractions).
    const rows = api.cities.map((_, i) => ws.getRow(4 + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(api.cities.map((c) => c.name));
    for (const [i, c] of api.cities.entries()) {
      const r = rows[i];
      expect(r.getCell(2).value).toBeCloseTo((c.S ?? 0) / 100, 6);
      const keys = ['submittedPct', 'cataloguePct', 'shantytownRate', 'ruralRate'] as const;
      keys.forEach((key, j) => {
        const v = c.values[key];
        if (v === null || v === undefined) expect(r.getCell(3 + j).value).toBeNull();
        else expect(r.getCell(3 + j).value).toBeCloseTo(v / 100, 6);
      });
    }
    expect(rows[0].getCell(3).numFmt).toBe('0.0%');
    expect(ws.getRow(4 + api.cities.length).getCell(1).value).toBeNull();
  });
});
