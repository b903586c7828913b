import { eq } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import { ChangePasswordInput, LoginInput } from '../../shared/auth';
import { ROLE_NAMES } from '../../shared/roles';
import { hashPassword, verifyPassword } from '../../db/password-hash';
import { createSession, deleteAccountSessions, deleteSession, resolveSession } from '../auth/sessions';
import { Invalid, TooManyRequests, Unauthorized } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { authedProcedure, publicProcedure, router } from '../trpc';

/** A hash to compare against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const wait = ctx.loginThrottle.blockedFor(input.username, ctx.ip, now.getTime());
    if (wait > 0) throw new TooManyRequests(`登录失败次数过多，请 ${wait} 分钟后再试`);
    const account = ctx.db.select().from(accounts).where(eq(accounts.username, input.username)).get();
    dummyHash ??= hashPassword('not-a-password-0');
    const ok = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash));
    if (!account || !ok || !account.active) {
      ctx.loginThrottle.recordFailure(input.username, ctx.ip, now.getTime());
      throw new Unauthorized(account && ok && !account.active ? '该账号已停用，请联系厅办公室' : '用户名或密码错误');
    }
    ctx.loginThrottle.recordSuccess(input.username);
    const token = ctx.db.transaction((tx) => {
      const tok = createSession(tx, account.id, now, { ip: ctx.ip, userAgent: ctx.userAgent });
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
    return { user: session!.user, roleName: ROLE_NAMES[account.role] };
  }),

  logout: publicProcedure.mutation(({ ctx }) => {
    if (ctx.session) deleteSession(ctx.db, ctx.session.tokenHash);
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** The signed-in account, or UNAUTHORIZED. */
  me: authedProcedure.query(({ ctx }) => ({ user: ctx.user, roleName: ROLE_NAMES[ctx.user.role] })),

  changePassword: authedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    const account = ctx.db.select().from(accounts).where(eq(accounts.id, ctx.user.accountId)).get();
    if (!account || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
      throw new Invalid('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
    }
    const hash = await hashPassword(input.newPassword);
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      tx.update(accounts).set({ passwordHash: hash, passwordChangedAt: now.toISOString() }).where(eq(accounts.id, account.id)).run();
      deleteAccountSessions(tx, account.id, ctx.session.tokenHash);
      writeAudit(tx, actorOf(ctx), now, { action: 'auth.changePassword', entity: 'account', entityId: account.id, unitCode: account.unitCode });
    });
    return { ok: true as const };
  }),
});
