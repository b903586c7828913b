import { ChangePasswordInput, LoginInput } from '../../shared/auth';
import { ROLE_NAMES } from '../../shared/roles';
import { resolveSession } from '../auth/sessions';
import { TooManyRequests } from '../errors';
import { actorOf } from '../services/audit';
import { changeOwnPassword, describeSignedIn, signIn, signOut, signOutEverywhere } from '../services/sign-in';
import { publicProcedure, router, sessionProcedure } from '../trpc';

const tooMany = (minutes: number) => new TooManyRequests(`登录失败次数过多，请 ${minutes} 分钟后再试`);

/** Sign-in and one's own account. Writes live in `services/sign-in.ts`; here only the address throttle and the cookie. */
export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const wait = ctx.loginThrottle.blockedFor(ctx.ip, now.getTime());
    if (wait > 0) throw tooMany(wait);
    let signedIn;
    try {
      signedIn = await signIn(ctx.db, input.username, input.password, { ip: ctx.ip, userAgent: ctx.userAgent }, now);
    } catch (err) {
      ctx.loginThrottle.recordFailure(ctx.ip, now.getTime());
      throw err;
    }
    const { token, outcome } = signedIn;
    ctx.cookies.set(token);
    const session = resolveSession(ctx.db, token, now);
    return {
      user: session!.user,
      roleName: ROLE_NAMES[outcome.account.role],
      previousLoginAt: outcome.previousLoginAt,
      previousLoginIp: outcome.previousLoginIp,
      failuresBefore: outcome.failuresBefore,
    };
  }),

  logout: publicProcedure.mutation(({ ctx }) => {
    if (ctx.session) signOut(ctx.db, actorOf(ctx), ctx.session, ctx.now());
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** Ends every session of the signed-in account, on every device, this one included. */
  logoutEverywhere: sessionProcedure.mutation(({ ctx }) => {
    const ended = signOutEverywhere(ctx.db, actorOf(ctx), ctx.user, ctx.now());
    ctx.cookies.clear();
    return { ok: true as const, sessions: ended };
  }),

  /**
   * The signed-in account (also while its password must be changed), the password rules, the days
   * left before the password expires when within the warning period, and this session's "previous
   * login" notice.
   */
  me: sessionProcedure.query(({ ctx }) => ({
    user: ctx.user,
    roleName: ROLE_NAMES[ctx.user.role],
    ...describeSignedIn(ctx.db, ctx.user, ctx.session.tokenHash, ctx.now()),
  })),

  /**
   * Changes the signed-in account's password under the security policy. A wrong current password
   * counts as a failed login (address throttle, account lockout). Other sessions end.
   */
  changePassword: sessionProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const wait = ctx.loginThrottle.blockedFor(ctx.ip, now.getTime());
    if (wait > 0) throw tooMany(wait);
    await changeOwnPassword(ctx.db, actorOf(ctx), ctx.user, ctx.session.tokenHash, input, now, () => ctx.loginThrottle.recordFailure(ctx.ip, now.getTime()));
    return { ok: true as const };
  }),
});
