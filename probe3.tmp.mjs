import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const url = 'http://127.0.0.1:3102';
for (const [user, pages] of [['office', ['/tasks', '/annual-reports']], ['330108', ['/annual']], ['sysadmin', ['/accounts', '/ops']], ['secadmin', ['/security', '/accounts']]]) {
  const page = await (await b.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  await page.goto(url);
  await page.getByPlaceholder('用户名或 6 位单位代码').fill(user);
  await page.getByPlaceholder('密码').fill('demo2018');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForTimeout(2500);
  console.log(user, 'after login', page.url(), (await page.locator('body').innerText()).slice(0, 200).replace(/\n/g, ' | '));
  for (const p of pages) {
    await page.goto(url + p);
    await page.waitForTimeout(2500);
    console.log(user, p, 'h1=', await page.locator('h1').count(), (await page.locator('main').innerText().catch(() => 'NO MAIN')).slice(0, 120).replace(/\n/g, ' | '));
  }
}
await b.close();
