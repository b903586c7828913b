/**
 * What every request meets at the HTTP edge (server/http-edge.ts): the cross-site check, refusals
 * as Chinese JSON in the tRPC error shape, logout as docs/api.md shows it, trusted proxies only,
 * and HSTS behind an https proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { buildApp } from '../../server/app';
import { createServices } from '../../server/context';
import { readEnv } from '../../server/env';
import { clockFrom } from '../../server/clock';
import { readClockStart } from '../../db/repo/settings';
import { copyTemplateDb, startTestServer, type TestServer } from '../helpers/test-server';

let s: TestServer;
let officeCookie: string;
beforeAll(async () => {
  s = await startTestServer();
  officeCookie = (await s.login('office')).cookie;
});
afterAll(() => s.close());

const CHINESE = /[\u4e00-\u9fff]/;

async function post(path: string, body: string | FormData | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as { error?: { message: string; code: number; data: { code: string; httpStatus: number } } } };
}

describe('cross-site requests', () => {
  const login = JSON.stringify({ username: 'office', password: 'demo2018' });
  const json = { 'content-type': 'application/json' };

  it('refuses a mutation whose Origin is another site, or whose Sec-Fetch-Site is cross-site', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }] as Record<string, string>[]) {
      const r = await post('/trpc/auth.login', login, { ...json, ...headers });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.json.error?.message).toBe('拒绝跨站请求：请在本系统的页面中操作');
      expect(r.json.error?.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    }
  });

  it('refuses a cross-site multipart upload before reading it, and changes nothing', async () => {
    const before = s.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number };
    const fd = new FormData();
    fd.append('file', new Blob([Buffer.from('PK')]), '填报模板.xlsx');
    const r = await post('/api/excel/upload?unit=330108&period=2018Q4', fd, { cookie: officeCookie, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toContain('拒绝跨站请求');
    const fd2 = new FormData();
    fd2.append('file', new Blob([Buffer.from('%PDF-1.4')]), 'a.pdf');
    const e = await post('/api/evidence', fd2, { cookie: officeCookie, 'sec-fetch-site': 'cross-site' });
    expect(e.status).toBe(403);
    expect((s.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n).toBe(before.n);
  });

  it('lets same-origin browsers and clients without Origin (curl) through', async () => {
    expect((await post('/trpc/auth.login', login, { ...json, origin: s.url })).status).toBe(200);
    expect((await post('/trpc/auth.login', login, { ...json, 'sec-fetch-site': 'same-origin', origin: s.url })).status).toBe(200);
    expect((await post('/trpc/auth.login', login, json)).status).toBe(200);
    // Reading across sites stays possible (a link from elsewhere opens the app).
    expect((await fetch(`${s.url}/healthz`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });
});

describe('logout as docs/api.md shows it', () => {
  it('POST without a content type ends the session', async () => {
    const { cookie } = await s.login('leader');
    const r = await post('/trpc/auth.logout', undefined, { cookie });
    expect(r.status, r.text).toBe(200);
    const me = await fetch(`${s.url}/trpc/auth.me`, { headers: { cookie } });
    const body = (await me.json()) as { result?: { data: unknown } };
    expect(body.result?.data ?? null).toBeNull();
  });
});

describe('every refusal is Chinese JSON in the tRPC error shape', () => {
  it('malformed JSON, unknown procedure, wrong content type, too large, unknown route', async () => {
    const cases = [
      { r: await post('/trpc/auth.login', '{bad', { 'content-type': 'application/json' }), status: 400 },
      { r: await post('/trpc/nope.missing', '{}', { 'content-type': 'application/json' }), status: 404 },
      { r: await post('/trpc/auth.login', 'x', { 'content-type': 'text/plain' }), status: 415 },
      { r: await post('/trpc/auth.login', JSON.stringify({ username: 'x'.repeat(3_000_000) }), { 'content-type': 'application/json' }), status: 413 },
      { r: await post('/api/nothing', '{}', { 'content-type': 'application/json' }), status: 404 },
    ];
    const get = await fetch(`${s.url}/trpc/nope.missing`);
    cases.push({ r: { status: get.status, text: '', json: (await get.json()) as never }, status: 404 });
    for (const { r, status } of cases) {
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect(r.json.error?.message, JSON.stringify(r.json)).toMatch(CHINESE);
      expect(r.json.error?.data.httpStatus).toBe(status);
      expect(typeof r.json.error?.code).toBe('number');
    }
    expect(cases[0].r.json.error?.message).toBe('请求内容不是有效的 JSON');
    expect(cases[1].r.json.error?.message).toContain('nope.missing');
  });
});

describe('trusted proxies and https', () => {
  async function appWith(trustProxy: string[]) {
    const { dir, file } = copyTemplateDb();
    const { db, sqlite } = openDatabase(file);
    const app = await buildApp({ services: createServices({ db, sqlite, dataDir: dir, now: clockFrom(readClockStart(db)) }), logLevel: 'silent', trustProxy });
    return { app, sqlite, close: async () => (await app.close(), sqlite.close()) };
  }
  const login = { method: 'POST' as const, url: '/trpc/auth.login', payload: JSON.stringify({ username: '330108', password: 'demo2018' }) };

  it('believes X-Forwarded-For and -Proto only from a configured proxy address', async () => {
    expect(readEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.5' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.5']);
    expect(readEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toEqual(['loopback']);
    expect(readEnv({}).TRUST_PROXY).toEqual([]);
    expect(() => readEnv({ TRUST_PROXY: 'yes' })).toThrow(/不是 IP 地址或网段/);

    const { app, sqlite, close } = await appWith(['10.0.0.5']);
    const forged = { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
    // A client that is not the proxy: its headers are ignored.
    const direct = await app.inject({ ...login, headers: forged, remoteAddress: '192.0.2.7' });
    expect(direct.statusCode).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toContain('Secure');
    expect(direct.headers['strict-transport-security']).toBeUndefined();
    const cookie = String(direct.headers['set-cookie']).split(';')[0];
    const save = await app.inject({
      method: 'POST',
      url: '/trpc/reports.saveDraft',
      headers: { ...forged, cookie },
      remoteAddress: '192.0.2.7',
      payload: JSON.stringify({ unitCode: '330108', periodCode: '2018Q4', revision: 0, values: { 'MC-03': { note: '来自客户端' } } }),
    });
    expect(save.statusCode, save.body).toBe(200);
    const ip = sqlite.prepare(`select ip from audit_log where action = 'report.saveDraft' order by id desc limit 1`).get() as { ip: string };
    expect(ip.ip).toBe('192.0.2.7');

    // Through the proxy: the forwarded client address and https are believed, HSTS is sent.
    const proxied = await app.inject({ ...login, headers: { ...forged, 'x-forwarded-for': '198.51.100.4' }, remoteAddress: '10.0.0.5' });
    expect(proxied.statusCode).toBe(200);
    expect(String(proxied.headers['set-cookie'])).toContain('Secure');
    expect(proxied.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const pcookie = String(proxied.headers['set-cookie']).split(';')[0];
    const psave = await app.inject({
      method: 'POST',
      url: '/trpc/reports.saveDraft',
      headers: { ...forged, 'x-forwarded-for': '198.51.100.4', cookie: pcookie },
      remoteAddress: '10.0.0.5',
      payload: JSON.stringify({ unitCode: '330108', periodCode: '2018Q4', revision: 1, values: { 'MC-03': { note: '经代理' } } }),
    });
    expect(psave.statusCode, psave.body).toBe(200);
    const pip = sqlite.prepare(`select ip from audit_log where action = 'report.saveDraft' order by id desc limit 1`).get() as { ip: string };
    expect(pip.ip).toBe('198.51.100.4');
    await close();
  });

  it('sends no HSTS over plain http', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
