/**
 * Accounts run from the browser (系统管理员), 三员分立 and the identity controls: password policy,
 * forced change, lockout with automatic and administrator unlock, idle timeout and absolute session
 * lifetime, sign out everywhere, last login shown. Over HTTP, with an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { accounts, auditLog } from '../../db/schema';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

const MIN = 60_000;
let t = Date.parse('2019-01-25T02:00:00Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(t) });
});
afterAll(() => s.close());

async function xlsx(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账号清单');
  ws.addRow(['单位代码', '姓名', '手机号', '角色']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function sheetRows(base64: string): Promise<{ rows: string[][]; paperSize: number | undefined; title: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(Buffer.from(base64, 'base64')).buffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row, n) => {
    if (n > 3) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return { rows, paperSize: ws.pageSetup.paperSize, title: String(ws.getCell('A1').value) };
}

const audits = (action: string) => s.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('accounts run by the system administrator', () => {
  it('creates accounts for bureaus all or none; answers each one-time password once with a printable 账号分发表', async () => {
    const { client } = await s.login('sysadmin');
    const before = s.db.select({ n: sql<number>`count(*)` }).from(accounts).get()!.n;
    // One bad row (a city role on a county; a sysadmin on a county) → nothing is created.
    const bad = await s.raw(
      'POST',
      'accounts.create',
      {
        accounts: [
          { unitCode: '330106', displayName: '张三', role: 'county' },
          { unitCode: '330108', displayName: '李四', role: 'city' },
          { unitCode: '330109', displayName: '王五', role: 'sysadmin' },
        ],
      },
      (await s.login('sysadmin')).cookie,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.fieldErrors).toEqual([
      { path: 'accounts.1.role', message: '滨江区的账号角色只能是县(市、区)住建局，不能是设区市住建局' },
      { path: 'accounts.2.role', message: '系统管理员账号只能属于省级单位，萧山区不能开设' },
    ]);
    expect(s.db.select({ n: sql<number>`count(*)` }).from(accounts).get()!.n).toBe(before);

    const res = await client.accounts.create.mutate({
      accounts: [
        { unitCode: '330106', displayName: '张三', phone: '13800000001', role: 'county' },
        { unitCode: '330106', displayName: '赵六', role: 'county' },
        { unitCode: '330000', displayName: '安全管理员乙', role: 'secadmin' },
      ],
    });
    expect(res.accounts.map((a) => a.username)).toEqual(['33010601', '33010602', '33000001']);
    for (const a of res.accounts) expect(a.password).toMatch(/^[A-Za-z2-9#%+=@!]{12}$/);
    const sheet = await sheetRows(res.sheet.contentBase64);
    expect(sheet.title).toBe('政务公开考核系统 账号分发表');
    expect(sheet.paperSize).toBe(9); // A4
    expect(sheet.rows.map((r) => [r[1], r[2], r[3], r[6], r[7]])).toEqual(
      res.accounts.map((a) => [a.unitCode, a.unitName, a.displayName, a.username, a.password]),
    );
    // Passwords are stored hashed only, and the accounts must change them.
    const row = s.db.select().from(accounts).where(eq(accounts.username, '33010601')).get()!;
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.mustChangePassword).toBe(true);
    expect(row.phone).toBe('13800000001');
    expect(audits('account.create').map((a) => a.entityId)).toEqual(res.accounts.map((a) => String(a.id)));
  });

  it('imports an Excel account list: problems by cell, nothing created; then all rows at once', async () => {
    const { client, cookie } = await s.login('sysadmin');
    const bad = await s.raw('POST', 'accounts.importExcel', {
      fileName: '账号清单.xlsx',
      contentBase64: await xlsx([
        ['330102', '钱一', '13900000001', ''],
        ['330199', '孙二', '', '县(市、区)住建局'],
        ['330103', '', '1390000', '县(市、区)住建局'],
        ['330104', '周四', '', '局长'],
      ]),
    }, cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.fieldErrors).toEqual([
      { path: '账号清单!B4', message: '请填写姓名' },
      { path: '账号清单!C4', message: '手机号“1390000”应为 11 位数字，以 1 开头' },
      { path: '账号清单!D5', message: '角色“局长”无法识别，应为厅办公室、厅领导、设区市住建局、县(市、区)住建局、系统管理员、安全管理员、安全审计员、厅机关处室之一' },
    ]);
    const unknownUnit = await s.raw('POST', 'accounts.importExcel', {
      fileName: '账号清单.xlsx',
      contentBase64: await xlsx([
        ['330102', '钱一', '13900000001', ''],
        [330199, '孙二', '', ''],
      ]),
    }, cookie);
    expect(unknownUnit.body.error?.data.fieldErrors).toEqual([{ path: '账号清单!A3', message: '单位代码“330199”不存在' }]);
    expect(s.db.select().from(accounts).where(eq(accounts.unitCode, '330102')).all().map((a) => a.username)).toEqual(['330102']);

    const ok = await client.accounts.importExcel.mutate({
      fileName: '账号清单.xlsx',
      contentBase64: await xlsx([
        [330102, '钱一', 13900000001, ''],
        ['330200', '孙二', '', ''],
        ['330000', '审计员丙', '', '安全审计员'],
      ]),
    });
    expect(ok.accounts.map((a) => [a.username, a.role, a.phone])).toEqual([
      ['33010201', 'county', '13900000001'],
      ['33020001', 'city', null],
      ['33000002', 'auditor', null],
    ]);
  });

  it('lists accounts with unit, role, status, lock state and last login; filters and searches; phones masked for the security administrator', async () => {
    const { client } = await s.login('sysadmin');
    const list = await client.accounts.list.query({ search: '张三' });
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ username: '33010601', unitName: '西湖区', roleName: '县(市、区)住建局', status: 'mustChange', locked: false, phone: '13800000001', lastLoginAt: null });
    const mustChange = await client.accounts.list.query({ status: 'mustChange', pageSize: 500 });
    expect(mustChange.total).toBe(6);
    const byUnit = await client.accounts.list.query({ unitCode: '330106' });
    expect(byUnit.rows.map((r) => r.username)).toEqual(['330106', '33010601', '33010602']);
    const sec = await s.login('secadmin');
    const masked = await sec.client.accounts.list.query({ search: '张三' });
    expect(masked.rows[0].phone).toBe('138****0001');
  });
});

describe('forced password change and the password policy', () => {
  let password = '';
  it('a new account must change its one-time password before anything else, under the policy', async () => {
    const { client: admin } = await s.login('sysadmin');
    const created = await admin.accounts.create.mutate({ accounts: [{ unitCode: '330110', displayName: '吴七', role: 'county' }] });
    const { username, password: oneTime } = created.accounts[0];
    const { client, cookie } = await s.login(username, oneTime);
    const me = await client.auth.me.query();
    expect(me.user.mustChangePassword).toBe(true);
    expect(me.passwordRules).toEqual(['至少 8 位', '包含大写字母、小写字母、数字、符号中的至少 3 类', '不得包含用户名', '不得与最近 5 次使用过的密码相同', '有效期 90 天，到期须修改']);
    const blocked = await s.raw('GET', 'reports.get', { unitCode: '330110', periodCode: '2018Q4' }, cookie);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error?.message).toMatch(/^请先修改密码/);
    const template = await fetch(`${s.url}/api/excel/template?unit=330110&period=2018Q4`, { headers: { cookie } });
    expect(template.status).toBe(401);

    const weak = await s.raw('POST', 'auth.changePassword', { currentPassword: oneTime, newPassword: 'abcdefgh1' }, cookie);
    expect(weak.status).toBe(400);
    expect(weak.body.error?.data.fieldErrors).toEqual([{ path: 'newPassword', message: '密码须包含大写字母、小写字母、数字、符号中的至少 3 类（当前 2 类）' }]);
    const withName = await s.raw('POST', 'auth.changePassword', { currentPassword: oneTime, newPassword: `A${username}x` }, cookie);
    expect(withName.body.error?.data.fieldErrors).toEqual([{ path: 'newPassword', message: '密码不得包含用户名' }]);
    password = 'Gongkai#2019';
    await client.auth.changePassword.mutate({ currentPassword: oneTime, newPassword: password });
    expect((await client.auth.me.query()).user.mustChangePassword).toBe(false);
    expect((await s.raw('GET', 'reports.get', { unitCode: '330110', periodCode: '2018Q4' }, cookie)).status).toBe(200);
  });

  it('none of the last 5 passwords may be chosen again', async () => {
    const { client } = await s.login('33011001', password);
    const seq = ['Gongkai#2020', 'Gongkai#2021', 'Gongkai#2022', 'Gongkai#2023'];
    let current = password;
    for (const p of seq) {
      await client.auth.changePassword.mutate({ currentPassword: current, newPassword: p });
      current = p;
    }
    // Last 5: 2019 (oldest), 2020, 2021, 2022, 2023 (current).
    await expect(client.auth.changePassword.mutate({ currentPassword: current, newPassword: 'Gongkai#2019' })).rejects.toThrow('新密码不得与最近 5 次使用过的密码相同');
    await client.auth.changePassword.mutate({ currentPassword: current, newPassword: 'Gongkai#2024' });
    // The one-time password is now the 6th most recent: allowed by the rule (it breaks no other).
    password = 'Gongkai#2024';
  });

  it('a password expires after 90 days, with a warning from 7 days before', async () => {
    const start = t;
    const { cookie } = await s.login('33011001', password);
    t = start + 84 * 24 * 60 * MIN;
    const warn = await s.login('33011001', password);
    expect((await warn.client.auth.me.query()).passwordExpiresInDays).toBe(6);
    t = start + 90 * 24 * 60 * MIN + MIN;
    const late = await s.login('33011001', password);
    const me = await late.client.auth.me.query();
    expect(me.user.mustChangePassword).toBe(true);
    expect((await s.raw('GET', 'periods.current', undefined, late.cookie)).status).toBe(403);
    await late.client.auth.changePassword.mutate({ currentPassword: password, newPassword: 'Gongkai#2025' });
    password = 'Gongkai#2025';
    expect((await s.raw('GET', 'auth.me', undefined, cookie)).status).toBe(401); // the older session ended with the change
  });

  it('the security administrator sets the policy; the change is audited field by field and applies at once', async () => {
    const { client } = await s.login('secadmin');
    const before = await client.security.policy.query();
    expect(before.policy).toEqual(before.defaults);
    const bad = await s.raw('POST', 'security.setPolicy', { ...before.policy, minLength: 4 }, (await s.login('secadmin')).cookie);
    expect(bad.body.error?.data.fieldErrors).toEqual([{ path: 'minLength', message: '最短长度不能少于 8 位' }]);
    await client.security.setPolicy.mutate({ ...before.policy, minLength: 14 });
    const row = audits('security.setPolicy').at(-1)!;
    expect([row.before, row.after]).toEqual([{ minLength: 8 }, { minLength: 14 }]);
    const user = await s.login('33011001', password);
    await expect(user.client.auth.changePassword.mutate({ currentPassword: password, newPassword: 'Gongkai#2026' })).rejects.toThrow('密码至少 14 位');
    await client.security.setPolicy.mutate({ ...before.policy });
  });
});

describe('lockout, sessions and the login notice', () => {
  it('locks after 5 failures in 15 minutes, refusing even the right password; unlocks by itself after 15 minutes', async () => {
    for (let i = 0; i < 4; i++) expect((await s.raw('POST', 'auth.login', { username: '330381', password: `bad${i}` })).status).toBe(401);
    const fifth = await s.raw('POST', 'auth.login', { username: '330381', password: 'bad4' });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error?.message).toBe('登录失败次数过多，账号已锁定，请 15 分钟后再试或联系系统管理员解锁');
    expect((await s.raw('POST', 'auth.login', { username: '330381', password: 'demo2018' })).status).toBe(429);
    expect(audits('account.lock').map((a) => a.after)).toContainEqual(expect.objectContaining({ username: '330381', failures: 5 }));
    t += 16 * MIN;
    const after = await s.login('330381');
    const me = await after.client.auth.me.query();
    // 5 failures since the previous login (none before), shown after this login.
    expect(me).toMatchObject({ previousLoginAt: null, failuresBefore: 5 });
  });

  it('failures spread beyond the window do not lock; the administrator unlocks a locked account', async () => {
    for (let i = 0; i < 4; i++) await s.raw('POST', 'auth.login', { username: '330382', password: `bad${i}` });
    t += 16 * MIN;
    expect((await s.raw('POST', 'auth.login', { username: '330382', password: 'bad5' })).status).toBe(401);
    for (let i = 0; i < 4; i++) await s.raw('POST', 'auth.login', { username: '330382', password: `bad${i}` });
    expect((await s.raw('POST', 'auth.login', { username: '330382', password: 'demo2018' })).status).toBe(429);
    const { client } = await s.login('sysadmin');
    const listed = await client.accounts.list.query({ status: 'locked' });
    const row = listed.rows.find((r) => r.username === '330382')!;
    expect(row.locked).toBe(true);
    await client.accounts.unlock.mutate({ id: row.id });
    await s.login('330382');
    expect(audits('account.unlock')).toHaveLength(1);
  });

  it('after login the previous successful login and the failures since are shown', async () => {
    const first = await s.login('330324');
    const firstAt = new Date(t).toISOString();
    await first.client.auth.logout.mutate();
    t += 60 * MIN;
    await s.raw('POST', 'auth.login', { username: '330324', password: 'wrong' });
    await s.raw('POST', 'auth.login', { username: '330324', password: 'wrong' });
    const second = await s.login('330324');
    const me = await second.client.auth.me.query();
    expect(me).toMatchObject({ previousLoginAt: firstAt, previousLoginIp: '127.0.0.1', failuresBefore: 2 });
    expect(audits('auth.loginFailed').filter((a) => (a.after as { username: string }).username === '330324')).toHaveLength(2);
    expect(audits('auth.logout').length).toBeGreaterThan(0);
  });

  it('a wrong current password on a password change counts like a failed login (lockout)', async () => {
    const { client } = await s.login('330326');
    for (let i = 0; i < 4; i++) await expect(client.auth.changePassword.mutate({ currentPassword: `bad${i}`, newPassword: 'Gongkai#2030' })).rejects.toThrow('当前密码不正确');
    await expect(client.auth.changePassword.mutate({ currentPassword: 'bad5', newPassword: 'Gongkai#2030' })).rejects.toThrow(/账号已锁定/);
    await expect(client.auth.changePassword.mutate({ currentPassword: 'demo2018', newPassword: 'Gongkai#2030' })).rejects.toThrow(/账号已锁定/);
    t += 16 * MIN;
  });

  it('sessions end after 30 idle minutes and 8 hours after login however active; sign out everywhere ends them all', async () => {
    const a = await s.login('330402');
    t += 29 * MIN;
    expect((await s.raw('GET', 'auth.me', undefined, a.cookie)).status).toBe(200);
    t += 31 * MIN;
    expect((await s.raw('GET', 'auth.me', undefined, a.cookie)).status).toBe(401);
    const b = await s.login('330402');
    for (let i = 0; i < 17; i++) {
      t += 29 * MIN;
      await s.raw('GET', 'auth.me', undefined, b.cookie);
    }
    expect((await s.raw('GET', 'auth.me', undefined, b.cookie)).status).toBe(401); // 8 h 13 min after login
    const c = await s.login('330402');
    const d = await s.login('330402');
    const out = await c.client.auth.logoutEverywhere.mutate();
    expect(out.sessions).toBe(2);
    expect((await s.raw('GET', 'auth.me', undefined, d.cookie)).status).toBe(401);
  });
});

describe('reset, disable, roles, closing a unit', () => {
  it('a reset gives a new one-time password, ends the sessions and must be changed at next login', async () => {
    const user = await s.login('330421');
    const { client } = await s.login('sysadmin');
    const id = s.db.select().from(accounts).where(eq(accounts.username, '330421')).get()!.id;
    const reset = await client.accounts.resetPassword.mutate({ id });
    expect((await s.raw('GET', 'auth.me', undefined, user.cookie)).status).toBe(401);
    await expect(s.login('330421')).rejects.toThrow();
    const again = await s.login('330421', reset.account.password);
    expect((await again.client.auth.me.query()).user.mustChangePassword).toBe(true);
    expect((await sheetRows(reset.sheet.contentBase64)).rows[0][7]).toBe(reset.account.password);
    expect(audits('account.resetPassword').map((a) => a.entityId)).toEqual([String(id)]);
  });

  it('disables (signing out) and enables an account with a reason; the administrator cannot disable itself', async () => {
    const user = await s.login('330481');
    const { client, cookie } = await s.login('sysadmin');
    const id = s.db.select().from(accounts).where(eq(accounts.username, '330481')).get()!.id;
    const off = await client.accounts.setActive.mutate({ id, active: false, reason: '人员调离' });
    expect(off.sessionsEnded).toBe(1);
    expect((await s.raw('GET', 'auth.me', undefined, user.cookie)).status).toBe(401);
    const refused = await s.raw('POST', 'auth.login', { username: '330481', password: 'demo2018' });
    expect(refused.body.error?.message).toBe('该账号已停用，请联系系统管理员');
    await client.accounts.setActive.mutate({ id, active: true, reason: '恢复使用' });
    await s.login('330481');
    const self = s.db.select().from(accounts).where(eq(accounts.username, 'sysadmin')).get()!.id;
    const own = await s.raw('POST', 'accounts.setActive', { id: self, active: false, reason: 'x' }, cookie);
    expect(own.status).toBe(403);
    expect(own.body.error?.message).toBe('不能停用自己的账号');
  });

  it('the security administrator changes business roles that fit the unit; administrator roles never change', async () => {
    const { client, cookie } = await s.login('secadmin');
    const id = (u: string) => s.db.select().from(accounts).where(eq(accounts.username, u)).get()!.id;
    await client.accounts.setRole.mutate({ id: id('leader'), role: 'office' });
    expect(s.db.select().from(accounts).where(eq(accounts.username, 'leader')).get()!.role).toBe('office');
    await client.accounts.setRole.mutate({ id: id('leader'), role: 'leader' });
    const toAdmin = await s.raw('POST', 'accounts.setRole', { id: id('office'), role: 'auditor' }, cookie);
    expect(toAdmin.status).toBe(403);
    const fromAdmin = await s.raw('POST', 'accounts.setRole', { id: id('auditor'), role: 'office' }, cookie);
    expect(fromAdmin.status).toBe(403);
    const unfit = await s.raw('POST', 'accounts.setRole', { id: id('330106'), role: 'leader' }, cookie);
    expect(unfit.body.error?.message).toBe('西湖区的账号不能是厅领导');
    expect(audits('account.setRole').map((a) => [a.before, a.after])).toEqual([
      [{ role: 'leader' }, { role: 'office' }],
      [{ role: 'office' }, { role: 'leader' }],
    ]);
  });

  it('closing a unit disables all its accounts; a city with open counties cannot be closed', async () => {
    const { client, cookie } = await s.login('sysadmin');
    const user = await s.login('330482');
    await client.accounts.create.mutate({ accounts: [{ unitCode: '330482', displayName: '郑八', role: 'county' }] });
    const city = await s.raw('POST', 'orgUnits.close', { code: '330400', validTo: '2019-06-30', reason: '区划调整' }, cookie);
    expect(city.status).toBe(409);
    const res = await client.orgUnits.close.mutate({ code: '330482', validTo: '2019-06-30', reason: '区划调整' });
    expect(res.accountsDisabled).toBe(2);
    expect(s.db.select().from(accounts).where(and(eq(accounts.unitCode, '330482'), eq(accounts.active, true))).all()).toEqual([]);
    expect((await s.raw('GET', 'auth.me', undefined, user.cookie)).status).toBe(401);
    const more = await s.raw('POST', 'accounts.create', { accounts: [{ unitCode: '330482', displayName: '新人', role: 'county' }] }, cookie);
    expect(more.body.error?.data.fieldErrors).toEqual([{ path: 'accounts.0.unitCode', message: '平湖市已撤销（2019-06-30），不能再开设账号' }]);
  });
});
