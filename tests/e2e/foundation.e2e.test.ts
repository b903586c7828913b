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

  it('the security auditor lands on 安全审计, checks the hash chain and reads the log in Chinese', async () => {
    const page = await newPage(browser);
    await loginAs(page, app.url, 'auditor');
    await page.getByRole('heading', { name: '安全审计' }).waitFor();
    // Nothing else for that role: one menu entry.
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['安全审计']);
    await page.getByRole('button', { name: /校验哈希链/ }).click();
    await page.getByText(/审计日志完整：共 \d+ 条记录，哈希链全部吻合/).waitFor();
    await page.getByRole('combobox', { name: '操作类别' }).click();
    await page.getByTitle('报告填报与审核').click();
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-table-row-expand-icon').first().click();
    const details = await page.locator('.audit-details li').allInnerTexts();
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) {
      expect(d).toContain('：');
      expect(d).not.toMatch(/[{}]/);
    }
    await shot(page, 'security-audit', true);
  });
});
