import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { sql } from 'drizzle-orm';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('auth over HTTP', () => {
  it('GET /healthz answers ok when the database answers', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('logs in as office with a HttpOnly SameSite=Strict session cookie; auth.me returns the office role', async () => {
    const { setCookie, client } = await s.login('office');
    expect(setCookie).toMatch(/^zwgk_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure'); // plain http here; Secure is set behind https
    const me = await client.auth.me.query();
    expect(me.user).toMatchObject({ username: 'office', role: 'office', unitCode: '330000', unitName: '浙江省' });
    expect(me.roleName).toBe('厅办公室');
  });

  it('auth.me without a session is UNAUTHORIZED with a Chinese message', async () => {
    const res = await s.raw('GET', 'auth.me', undefined);
    expect(res.status).toBe(401);
    expect(res.body.error?.data.code).toBe('UNAUTHORIZED');
    expect(res.body.error?.message).toBe('请先登录');
  });

  it('a wrong password is refused, and the audit log records successful logins only', async () => {
    const logins = () =>
      s.sqlite.prepare("select username, entity, entity_id as entityId, unit_code as unitCode, ip from audit_log where action = 'auth.login' and username = ?").all('330106');
    expect(logins()).toEqual([]);
    const res = await s.raw('POST', 'auth.login', { username: '330106', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe('用户名或密码错误');
    const unknown = await s.raw('POST', 'auth.login', { username: 'nobody', password: 'x' });
    expect(unknown.body.error?.message).toBe('用户名或密码错误');
    expect(logins()).toEqual([]);
    expect(s.sqlite.prepare("select count(*) as n from audit_log where action = 'auth.login' and username = 'nobody'").get()).toEqual({ n: 0 });

    await s.login('330106');
    const id = (s.sqlite.prepare("select id from accounts where username = '330106'").get() as { id: number }).id;
    expect(logins()).toEqual([{ username: '330106', entity: 'account', entityId: String(id), unitCode: '330106', ip: expect.stringMatching(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/) }]);
  });

  it('limits failed logins per account with a Chinese error, even for the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) await s.raw('POST', 'auth.login', { username: '330200', password: `bad${i}` });
    const res = await s.raw('POST', 'auth.login', { username: '330200', password: 'demo2018' });
    expect(res.status).toBe(429);
    expect(res.body.error?.message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
    // Another account from the same address is not yet blocked.
    const other = await s.raw('POST', 'auth.login', { username: '330300', password: 'demo2018' });
    expect(other.status).toBe(200);
  });

  it('logout ends the session on the server', async () => {
    const { cookie } = await s.login('leader');
    expect((await s.raw('GET', 'auth.me', undefined, cookie)).status).toBe(200);
    await s.raw('POST', 'auth.logout', null, cookie);
    expect((await s.raw('GET', 'auth.me', undefined, cookie)).status).toBe(401);
  });

  it('a session idle for more than 8 hours has expired', async () => {
    const { cookie } = await s.login('330100');
    s.sqlite.prepare(`update sessions set last_seen_at = ?`).run(new Date(s.services.now().getTime() - 8 * 3600_000 - 60_000).toISOString());
    const res = await s.raw('GET', 'auth.me', undefined, cookie);
    expect(res.status).toBe(401);
  });

  it('changing the password requires the current one, and the new one works', async () => {
    const { client } = await s.login('330102');
    await expect(client.auth.changePassword.mutate({ currentPassword: 'nope', newPassword: 'newpass2019' })).rejects.toThrow('当前密码不正确');
    await client.auth.changePassword.mutate({ currentPassword: 'demo2018', newPassword: 'newpass2019' });
    await expect(s.login('330102')).rejects.toThrow();
    await s.login('330102', 'newpass2019');
    const audits = s.db.all<{ n: number }>(sql`select count(*) as n from audit_log where action = 'auth.changePassword'`);
    expect(audits[0].n).toBe(1);
  });

  it('security headers are on every response', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('org units', () => {
  it('returns 101 units: 1 province, 11 cities, 89 county-level units, with official codes', async () => {
    const { client } = await s.login('office');
    const units = await client.orgUnits.list.query();
    expect(units).toHaveLength(101);
    expect(units.filter((u) => u.level === 'city')).toHaveLength(11);
    expect(units.filter((u) => u.level === 'county')).toHaveLength(89);
    expect(units.find((u) => u.code === '330106')).toMatchObject({ name: '西湖区', level: 'county', parentCode: '330100' });
    const hz = await client.orgUnits.get.query({ code: '330100' });
    expect(hz.unit.name).toBe('杭州市');
    expect(hz.children).toHaveLength(13);
  });

  it('a county may open its own unit but not another city\'s (FORBIDDEN)', async () => {
    const { cookie } = await s.login('330106');
    expect((await s.raw('GET', 'orgUnits.get', { code: '330106' }, cookie)).status).toBe(200);
    const other = await s.raw('GET', 'orgUnits.get', { code: '330200' }, cookie);
    expect(other.status).toBe(403);
    expect(other.body.error?.message).toBe('无权查看宁波市的数据');
    const city = await s.login('330100');
    expect((await s.raw('GET', 'orgUnits.get', { code: '330106' }, city.cookie)).status).toBe(200);
    expect((await s.raw('GET', 'orgUnits.get', { code: '330212' }, city.cookie)).status).toBe(403);
  });
});
