import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServerProcess } from '../helpers/app-process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS = path.resolve('test-results/e2e');
export const DOCS_SHOTS = path.resolve('docs/screenshots');

/**
 * Starts `tsx server/main.ts` (what `npm start` runs after building) on a fresh, empty database and a
 * free port: the server migrates and seeds the demo province itself, as on a user's first start.
 */
export async function startAppProcess(opts: { env?: Record<string, string>; before?: (dbFile: string, dir: string) => void } = {}): Promise<{ url: string; dir: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-'));
  const dbFile = path.join(dir, 'e2e.db');
  opts.before?.(dbFile, dir);
  const server = await startServerProcess({ dbFile, dataDir: dir, timeoutMs: 90_000, env: opts.env });
  return {
    url: server.url,
    dir,
    stop: async () => {
      await server.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The app (fresh database) and Chromium for one test file: started before its tests, stopped after. */
export function appAndBrowser(): { app: Awaited<ReturnType<typeof startAppProcess>>; browser: Browser } {
  const ctx = {} as { app: Awaited<ReturnType<typeof startAppProcess>>; browser: Browser };
  beforeAll(async () => {
    ctx.app = await startAppProcess();
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.app?.stop();
  });
  return ctx;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  return context.newPage();
}

export async function loginAs(page: Page, baseUrl: string, username: string, password = 'demo2018') {
  await page.goto(baseUrl);
  await page.getByPlaceholder('用户名或 6 位单位代码').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: '账号菜单' }).waitFor();
}

export async function shot(page: Page, name: string, alsoForDocs = false) {
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (alsoForDocs) {
    fs.mkdirSync(DOCS_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
  }
}

export interface ApiSession {
  query: <T = unknown>(procedure: string, input?: unknown) => Promise<T>;
  mutate: <T = unknown>(procedure: string, input?: unknown) => Promise<T>;
}

/** Logs in through `auth.login` with fetch and calls tRPC procedures with that session's cookie (for setup steps and checks). */
export async function apiSession(baseUrl: string, username: string, password = 'demo2018'): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`auth.login ${username}: HTTP ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(procedure: string, res: Response): Promise<T> => {
    const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
    if (!res.ok || !body.result) throw new Error(`${procedure}: HTTP ${res.status} ${body.error?.message ?? JSON.stringify(body)}`);
    return body.result.data;
  };
  return {
    query: async <T>(procedure: string, input?: unknown) => {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return call<T>(procedure, await fetch(`${baseUrl}/trpc/${procedure}${qs}`, { headers: { cookie } }));
    },
    mutate: async <T>(procedure: string, input?: unknown) =>
      call<T>(
        procedure,
        await fetch(`${baseUrl}/trpc/${procedure}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(input ?? {}),
        }),
      ),
  };
}

/** Waits until no finite CSS animation or transition is running (antd modals, popovers and toasts fade and zoom in). */
export async function animationsDone(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

const AXE_SOURCE = path.resolve('node_modules/axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (served from node_modules, never a CDN) on the page as it is and returns the critical
 * and serious findings. Evaluated through the DevTools protocol, so the app's CSP stays as it is.
 */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  // A popup still fading out (a date picker just closed) is half transparent: check the page at rest.
  await animationsDone(page);
  await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
}

/** What a phone user would notice: the page's width beyond the window (0 when nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}
