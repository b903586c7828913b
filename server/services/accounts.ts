/**
 * Accounts, run from the browser: the system administrator creates named accounts for units in
 * bulk (each with a one-time password handed out on a printable 账号分发表), resets passwords,
 * disables and enables, unlocks; the security administrator changes roles. Every change is audited
 * in the same transaction.
 */
import { and, asc, count, eq, gt, inArray, isNotNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { accounts, orgUnits, sessions } from '../../db/schema';
import { IMPORT_COLUMNS, maskPhone, PHONE_RE, roleFromText, type AccountStatus, type NewAccount } from '../../shared/accounts';
import type { z } from 'zod';
import type { AccountsListInput } from '../../shared/accounts';
import { chinaDateOf } from '../../shared/dates';
import { isAdminRole, ROLE_NAMES, ROLES_FOR_LEVEL, type Role } from '../../shared/roles';
import { oneTimePassword } from '../auth/identity';
import { hashPassword } from '../../db/password-hash';
import { readPolicy } from '../auth/policy';
import { deleteAccountSessions, type SessionUser } from '../auth/sessions';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { displayOf, normalizeText, plainOf } from '../excel/tolerant-values';
import { plainSheet, readWorkbookSheets } from '../excel/parse-pool';
import { cellAddress } from '../excel/template';
import { collectBuffer, writeTableWorkbook } from '../excel/export-workbook';
import { writeAudit, type AuditActor } from './audit';
import type { OrgUnit, UnitDirectory } from './unit-directory';

export interface AccountsCtx {
  db: DB;
  units: UnitDirectory;
  user: SessionUser;
  actor: AuditActor;
  now: Date;
}

type Account = typeof accounts.$inferSelect;

// ---------------------------------------------------------------- list

export function listAccounts(ctx: Pick<AccountsCtx, 'db' | 'user' | 'now'>, input: z.infer<typeof AccountsListInput>) {
  const nowIso = ctx.now.toISOString();
  const conds: (SQL | undefined)[] = [];
  if (input.unitCode) conds.push(eq(accounts.unitCode, input.unitCode));
  if (input.role) conds.push(eq(accounts.role, input.role));
  if (input.search) {
    const q = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = /^\d+$/.test(input.search) ? input.search : null;
    conds.push(
      or(
        sql`${accounts.username} like ${q} escape '\\'`,
        sql`${accounts.displayName} like ${q} escape '\\'`,
        sql`${orgUnits.name} like ${q} escape '\\'`,
        digits ? like(accounts.unitCode, `${digits}%`) : undefined,
      ),
    );
  }
  const locked = and(isNotNull(accounts.lockedUntil), gt(accounts.lockedUntil, nowIso));
  if (input.status === 'active') conds.push(eq(accounts.active, true));
  if (input.status === 'disabled') conds.push(eq(accounts.active, false));
  if (input.status === 'locked') conds.push(locked);
  if (input.status === 'mustChange') conds.push(and(eq(accounts.active, true), eq(accounts.mustChangePassword, true)));
  const where = and(...conds);
  const total = ctx.db.select({ n: count() }).from(accounts).innerJoin(orgUnits, eq(orgUnits.code, accounts.unitCode)).where(where).get()?.n ?? 0;
  const rows = ctx.db
    .select({ a: accounts, unitName: orgUnits.name, unitLevel: orgUnits.level, unitClosed: orgUnits.validTo })
    .from(accounts)
    .innerJoin(orgUnits, eq(orgUnits.code, accounts.unitCode))
    .where(where)
    .orderBy(asc(accounts.unitCode), asc(accounts.username))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const showPhone = ctx.user.role === 'sysadmin';
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    rows: rows.map(({ a, unitName, unitLevel, unitClosed }) => {
      const isLocked = !!a.lockedUntil && a.lockedUntil > nowIso;
      const status: AccountStatus = !a.active ? 'disabled' : isLocked ? 'locked' : a.mustChangePassword ? 'mustChange' : 'active';
      return {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        phone: showPhone ? a.phone : maskPhone(a.phone),
        role: a.role,
        roleName: ROLE_NAMES[a.role],
        unitCode: a.unitCode,
        unitName,
        unitLevel,
        unitClosed: unitClosed ?? null,
        active: a.active,
        locked: isLocked,
        lockedUntil: isLocked ? a.lockedUntil : null,
        mustChangePassword: a.mustChangePassword,
        status,
        lastLoginAt: a.lastLoginAt,
        lastLoginIp: a.lastLoginIp,
        createdAt: a.createdAt,
      };
    }),
  };
}

// ---------------------------------------------------------------- create

/** A problem with one new account, addressed by the caller (a field path or a worksheet cell). */
interface RowProblem {
  row: number;
  field: keyof NewAccount;
  message: string;
}

/** A unit with a closing day (撤销, past or scheduled) gets no new or re-enabled accounts. */
function unitIsOpen(unit: OrgUnit): boolean {
  return !unit.validTo;
}

/** The rules on a new account's unit and role. */
function checkNewAccounts(units: UnitDirectory, rows: NewAccount[]): RowProblem[] {
  const problems: RowProblem[] = [];
  rows.forEach((r, row) => {
    const unit = units.get(r.unitCode);
    if (!unit) {
      problems.push({ row, field: 'unitCode', message: `单位代码“${r.unitCode}”不存在` });
      return;
    }
    if (!unitIsOpen(unit)) problems.push({ row, field: 'unitCode', message: `${unit.name}已撤销（${unit.validTo}），不能再开设账号` });
    const allowed = ROLES_FOR_LEVEL[unit.level];
    if (!allowed.includes(r.role)) {
      problems.push({
        row,
        field: 'role',
        message: isAdminRole(r.role)
          ? `${ROLE_NAMES[r.role]}账号只能属于省级单位，${unit.name}不能开设`
          : `${unit.name}的账号角色只能是${allowed.map((x) => ROLE_NAMES[x]).join('、')}，不能是${ROLE_NAMES[r.role]}`,
      });
    }
  });
  return problems;
}

/** Next free usernames: the unit code followed by a two-digit number (33010601, 33010602, …). */
function usernamesFor(db: Queryable, rows: NewAccount[]): string[] {
  const taken = new Set(
    db
      .select({ u: accounts.username })
      .from(accounts)
      .where(
        inArray(
          accounts.unitCode,
          [...new Set(rows.map((r) => r.unitCode))],
        ),
      )
      .all()
      .map((r) => r.u),
  );
  const next = new Map<string, number>();
  return rows.map((r) => {
    let n = next.get(r.unitCode) ?? 1;
    while (taken.has(`${r.unitCode}${String(n).padStart(2, '0')}`)) n++;
    if (n > 99) throw new Invalid(`单位 ${r.unitCode} 的账号已达 99 个上限`);
    const name = `${r.unitCode}${String(n).padStart(2, '0')}`;
    taken.add(name);
    next.set(r.unitCode, n + 1);
    return name;
  });
}

export interface IssuedCredential {
  id: number;
  username: string;
  password: string;
  displayName: string;
  phone: string | null;
  role: Role;
  roleName: string;
  unitCode: string;
  unitName: string;
}

export interface IssuedSheet {
  fileName: string;
  /** The 账号分发表 workbook, base64: handed out once, never stored. */
  contentBase64: string;
}

/** The printable 账号分发表 (A4): one row per account with its one-time password and a signature column. */
export async function credentialSheet(rows: IssuedCredential[], now: Date, what: string): Promise<IssuedSheet> {
  const day = chinaDateOf(now.toISOString());
  const bytes = await collectBuffer((out) => writeTableWorkbook(out, {
    title: '政务公开考核系统 账号分发表',
    subtitle: `${what}，生成于 ${day}。初始密码仅此一次提供，首次登录须修改；请当面或密封分发，分发后销毁本表。`,
    sheetName: '账号分发表',
    columns: [
      { key: 'no', title: '序号', format: 'integer', width: 6 },
      { key: 'unitCode', title: '单位代码', width: 10 },
      { key: 'unitName', title: '单位名称', width: 18 },
      { key: 'displayName', title: '姓名', width: 12 },
      { key: 'phone', title: '手机号', width: 14 },
      { key: 'roleName', title: '角色', width: 16 },
      { key: 'username', title: '用户名', width: 12 },
      { key: 'password', title: '初始密码', width: 16 },
      { key: 'sign', title: '领取人签字', width: 14 },
    ],
    rows: rows.map((r, i) => ({ no: i + 1, ...r, sign: '' })),
  }));
  return { fileName: `账号分发表-${day}.xlsx`, contentBase64: bytes.toString('base64') };
}

/**
 * Creates the accounts all together or none (problems listed by `address`), each with a one-time
 * password that must be changed at first login.
 */
export async function createAccounts(
  ctx: AccountsCtx,
  rows: NewAccount[],
  address: (row: number, field: keyof NewAccount) => string,
  what: string,
): Promise<{ accounts: IssuedCredential[]; sheet: IssuedSheet }> {
  const problems = checkNewAccounts(ctx.units, rows);
  if (problems.length) {
    const located = problems.map((p) => ({ path: address(p.row, p.field), message: p.message }));
    throw new Invalid(`有 ${located.length} 处问题，未创建任何账号：${located.map((p) => `${p.path}：${p.message}`).join('；')}`, located);
  }
  const policy = readPolicy(ctx.db);
  const passwords = rows.map(() => oneTimePassword(Math.max(12, policy.minLength)));
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  const nowIso = ctx.now.toISOString();
  const issued = ctx.db.transaction((tx) => {
    const names = usernamesFor(tx, rows);
    return rows.map((r, i): IssuedCredential => {
      const unit = ctx.units.get(r.unitCode)!;
      const row = tx
        .insert(accounts)
        .values({
          username: names[i],
          displayName: r.displayName,
          phone: r.phone ?? null,
          role: r.role,
          unitCode: r.unitCode,
          passwordHash: hashes[i],
          mustChangePassword: true,
          createdAt: nowIso,
          passwordChangedAt: nowIso,
        })
        .returning({ id: accounts.id })
        .get();
      writeAudit(tx, ctx.actor, ctx.now, {
        action: 'account.create',
        entity: 'account',
        entityId: row.id,
        unitCode: r.unitCode,
        after: { username: names[i], displayName: r.displayName, role: r.role, phone: maskPhone(r.phone ?? null) },
      });
      return {
        id: row.id,
        username: names[i],
        password: passwords[i],
        displayName: r.displayName,
        phone: r.phone ?? null,
        role: r.role,
        roleName: ROLE_NAMES[r.role],
        unitCode: r.unitCode,
        unitName: unit.name,
      };
    });
  });
  return { accounts: issued, sheet: await credentialSheet(issued, ctx.now, what) };
}

// ---------------------------------------------------------------- import from Excel

const MAX_IMPORT_ROWS = 500;

/**
 * Reads the account list workbook (账号清单): a header row with 单位代码, 姓名, 手机号, 角色 (in any
 * order, within the first 5 rows of the first sheet), one account per row. A blank 角色 means the
 * unit's bureau role (设区市 / 县(市、区)住建局); province accounts must name theirs. Every problem is
 * reported with its cell; the unit and role rules are checked afterwards by `createAccounts`.
 */
export async function readAccountList(units: UnitDirectory, fileName: string, bytes: Buffer): Promise<{ rows: NewAccount[]; cells: Map<string, string> }> {
  const read = await readWorkbookSheets(fileName, bytes, 'first');
  if (!read.ok) throw new Invalid(read.message);
  const [first] = Object.entries(read.sheets);
  if (!first?.[1]) throw new Invalid('工作簿中没有工作表');
  const [name, sheet] = first;
  const ws = { name, ...plainSheet(sheet) };
  // A loop, not Math.max(...cells): a sheet may hold up to the cell cap, more arguments than a call takes.
  const columnCount = sheet.cells.reduce((max, [, c]) => (c > max ? c : max), 0);
  let headerRow = 0;
  const col: Partial<Record<(typeof IMPORT_COLUMNS)[number], number>> = {};
  for (let r = 1; r <= Math.min(5, ws.rowCount) && !headerRow; r++) {
    for (let c = 1; c <= columnCount; c++) {
      const t = normalizeText(displayOf(plainOf(ws.getCell(r, c).value as never))).replace(/\s/g, '');
      const hit = IMPORT_COLUMNS.find((h) => h === t);
      if (hit) col[hit] = c;
    }
    if (col['单位代码'] && col['姓名']) headerRow = r;
  }
  const missing = IMPORT_COLUMNS.filter((h) => h !== '手机号' && h !== '角色' && !col[h]);
  if (!headerRow || missing.length) {
    throw new Invalid(`${ws.name}：前 5 行中找不到表头“${IMPORT_COLUMNS.join('、')}”（缺少 ${missing.join('、') || '单位代码、姓名'}），请按账号清单格式填写`);
  }
  const rows: NewAccount[] = [];
  const problems: { path: string; message: string }[] = [];
  const cells = new Map<string, string>();
  const cellAt = (r: number, c: number | undefined) => {
    if (!c) return { text: '', address: '' };
    const address = `${ws.name}!${cellAddress(r, c)}`;
    const plain = plainOf(ws.getCell(r, c).value as never);
    if (plain.kind === 'invalid') problems.push({ path: address, message: plain.message });
    return { text: normalizeText(displayOf(plain)), address };
  };
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const code = cellAt(r, col['单位代码']);
    const name = cellAt(r, col['姓名']);
    const phone = cellAt(r, col['手机号']);
    const role = cellAt(r, col['角色']);
    if (!code.text && !name.text && !phone.text && !role.text) continue;
    if (rows.length >= MAX_IMPORT_ROWS) {
      problems.push({ path: code.address, message: `一次最多导入 ${MAX_IMPORT_ROWS} 个账号，请分批上传` });
      break;
    }
    const index = rows.length;
    cells.set(`${index}.unitCode`, code.address);
    cells.set(`${index}.displayName`, name.address);
    cells.set(`${index}.phone`, phone.address || name.address);
    cells.set(`${index}.role`, role.address || code.address);
    const entry: NewAccount = { unitCode: code.text, displayName: name.text, role: 'county' };
    if (!/^\d{6}$/.test(code.text)) problems.push({ path: code.address, message: code.text ? `单位代码“${code.text}”应为 6 位数字` : '请填写单位代码' });
    if (!name.text) problems.push({ path: name.address, message: '请填写姓名' });
    else if (name.text.length > 40) problems.push({ path: name.address, message: '姓名不能超过 40 个字' });
    const digits = phone.text.replace(/[\s-]/g, '');
    if (digits) {
      if (!PHONE_RE.test(digits)) problems.push({ path: phone.address, message: `手机号“${phone.text}”应为 11 位数字，以 1 开头` });
      entry.phone = digits;
    }
    const unit = units.get(code.text);
    if (role.text) {
      const parsed = roleFromText(role.text);
      if (!parsed) problems.push({ path: role.address, message: `角色“${role.text}”无法识别，应为${Object.values(ROLE_NAMES).join('、')}之一` });
      else entry.role = parsed;
    } else if (unit?.level === 'city') {
      entry.role = 'city';
    } else if (unit?.level === 'province') {
      problems.push({ path: role.address || code.address, message: `${unit.name}的账号须填写角色` });
    }
    rows.push(entry);
  }
  if (!rows.length && !problems.length) throw new Invalid(`${ws.name}：表头下没有任何账号`);
  if (problems.length) throw new Invalid(`账号清单有 ${problems.length} 处问题，未创建任何账号：${problems.map((p) => `${p.path}：${p.message}`).join('；')}`, problems);
  return { rows, cells };
}

// ---------------------------------------------------------------- changes to one account

function loadAccount(db: Queryable, id: number): Account {
  const a = db.select().from(accounts).where(eq(accounts.id, id)).get();
  if (!a) throw new NotFound(`账号 ${id} 不存在`);
  return a;
}

function notSelf(ctx: AccountsCtx, a: Account, what: string) {
  if (a.id === ctx.user.accountId) throw new Forbidden(`不能${what}自己的账号`);
}

/** A new one-time password (to be changed at next login); the account's sessions end and a lock is lifted. */
export async function resetPassword(ctx: AccountsCtx, id: number): Promise<{ account: IssuedCredential; sheet: IssuedSheet }> {
  const a = loadAccount(ctx.db, id);
  notSelf(ctx, a, '重置');
  const password = oneTimePassword(Math.max(12, readPolicy(ctx.db).minLength));
  const hash = await hashPassword(password);
  const nowIso = ctx.now.toISOString();
  ctx.db.transaction((tx) => {
    tx.update(accounts)
      .set({ passwordHash: hash, mustChangePassword: true, passwordChangedAt: nowIso, lockedUntil: null, failuresCountFrom: nowIso })
      .where(eq(accounts.id, a.id))
      .run();
    deleteAccountSessions(tx, a.id);
    writeAudit(tx, ctx.actor, ctx.now, { action: 'account.resetPassword', entity: 'account', entityId: a.id, unitCode: a.unitCode, after: { username: a.username } });
  });
  const unit = ctx.units.get(a.unitCode);
  const cred: IssuedCredential = {
    id: a.id,
    username: a.username,
    password,
    displayName: a.displayName,
    phone: a.phone,
    role: a.role,
    roleName: ROLE_NAMES[a.role],
    unitCode: a.unitCode,
    unitName: unit?.name ?? a.unitCode,
  };
  return { account: cred, sheet: await credentialSheet([cred], ctx.now, `${a.username} 密码重置`) };
}

export function setActive(ctx: AccountsCtx, id: number, active: boolean, reason: string): { ok: true; sessionsEnded: number } {
  const a = loadAccount(ctx.db, id);
  notSelf(ctx, a, active ? '启用' : '停用');
  if (a.active === active) throw new Conflict(active ? '该账号已是启用状态' : '该账号已停用');
  if (active) {
    const unit = ctx.units.get(a.unitCode);
    if (unit && !unitIsOpen(unit)) throw new Conflict(`${unit.name}已撤销，其账号不能启用`);
  }
  return ctx.db.transaction((tx) => {
    tx.update(accounts).set({ active }).where(eq(accounts.id, a.id)).run();
    const ended = active ? 0 : tx.delete(sessions).where(eq(sessions.accountId, a.id)).run().changes;
    writeAudit(tx, ctx.actor, ctx.now, {
      action: active ? 'account.enable' : 'account.disable',
      entity: 'account',
      entityId: a.id,
      unitCode: a.unitCode,
      before: { active: a.active },
      after: { active, reason },
    });
    return { ok: true as const, sessionsEnded: ended };
  });
}

export function unlock(ctx: AccountsCtx, id: number): { ok: true } {
  const a = loadAccount(ctx.db, id);
  if (!a.lockedUntil || a.lockedUntil <= ctx.now.toISOString()) throw new Conflict('该账号未被锁定');
  const nowIso = ctx.now.toISOString();
  ctx.db.transaction((tx) => {
    tx.update(accounts).set({ lockedUntil: null, failuresCountFrom: nowIso }).where(eq(accounts.id, a.id)).run();
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'account.unlock',
      entity: 'account',
      entityId: a.id,
      unitCode: a.unitCode,
      before: { lockedUntil: a.lockedUntil },
      after: { lockedUntil: null },
    });
  });
  return { ok: true };
}

/**
 * The security administrator changes an account's business role. Administrator roles are given
 * when an account is created and never change, so that no account ever holds two of the three or an
 * administrator role and a business role; a role must fit the account's unit level.
 */
export function setRole(ctx: AccountsCtx, id: number, role: Role): { ok: true } {
  const a = loadAccount(ctx.db, id);
  notSelf(ctx, a, '修改');
  if (isAdminRole(a.role) || isAdminRole(role)) {
    throw new Forbidden('三员（系统管理员、安全管理员、安全审计员）的角色在开设账号时确定，不能改为其他角色，其他账号也不能改为三员角色');
  }
  if (a.role === role) throw new Conflict(`该账号已是${ROLE_NAMES[role]}`);
  const unit = ctx.units.get(a.unitCode);
  if (!unit) throw new NotFound(`单位 ${a.unitCode} 不存在`);
  if (!ROLES_FOR_LEVEL[unit.level].includes(role)) {
    throw new Invalid(`${unit.name}的账号不能是${ROLE_NAMES[role]}`, [{ path: 'role', message: `${unit.name}的账号不能是${ROLE_NAMES[role]}` }]);
  }
  ctx.db.transaction((tx) => {
    tx.update(accounts).set({ role }).where(eq(accounts.id, a.id)).run();
    // The new role takes effect at the next login.
    deleteAccountSessions(tx, a.id);
    writeAudit(tx, ctx.actor, ctx.now, { action: 'account.setRole', entity: 'account', entityId: a.id, unitCode: a.unitCode, before: { role: a.role }, after: { role } });
  });
  return { ok: true };
}

/** Closes (撤销) a unit from a day on: its accounts are disabled and signed out. Its sub-units must be closed first. */
export function closeUnit(ctx: AccountsCtx, code: string, validTo: string, reason: string): { ok: true; accountsDisabled: number } {
  const unit = ctx.units.get(code);
  if (!unit) throw new NotFound(`单位 ${code} 不存在`);
  if (unit.level === 'province') throw new Forbidden('省级单位不能撤销');
  if (unit.validTo) throw new Conflict(`${unit.name}已于 ${unit.validTo} 撤销`);
  if (unit.validFrom && validTo < unit.validFrom) throw new Invalid(`撤销日期不能早于设立日期 ${unit.validFrom}`, [{ path: 'validTo', message: `不能早于 ${unit.validFrom}` }]);
  const open = ctx.units.childrenOf(code).filter((c) => !c.validTo);
  if (open.length) throw new Conflict(`${unit.name}下还有 ${open.length} 个未撤销的单位（如${open[0].name}），请先撤销下级单位`);
  const n = ctx.db.transaction((tx) => {
    tx.update(orgUnits).set({ validTo }).where(eq(orgUnits.code, code)).run();
    const active = tx.select().from(accounts).where(and(eq(accounts.unitCode, code), eq(accounts.active, true))).all();
    for (const a of active) {
      tx.update(accounts).set({ active: false }).where(eq(accounts.id, a.id)).run();
      tx.delete(sessions).where(eq(sessions.accountId, a.id)).run();
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'orgUnit.close',
      entity: 'org_unit',
      entityId: code,
      unitCode: code,
      before: { validTo: null },
      after: { validTo, reason, accountsDisabled: active.map((a) => a.username) },
    });
    return active.length;
  });
  ctx.units.reload();
  return { ok: true, accountsDisabled: n };
}
