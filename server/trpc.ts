import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import '../shared/zod-setup';
import type { Context } from './context';
import { AUDIT_READER_ROLES, canAccessUnit, type UnitAccess } from './access';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized } from './errors';
import { BUSINESS_ROLES, ROLE_NAMES, type Role } from '../shared/roles';
import type { OrgUnit } from './services/unit-directory';

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

const CODES: [new (...args: never[]) => DomainError, TRPCError['code']][] = [
  [NotFound, 'NOT_FOUND'],
  [Forbidden, 'FORBIDDEN'],
  [Unauthorized, 'UNAUTHORIZED'],
  [Conflict, 'CONFLICT'],
  [Invalid, 'BAD_REQUEST'],
  [TooManyRequests, 'TOO_MANY_REQUESTS'],
];

/** Maps domain errors to tRPC codes once, keeping the cause. Anything else stays an internal error. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof TRPCError)) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      const entry = CODES.find(([cls]) => cause instanceof cls);
      if (entry) throw new TRPCError({ code: entry[1], message: cause.message, cause });
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

/** The one place where procedures are limited to roles (and the message that says who may). */
export function roleProcedure(roles: readonly Role[], what: string) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: `仅${what}可以执行此操作` });
    return next();
  });
}

/**
 * Business work on units' reports, scores and periods: the business roles only. The three
 * administrators (三员) are refused here, so none of them reads report values.
 */
export const businessProcedure = roleProcedure(BUSINESS_ROLES, '业务账号（厅办公室、厅领导、设区市或县(市、区)住建局）');
/** 系统管理员: accounts and org units. */
export const sysadminProcedure = roleProcedure(['sysadmin'], ROLE_NAMES.sysadmin);
/** 安全管理员: security policy and role assignment. */
export const secadminProcedure = roleProcedure(['secadmin'], ROLE_NAMES.secadmin);
/** 安全审计员: the audit log and its chain check. */
export const auditorProcedure = roleProcedure(['auditor'], ROLE_NAMES.auditor);

/** Who reads the audit log: the auditor, and the office for its own business history. */
export const auditReaderProcedure = roleProcedure(AUDIT_READER_ROLES, '安全审计员或厅办公室');

/** The department office administers. */
export const officeProcedure = roleProcedure(['office'], '厅办公室');
/** Reviewers: the office and city bureaus (for their counties). */
export const reviewerProcedure = roleProcedure(['office', 'city'], '厅办公室或设区市住建局');
/** Accounts that report for their own unit. */
export const reporterProcedure = roleProcedure(['city', 'county'], '设区市或县(市、区)住建局');

/** Throws NOT_FOUND / FORBIDDEN unless the account may access the unit in this way. */
export function assertUnitAccess(ctx: Pick<Context, 'units'> & { user: Parameters<typeof canAccessUnit>[0] }, unitCode: string, access: UnitAccess): OrgUnit {
  const unit = ctx.units.get(unitCode);
  if (!unit) throw new TRPCError({ code: 'NOT_FOUND', message: `单位 ${unitCode} 不存在` });
  if (!canAccessUnit(ctx.user, unit, access)) {
    const verb = access === 'read' || access === 'org' ? '查看' : access === 'write' ? '填报或修改' : '审核';
    throw new TRPCError({ code: 'FORBIDDEN', message: `无权${verb}${unit.name}的数据` });
  }
  return unit;
}
