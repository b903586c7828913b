/**
 * Identity controls (等保 2.0 身份鉴别): login with lockout after repeated failures, the password
 * policy on every new password (rules, history), one-time passwords. The security policy they
 * follow is the security administrator's (`server/auth/policy.ts`).
 */
import { randomInt } from 'node:crypto';
import { and, count, desc, eq, gt, gte } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { accounts, loginFailures, passwordHistory } from '../../db/schema';
import { passwordProblems, type SecurityPolicy } from '../../shared/security-policy';
import { Invalid, TooManyRequests, Unauthorized } from '../errors';
import { writeAudit, type AuditActor } from '../services/audit';
import { hashPassword, verifyPassword } from '../../db/password-hash';
import { readPolicy } from './policy';

type Account = typeof accounts.$inferSelect;
const MINUTE_MS = 60 * 1000;

/** A hash to compare against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;

function lockedMinutes(account: Pick<Account, 'lockedUntil'>, now: Date): number {
  if (!account.lockedUntil) return 0;
  const left = Date.parse(account.lockedUntil) - now.getTime();
  return left > 0 ? Math.ceil(left / MINUTE_MS) : 0;
}

export const lockedMessage = (minutes: number) => `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系系统管理员解锁`;

export function isLocked(account: Pick<Account, 'lockedUntil'>, now: Date): boolean {
  return lockedMinutes(account, now) > 0;
}

/**
 * Records a failed password check of an existing account (a login, or a wrong current password on
 * a password change) and locks the account when the policy's threshold is reached in its window.
 * Returns whether the account is now locked.
 */
export function recordFailure(db: DB, account: Account, actor: AuditActor, now: Date, action: 'auth.loginFailed' | 'auth.changePasswordFailed'): boolean {
  const policy = readPolicy(db);
  return db.transaction((tx) => {
    tx.insert(loginFailures).values({ accountId: account.id, at: now.toISOString(), ip: actor.ip ?? null }).run();
    writeAudit(tx, actor, now, { action, entity: 'account', entityId: account.id, unitCode: account.unitCode, after: { username: account.username } });
    const windowStart = new Date(now.getTime() - policy.lockoutWindowMinutes * MINUTE_MS).toISOString();
    const from = account.failuresCountFrom && account.failuresCountFrom > windowStart ? account.failuresCountFrom : windowStart;
    const n = tx.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.accountId, account.id), gte(loginFailures.at, from))).get()?.n ?? 0;
    if (n < policy.lockoutThreshold) return false;
    const until = new Date(now.getTime() + policy.lockoutMinutes * MINUTE_MS).toISOString();
    tx.update(accounts).set({ lockedUntil: until, failuresCountFrom: until }).where(eq(accounts.id, account.id)).run();
    writeAudit(tx, actor, now, {
      action: 'account.lock',
      entity: 'account',
      entityId: account.id,
      unitCode: account.unitCode,
      after: { username: account.username, lockedUntil: until, failures: n },
    });
    return true;
  });
}

export interface LoginOutcome {
  account: Account;
  previousLoginAt: string | null;
  previousLoginIp: string | null;
  failuresBefore: number;
}

/** An audit row for a login refused before the password counts (locked, disabled). */
function auditRefusal(db: DB, actor: AuditActor, account: Account, now: Date, reason: string): void {
  writeAudit(db, { ...actor, accountId: account.id }, now, {
    action: 'auth.loginFailed',
    entity: 'account',
    entityId: account.id,
    unitCode: account.unitCode,
    after: { username: account.username, reason },
  });
}

/**
 * Checks a username and password. Failures are recorded (audit row; a failure of an existing
 * account counts towards its lockout); a locked account is refused without checking the password.
 */
export async function checkLogin(db: DB, username: string, password: string, ip: string, now: Date): Promise<LoginOutcome> {
  const actor: AuditActor = { accountId: null, username, ip };
  const account = db.select().from(accounts).where(eq(accounts.username, username)).get();
  if (account && isLocked(account, now)) {
    auditRefusal(db, actor, account, now, '账号已锁定');
    throw new TooManyRequests(lockedMessage(lockedMinutes(account, now)));
  }
  dummyHash ??= hashPassword('not-a-password-0');
  const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash));
  if (!account) {
    writeAudit(db, actor, now, { action: 'auth.loginFailed', entity: 'account', after: { username, reason: '用户名不存在' } });
    throw new Unauthorized('用户名或密码错误');
  }
  if (!ok) {
    const locked = recordFailure(db, account, { ...actor, accountId: account.id }, now, 'auth.loginFailed');
    if (locked) throw new TooManyRequests(lockedMessage(readPolicy(db).lockoutMinutes));
    throw new Unauthorized('用户名或密码错误');
  }
  if (!account.active) {
    auditRefusal(db, actor, account, now, '账号已停用');
    throw new Unauthorized('该账号已停用，请联系系统管理员');
  }
  const since = account.lastLoginAt ?? '';
  const failuresBefore =
    db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.accountId, account.id), gt(loginFailures.at, since)))
      .get()?.n ?? 0;
  return { account, previousLoginAt: account.lastLoginAt, previousLoginIp: account.lastLoginIp, failuresBefore };
}

/** Marks a successful login on the account (inside the login's transaction). */
export function markLogin(tx: Queryable, accountId: number, ip: string, now: Date): void {
  tx.update(accounts).set({ lastLoginAt: now.toISOString(), lastLoginIp: ip, failuresCountFrom: now.toISOString(), lockedUntil: null }).where(eq(accounts.id, accountId)).run();
}

/** Problems of a new password under the policy, including reuse of one of the last N; [] when fine. */
export async function newPasswordProblems(db: Queryable, account: Pick<Account, 'id' | 'username' | 'passwordHash'>, password: string, policy: SecurityPolicy): Promise<string[]> {
  const problems = passwordProblems(password, account.username, policy);
  if (problems.length || policy.historyCount === 0) return problems;
  const earlier = db
    .select({ h: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.accountId, account.id))
    .orderBy(desc(passwordHistory.changedAt), desc(passwordHistory.id))
    .limit(policy.historyCount - 1)
    .all()
    .map((r) => r.h);
  // The current password counts as the most recent of the last N.
  for (const h of [account.passwordHash, ...earlier]) {
    if (await verifyPassword(password, h)) return [`新密码不得与最近 ${policy.historyCount} 次使用过的密码相同`];
  }
  return [];
}

/** Throws Invalid (field `newPassword`) when the new password breaks the policy. */
export async function assertNewPassword(db: Queryable, account: Pick<Account, 'id' | 'username' | 'passwordHash'>, password: string): Promise<void> {
  const problems = await newPasswordProblems(db, account, password, readPolicy(db as DB));
  if (problems.length) throw new Invalid(problems.join('；'), problems.map((message) => ({ path: 'newPassword', message })));
}

/** Sets a new password hash, keeping the old one in the history (inside the caller's transaction). */
export function storePassword(tx: Queryable, account: Pick<Account, 'id' | 'passwordHash'>, hash: string, now: Date, oneTime: boolean): void {
  tx.insert(passwordHistory).values({ accountId: account.id, passwordHash: account.passwordHash, changedAt: now.toISOString() }).run();
  tx.update(accounts)
    .set({ passwordHash: hash, passwordChangedAt: now.toISOString(), mustChangePassword: oneTime })
    .where(eq(accounts.id, account.id))
    .run();
}

// No 0/O, 1/l/I: one-time passwords are read off paper.
const ALPHABETS = ['abcdefghjkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=@!'];

/** A random one-time password with every character class, 12 characters (crypto-random). */
export function oneTimePassword(length = 12): string {
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)]);
  const all = ALPHABETS.join('');
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
