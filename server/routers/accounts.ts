import { AccountId, AccountsCreateInput, AccountsImportInput, AccountsListInput, SetActiveInput, SetRoleInput } from '../../shared/accounts';
import { createAccounts, listAccounts, readAccountList, resetPassword, setActive, setRole, unlock, type AccountsCtx } from '../services/accounts';
import { actorOf } from '../services/audit';
import { accountReaderProcedure, router, secadminProcedure, sysadminProcedure } from '../trpc';

function accountsCtx(ctx: { db: AccountsCtx['db']; units: AccountsCtx['units']; user: AccountsCtx['user']; session: { user: AccountsCtx['user'] }; ip: string; now: () => Date }): AccountsCtx {
  return { db: ctx.db, units: ctx.units, user: ctx.user, actor: actorOf(ctx), now: ctx.now() };
}

export const accountsRouter = router({
  /** Accounts with unit, role, status, lock state and last login; filter and search, paged. */
  list: accountReaderProcedure.input(AccountsListInput).query(({ ctx, input }) => listAccounts({ db: ctx.db, user: ctx.user, now: ctx.now() }, input)),

  /** Creates accounts for units, all or none; answers each one-time password once, with the 账号分发表 workbook. */
  create: sysadminProcedure.input(AccountsCreateInput).mutation(({ ctx, input }) =>
    createAccounts(accountsCtx(ctx), input.accounts, (row, field) => `accounts.${row}.${field}`, `批量开设 ${input.accounts.length} 个账号`),
  ),

  /** Creates the accounts of an uploaded account list (单位代码, 姓名, 手机号, 角色), all or none; problems by cell. */
  importExcel: sysadminProcedure.input(AccountsImportInput).mutation(async ({ ctx, input }) => {
    const { rows, cells } = await readAccountList(ctx.units, input.fileName, Buffer.from(input.contentBase64, 'base64'));
    return createAccounts(accountsCtx(ctx), rows, (row, field) => cells.get(`${row}.${field}`) ?? `第 ${row + 1} 个账号`, `按账号清单“${input.fileName}”开设 ${rows.length} 个账号`);
  }),

  /** A new one-time password, shown once; the account must change it at next login. */
  resetPassword: sysadminProcedure.input(AccountId).mutation(({ ctx, input }) => resetPassword(accountsCtx(ctx), input.id)),

  /** Disables (signing the account out everywhere) or enables an account; a reason is required. */
  setActive: sysadminProcedure.input(SetActiveInput).mutation(({ ctx, input }) => setActive(accountsCtx(ctx), input.id, input.active, input.reason)),

  /** Lifts a lockout before it ends by itself. */
  unlock: sysadminProcedure.input(AccountId).mutation(({ ctx, input }) => unlock(accountsCtx(ctx), input.id)),

  /** Changes an account's business role (the security administrator's). */
  setRole: secadminProcedure.input(SetRoleInput).mutation(({ ctx, input }) => setRole(accountsCtx(ctx), input.id, input.role)),
});
