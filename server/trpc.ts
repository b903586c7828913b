import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import '../shared/zod-setup';
import type { Context } from './context';
import { requireCapability, type Capability } from './access';
import { DomainError, Invalid, codeOf } from './errors';
import { storageFaultOf, type StorageFault } from './storage';
import { chineseRefusal, isChinese } from './http-edge';

export interface FieldError {
  path: string;
  message: string;
}

function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}：${e.message}` : e.message)).join('；');
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, path }) {
    let fieldErrors: FieldError[] | null = null;
    let message = shape.message;
    if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(error.cause);
      message = `输入有误：${describeFieldErrors(fieldErrors)}`;
    } else if (error.cause instanceof Invalid) {
      fieldErrors = error.cause.problems;
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      message = '服务器内部错误，请稍后重试或联系管理员';
    } else if (!isChinese(message)) {
      // The adapter's own refusals (unknown procedure, malformed JSON, content type…) are English.
      message = chineseRefusal(error.code, message, path);
    }
    const { stack: _stack, ...data } = shape.data;
    const fault = error.cause instanceof StorageError ? error.cause.fault : null;
    if (fault) return { ...shape, message: fault.message, data: { ...data, httpStatus: fault.status, fieldErrors } };
    return { ...shape, message, data: { ...data, fieldErrors } };
  },
});

/** A write failed because the disk is full or not writable (507 / 503, see server/storage.ts). */
export class StorageError extends DomainError {
  constructor(readonly fault: StorageFault, options?: { cause?: unknown }) {
    super(fault.message, options);
  }
}

/** Maps domain errors to tRPC codes once, keeping the cause. Anything else stays an internal error. */
const mapDomainErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof TRPCError)) {
    const cause = result.error.cause;
    const fault = storageFaultOf(cause);
    if (fault) {
      ctx.services.storage.noteFault(fault);
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: fault.message, cause: new StorageError(fault, { cause }) });
    }
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: codeOf(cause).code, message: cause.message, cause });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * A signed-in account is guaranteed in `ctx.user`, even one whose password must be changed first:
 * only for what such an account may do (see itself, change its password, sign out).
 */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: '请先登录' });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

/** A signed-in account that has no password change pending. */
export const authedProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) throw new TRPCError({ code: 'FORBIDDEN', message: '请先修改密码：初始密码、重置后的密码或已过期的密码须修改后才能继续使用' });
  return next();
});

/** Accounts whose role has the capability (server/access.ts decides which roles have which). */
export function capabilityProcedure(cap: Capability) {
  return authedProcedure.use(({ ctx, next }) => {
    requireCapability(ctx.user, cap);
    return next();
  });
}

/**
 * Business work on units' reports, scores and periods: the business roles only. The three
 * administrators (三员) are refused here, so none of them reads report values.
 */
export const businessProcedure = capabilityProcedure('business');
/** 系统管理员: accounts and org units. */
export const sysadminProcedure = capabilityProcedure('accounts');
/** 安全管理员: security policy and role assignment. */
export const secadminProcedure = capabilityProcedure('securityPolicy');
/** 安全审计员: the audit log and its chain check. */
export const auditorProcedure = capabilityProcedure('audit');
/** Who sees the account list: the system administrator (runs accounts) and the security administrator (assigns roles). */
export const accountReaderProcedure = capabilityProcedure('accountList');
/** Who reads the audit log: the auditor, and the office for its own business history. */
export const auditReaderProcedure = capabilityProcedure('auditLog');

/** The department office administers. */
export const officeProcedure = capabilityProcedure('administer');
/** Reviewers: the office and city bureaus (for their counties). */
export const reviewerProcedure = capabilityProcedure('review');
/** Accounts that report for their own unit. */
export const reporterProcedure = capabilityProcedure('report');
/** The department's divisions (处室): they report on their ledger tasks. */
export const divisionProcedure = capabilityProcedure('ledgerReport');
/** Who reads the task ledger: the office and leaders all of it, a division its own rows. */
export const ledgerReaderProcedure = capabilityProcedure('ledgerRead');
/** Who sees the whole department's progress on the overview: the office and leaders. */
export const departmentOverviewProcedure = capabilityProcedure('departmentOverview');
