import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, newPage, shot, startAppProcess } from './harness';

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

describe('foundation in the browser', () => {
  it('office logs in, opens the org browser, sees 11 cities and 杭州市\'s 13 county-level units', async () => {
    const page = await newPage(browser);
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
    await loginAs(page, app.url, 'office');
    await page.getByRole('menuitem', { name: /组织机构/ }).click();
    // The overview (tiles and a chart, both naming 杭州市) may still be shown while the page loads.
    const cityCount = page.locator('.ant-statistic').filter({ hasText: '设区市' }).locator('.ant-statistic-content-value');
    await cityCount.waitFor();
    await page.locator('tr[data-row-key="330100"]').getByText('杭州市', { exact: true }).waitFor();
    expect(await cityCount.innerText()).toBe('11');
    const cityRows = page.locator('tr[data-row-key^="33"]').filter({ has: page.locator('strong') });
    // province + 11 cities rendered in bold
    expect(await cityRows.count()).toBe(12);
    await page.locator('tr[data-row-key="330100"] .ant-table-row-expand-icon').click();
    await page.getByText('西湖区', { exact: true }).waitFor();
    const hzCounties = await page.locator('tr.ant-table-row-level-2[data-row-key^="3301"]').count();
    expect(hzCounties).toBe(13);
    await shot(page, 'org-units', true);
    expect(external).toEqual([]);
  });
});
