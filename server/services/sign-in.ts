/**
 * Signing in and out and changing one's own password: every write of the auth router, each in one
 * transaction with its audit row. The router keeps only what belongs to HTTP (the per-address
 * throttle and the cookie).
 */
import { eq } from 'drizzle-orm';
import type { DB } from '../../db/client';
import { accounts, sessions } from '../../db/schema';
import { hashPassword, verifyPassword } from '../../db/password-hash';
import { passwordRules } from '../../shared/security-policy';
import { assertNewPassword, checkLogin, isLocked, lockedMessage, markLogin, recordFailure, storePassword, type LoginOutcome } from '../auth/identity';
import { expiryWarningDays, readPolicy } from '../auth/policy';
import { createSession, deleteAccountSessions, deleteSession, type SessionUser } from '../auth/sessions';
import { Invalid, TooManyRequests } from '../errors';
import { writeAudit, type AuditActor } from './audit';

export interface Client {
  ip: string;
  userAgent?: string;
}

/**
 * Checks the password (lockout, expiry, one-time password) and opens a session. Throws the Chinese
 * refusal on a wrong password or a locked or disabled account.
 */
export async function signIn(db: DB, username: string, password: string, client: Client, now: Date): Promise<{ token: string; outcome: LoginOutcome }> {
  const outcome = await checkLogin(db, username, password, client.ip, now);
  const { account } = outcome;
  const token = db.transaction((tx) => {
    const tok = createSession(tx, account.id, now, { ip: client.ip, userAgent: client.userAgent, ...outcome });
    markLogin(tx, account.id, client.ip, now);
    writeAudit(tx, { accountId: account.id, username: account.username, ip: client.ip }, now, {
      action: 'auth.login',
      entity: 'account',
      entityId: account.id,
      unitCode: account.unitCode,
    });
    return tok;
  });
  return { token, outcome };
}

/** Ends this session. */
export function signOut(db: DB, actor: AuditActor, session: { tokenHash: string; user: SessionUser }, now: Date): void {
  db.transaction((tx) => {
    deleteSession(tx, session.tokenHash);
    writeAudit(tx, actor, now, { action: 'auth.logout', entity: 'account', entityId: session.user.accountId, unitCode: session.user.unitCode });
  });
}

/** Ends every session of the account, on every device; returns how many there were. */
export function signOutEverywhere(db: DB, actor: AuditActor, user: SessionUser, now: Date): number {
  return db.transaction((tx) => {
    const n = tx.delete(sessions).where(eq(sessions.accountId, user.accountId)).run().changes;
    writeAudit(tx, actor, now, {
      action: 'auth.logoutEverywhere',
      entity: 'account',
      entityId: user.accountId,
      unitCode: user.unitCode,
      after: { sessions: n },
    });
    return n;
  });
}

/**
 * What the signed-in account sees about itself: the password rules, the days left before the
 * password expires (within the warning period) and this session's "previous login" notice.
 */
export function describeSignedIn(db: DB, user: SessionUser, tokenHash: string, now: Date) {
  const policy = readPolicy(db);
  const account = db.select().from(accounts).where(eq(accounts.id, user.accountId)).get()!;
  const session = db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  return {
    passwordRules: passwordRules(policy),
    passwordExpiresInDays: expiryWarningDays(policy, account, now),
    previousLoginAt: session?.previousLoginAt ?? null,
    previousLoginIp: session?.previousLoginIp ?? null,
    failuresBefore: session?.failuresBefore ?? 0,
  };
}

/**
 * Changes the signed-in account's password under the security policy. A wrong current password
 * counts as a failed login: the account's lockout here, the address throttle through
 * `onWrongPassword`. Every other session of the account ends.
 */
export async function changeOwnPassword(
  db: DB,
  actor: AuditActor,
  user: SessionUser,
  keepTokenHash: string,
  input: { currentPassword: string; newPassword: string },
  now: Date,
  onWrongPassword: () => void,
): Promise<void> {
  const account = db.select().from(accounts).where(eq(accounts.id, user.accountId)).get()!;
  if (isLocked(account, now)) throw new TooManyRequests(lockedMessage(Math.ceil((Date.parse(account.lockedUntil!) - now.getTime()) / 60000)));
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    onWrongPassword();
    const locked = recordFailure(db, account, actor, now, 'auth.changePasswordFailed');
    if (locked) throw new TooManyRequests(lockedMessage(readPolicy(db).lockoutMinutes));
    throw new Invalid('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
  }
  await assertNewPassword(db, account, input.newPassword);
  const hash = await hashPassword(input.newPassword);
  db.transaction((tx) => {
    storePassword(tx, account, hash, now, false);
    deleteAccountSessions(tx, account.id, keepTokenHash);
    writeAudit(tx, actor, now, { action: 'auth.changePassword', entity: 'account', entityId: account.id, unitCode: account.unitCode });
  });
}
