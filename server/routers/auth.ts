import { eq } from 'drizzle-orm';
import { accounts, sessions } from '../../db/schema';
import { ChangePasswordInput, LoginInput } from '../../shared/auth';
import { ROLE_NAMES } from '../../shared/roles';
import { passwordRules } from '../../shared/security-policy';
import { assertNewPassword, checkLogin, isLocked, lockedMessage, markLogin, recordFailure, storePassword } from '../auth/identity';
import { hashPassword, verifyPassword } from '../../db/password-hash';
import { expiryWarningDays, readPolicy } from '../auth/policy';
import { createSession, deleteAccountSessions, deleteSession, resolveSession } from '../auth/sessions';
import { Invalid, TooManyRequests } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { publicProcedure, router, sessionProcedure } from '../trpc';

const tooMany = (minutes: number) => new TooManyRequests(`登录失败次数过多，请 ${minutes} 分钟后再试`);

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const wait = ctx.loginThrottle.blockedFor(ctx.ip, now.getTime());
    if (wait > 0) throw tooMany(wait);
    let outcome;
    try {
      outcome = await checkLogin(ctx.db, input.username, input.password, ctx.ip, now);
    } catch (err) {
      ctx.loginThrottle.recordFailure(ctx.ip, now.getTime());
      throw err;
    }
    const { account } = outcome;
    const token = ctx.db.transaction((tx) => {
      const tok = createSession(tx, account.id, now, { ip: ctx.ip, userAgent: ctx.userAgent, ...outcome });
      markLogin(tx, account.id, ctx.ip, now);
      writeAudit(tx, { accountId: account.id, username: account.username, ip: ctx.ip }, now, {
        action: 'auth.login',
        entity: 'account',
        entityId: account.id,
        unitCode: account.unitCode,
      });
      return tok;
    });
    ctx.cookies.set(token);
    const session = resolveSession(ctx.db, token, now);
    return {
      user: session!.user,
      roleName: ROLE_NAMES[account.role],
      previousLoginAt: outcome.previousLoginAt,
      previousLoginIp: outcome.previousLoginIp,
      failuresBefore: outcome.failuresBefore,
    };
  }),

  logout: publicProcedure.mutation(({ ctx }) => {
    const session = ctx.session;
    if (session) {
      ctx.db.transaction((tx) => {
        deleteSession(tx, session.tokenHash);
        writeAudit(tx, actorOf(ctx), ctx.now(), { action: 'auth.logout', entity: 'account', entityId: session.user.accountId, unitCode: session.user.unitCode });
      });
    }
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** Ends every session of the signed-in account, on every device, this one included. */
  logoutEverywhere: sessionProcedure.mutation(({ ctx }) => {
    const ended = ctx.db.transaction((tx) => {
      const n = tx.delete(sessions).where(eq(sessions.accountId, ctx.user.accountId)).run().changes;
      writeAudit(tx, actorOf(ctx), ctx.now(), {
        action: 'auth.logoutEverywhere',
        entity: 'account',
        entityId: ctx.user.accountId,
        unitCode: ctx.user.unitCode,
        after: { sessions: n },
      });
      return n;
    });
    ctx.cookies.clear();
    return { ok: true as const, sessions: ended };
  }),

  /**
   * The signed-in account (also while its password must be changed), the password rules, the days
   * left before the password expires when within the warning period, and this session's "previous
   * login" notice.
   */
  me: sessionProcedure.query(({ ctx }) => {
    const now = ctx.now();
    const policy = readPolicy(ctx.db);
    const account = ctx.db.select().from(accounts).where(eq(accounts.id, ctx.user.accountId)).get()!;
    const session = ctx.db.select().from(sessions).where(eq(sessions.tokenHash, ctx.session.tokenHash)).get();
    return {
      user: ctx.user,
      roleName: ROLE_NAMES[ctx.user.role],
      passwordRules: passwordRules(policy),
      passwordExpiresInDays: expiryWarningDays(policy, account, now),
      previousLoginAt: session?.previousLoginAt ?? null,
      previousLoginIp: session?.previousLoginIp ?? null,
      failuresBefore: session?.failuresBefore ?? 0,
    };
  }),

  /**
   * Changes the signed-in account's password under the security policy. A wrong current password
   * counts as a failed login (address throttle, account lockout). Other sessions end.
   */
  changePassword: sessionProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const wait = ctx.loginThrottle.blockedFor(ctx.ip, now.getTime());
    if (wait > 0) throw tooMany(wait);
    const account = ctx.db.select().from(accounts).where(eq(accounts.id, ctx.user.accountId)).get()!;
    if (isLocked(account, now)) throw new TooManyRequests(lockedMessage(Math.ceil((Date.parse(account.lockedUntil!) - now.getTime()) / 60000)));
    if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
      ctx.loginThrottle.recordFailure(ctx.ip, now.getTime());
      const locked = recordFailure(ctx.db, account, actorOf(ctx), now, 'auth.changePasswordFailed');
      if (locked) throw new TooManyRequests(lockedMessage(readPolicy(ctx.db).lockoutMinutes));
      throw new Invalid('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
    }
    await assertNewPassword(ctx.db, account, input.newPassword);
    const hash = await hashPassword(input.newPassword);
    ctx.db.transaction((tx) => {
      storePassword(tx, account, hash, now, false);
      deleteAccountSessions(tx, account.id, ctx.session.tokenHash);
      writeAudit(tx, actorOf(ctx), now, { action: 'auth.changePassword', entity: 'account', entityId: account.id, unitCode: account.unitCode });
    });
    return { ok: true as const };
  }),
});
