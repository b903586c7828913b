import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import '../shared/zod-setup';
import type { Context } from './context';
import { requireCapability, type Capability } from './access';
import { DomainError, Invalid, codeOf } from './errors';

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
  errorFormatter({ shape, error }) {
    let fieldErrors: FieldError[] | null = null;
    let message = shape.message;
    if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(error.cause);
      message = `输入有误：${describeFieldErrors(fieldErrors)}`;
    } else if (error.cause instanceof Invalid) {
      fieldErrors = error.cause.problems;
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      message = '服务器内部错误，请稍后重试或联系管理员';
    }
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, fieldErrors } };
  },
});

/** Maps domain errors to tRPC codes once, keeping the cause. Anything else stays an internal error. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof TRPCError)) {
    const cause = result.error.cause;
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

/** A signed-in account is guaranteed in `ctx.user`. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: '请先登录' });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
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
/** Who reads the audit log: the auditor, and the office for its own business history. */
export const auditReaderProcedure = capabilityProcedure('auditLog');

/** The department office administers. */
export const officeProcedure = capabilityProcedure('administer');
/** Reviewers: the office and city bureaus (for their counties). */
export const reviewerProcedure = capabilityProcedure('review');
/** Accounts that report for their own unit. */
export const reporterProcedure = capabilityProcedure('report');
