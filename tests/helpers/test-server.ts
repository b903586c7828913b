import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { openDatabase } from '../../db/client';
import { buildApp } from '../../server/app';
import { createServices, type Services } from '../../server/context';
import type { AppRouter } from '../../server/root';
import { TEMPLATE_DB } from './template-db';
import { clockFrom } from '../../server/clock';
import { readClockStart } from '../../db/repo/settings';

export const DEMO_PASSWORD = 'demo2018';

export interface RawResponse {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data: { code: string; httpStatus: number; fieldErrors: { path: string; message: string }[] | null } } };
  headers: Headers;
}

/** A copy of the seeded template database in its own temp folder. */
export function copyTemplateDb(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-test-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(TEMPLATE_DB, file);
  return { dir, file };
}

/** The real server (Fastify + tRPC) on a free port, on a fresh copy of the seeded database. */
export async function startTestServer(opts: { now?: () => Date; prepare?: (dbFile: string) => void } = {}) {
  const { dir, file } = copyTemplateDb();
  opts.prepare?.(file);
  const { db, sqlite } = openDatabase(file);
  const services: Services = createServices({ db, sqlite, dataDir: dir, now: opts.now ?? clockFrom(readClockStart(db)) });
  const app = await buildApp({ services, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  async function raw(method: 'GET' | 'POST', proc: string, input: unknown, cookie?: string): Promise<RawResponse> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    let res: Response;
    if (method === 'GET') {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      res = await fetch(`${url}/trpc/${proc}${qs}`, { headers });
    } else {
      headers['content-type'] = 'application/json';
      res = await fetch(`${url}/trpc/${proc}`, { method: 'POST', headers, body: JSON.stringify(input ?? null) });
    }
    return { status: res.status, body: (await res.json()) as RawResponse['body'], headers: res.headers };
  }

  /** Signs in over HTTP and returns the cookie plus a typed client that sends it. */
  async function login(username: string, password = DEMO_PASSWORD) {
    const res = await raw('POST', 'auth.login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0];
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers: () => ({ cookie }) })] });
    return { cookie, client, setCookie };
  }

  return {
    url,
    dir,
    dbFile: file,
    services,
    db,
    sqlite,
    raw,
    login,
    async close() {
      await app.close();
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
