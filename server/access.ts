/**
 * Every access rule of the app, in one place. tRPC procedures (`server/trpc.ts` builds its role
 * procedures from `requireCapability`), services and the plain HTTP routes (`server/routes/kit.ts`)
 * all ask this module; refusals are the app's own typed errors (`server/errors.ts`), mapped to
 * tRPC codes and HTTP statuses once.
 *
 * A role is described once, by `policyOf`. Its switch is exhaustive: adding a role to
 * `shared/roles.ts` does not compile until the new role's policy is decided here. Roles that are
 * not business roles (system, security and audit administrators) start from `NO_UNIT_DATA`: no
 * unit data, no reports, no reviews, no scores.
 */
import type { Role } from '../shared/roles';
import type { ReportStatus } from '../shared/reports';
import type { SessionUser } from './auth/sessions';
import { Forbidden, NotFound } from './errors';
import type { OrgUnit, UnitDirectory } from './services/unit-directory';

/**
 * What an account may do with a unit's data:
 * - read: see its reports and scores;
 * - write: edit and submit its own reports, upload its evidence;
 * - review: approve or return its reports (a city for its counties; the office for all);
 * - org: see it in the organisation structure (name, code, parent, children), no report data.
 */
export type UnitAccess = 'read' | 'write' | 'review' | 'org';

/** What one role may do. */
export interface RolePolicy {
  /** Whose unit data it reads: every unit, its own unit and the units below it, its own unit, or none. */
  reads: 'all' | 'own-and-children' | 'own' | 'none';
  /** Whose data it writes: its own unit's, or none. */
  writes: 'own' | 'none';
  /** Whose reports it reviews: all (the final step: accept, reopen) or those of the units below it (the first step: approve). */
  reviews: 'all' | 'children' | 'none';
  /** It fills in and submits its own unit's quarterly report. */
  reportsOwn: boolean;
  /** It runs the assessment: schemes, periods, extensions, reminders, scores, publication, audit log. */
  administers: boolean;
  /** It sees rankings before they are published (quarterly progress ranks). */
  seesUnpublishedRanks: boolean;
  /** It sees the live draft of the annual scores before publication. */
  seesDraftScores: boolean;
  /** It does business work (reports, reviews, scores, periods, notices): the business roles. */
  business: boolean;
  /** It sees the whole organisation structure without unit data (the system administrator maintains it). */
  seesOrgStructure: boolean;
  /** 系统管理员: accounts and org units. */
  managesAccounts: boolean;
  /** 安全管理员: security policy and role assignment. */
  setsSecurityPolicy: boolean;
  /** 安全审计员: the audit log in full and its chain check. */
  audits: boolean;
  /** It reads the audit log (the office: its business history). */
  readsAuditLog: boolean;
  /** It sees the bureaus' dashboards (overview, topics); the department's divisions work on the ledger instead. */
  bureauViews: boolean;
  /** Whose rows of the department's task ledger it reads: all, its own division's, or none. */
  readsLedger: 'all' | 'own' | 'none';
  /** It reports progress on its own division's ledger tasks. */
  reportsLedgerTasks: boolean;
}

/** The default for roles outside the business: nothing of the units' data. */
export const NO_UNIT_DATA: RolePolicy = Object.freeze({
  reads: 'none',
  writes: 'none',
  reviews: 'none',
  reportsOwn: false,
  administers: false,
  seesUnpublishedRanks: false,
  seesDraftScores: false,
  business: false,
  seesOrgStructure: false,
  managesAccounts: false,
  setsSecurityPolicy: false,
  audits: false,
  readsAuditLog: false,
  bureauViews: false,
  readsLedger: 'none',
  reportsLedgerTasks: false,
});

/** What the business roles share. */
const BUSINESS: Pick<RolePolicy, 'business' | 'seesOrgStructure' | 'managesAccounts' | 'setsSecurityPolicy' | 'audits' | 'readsAuditLog' | 'bureauViews' | 'readsLedger' | 'reportsLedgerTasks'> = {
  business: true,
  bureauViews: true,
  readsLedger: 'none',
  reportsLedgerTasks: false,
  seesOrgStructure: false,
  managesAccounts: false,
  setsSecurityPolicy: false,
  audits: false,
  readsAuditLog: false,
};

/** The one description of each role. Exhaustive on purpose: a new role must be decided here. */
export function policyOf(role: Role): RolePolicy {
  switch (role) {
    case 'office':
      return { ...BUSINESS, reads: 'all', writes: 'own', reviews: 'all', reportsOwn: false, administers: true, seesUnpublishedRanks: true, seesDraftScores: true, readsAuditLog: true, readsLedger: 'all' };
    case 'leader':
      return { ...BUSINESS, reads: 'all', writes: 'none', reviews: 'none', reportsOwn: false, administers: false, seesUnpublishedRanks: true, seesDraftScores: false, readsLedger: 'all' };
    case 'city':
      return { ...BUSINESS, reads: 'own-and-children', writes: 'own', reviews: 'children', reportsOwn: true, administers: false, seesUnpublishedRanks: false, seesDraftScores: false };
    case 'county':
      return { ...BUSINESS, reads: 'own', writes: 'own', reviews: 'none', reportsOwn: true, administers: false, seesUnpublishedRanks: false, seesDraftScores: false };
    case 'division':
      // The department's divisions (处室): their own annual report and their own ledger tasks; no bureaus' views.
      return { ...BUSINESS, reads: 'own', writes: 'own', reviews: 'none', reportsOwn: true, administers: false, seesUnpublishedRanks: false, seesDraftScores: false, bureauViews: false, readsLedger: 'own', reportsLedgerTasks: true };
    // 三员分立: the administrators never read, write or review unit data.
    case 'sysadmin':
      return { ...NO_UNIT_DATA, managesAccounts: true, seesOrgStructure: true };
    case 'secadmin':
      return { ...NO_UNIT_DATA, setsSecurityPolicy: true };
    case 'auditor':
      return { ...NO_UNIT_DATA, audits: true, readsAuditLog: true };
    default: {
      const undecided: never = role;
      throw new Error(`角色 ${String(undecided)} 的权限尚未定义`);
    }
  }
}

type UnitRef = Pick<OrgUnit, 'code' | 'parentCode'>;

/** The one rule for unit scope. Every procedure and route that takes a unit goes through it. */
export function canAccessUnit(user: SessionUser, unit: UnitRef, access: UnitAccess): boolean {
  const p = policyOf(user.role);
  const own = unit.code === user.unitCode;
  const child = unit.parentCode === user.unitCode;
  switch (access) {
    case 'read':
      return p.reads === 'all' || ((p.reads === 'own' || p.reads === 'own-and-children') && own) || (p.reads === 'own-and-children' && child);
    case 'write':
      return p.writes === 'own' && own;
    case 'review':
      return p.reviews === 'all' || (p.reviews === 'children' && child);
    case 'org':
      return p.seesOrgStructure || canAccessUnit(user, unit, 'read');
  }
}

const VERBS: Record<UnitAccess, string> = { read: '查看', write: '填报或修改', review: '审核', org: '查看' };

/** The unit, or NotFound when it does not exist and Forbidden when the account may not access it so. */
export function assertUnitAccess(ctx: { units: Pick<UnitDirectory, 'get'>; user: SessionUser }, unitCode: string, access: UnitAccess): OrgUnit {
  const unit = ctx.units.get(unitCode);
  if (!unit) throw new NotFound(`单位 ${unitCode} 不存在`);
  if (!canAccessUnit(ctx.user, unit, access)) throw new Forbidden(`无权${VERBS[access]}${unit.name}的数据`);
  return unit;
}

/** Codes of the units an account may read, or 'all'. */
export function readableUnitCodes(user: SessionUser, childrenOf: (code: string) => OrgUnit[]): 'all' | Set<string> {
  const p = policyOf(user.role);
  if (p.reads === 'all') return 'all';
  const codes = new Set<string>();
  if (p.reads === 'none') return codes;
  codes.add(user.unitCode);
  if (p.reads === 'own-and-children') for (const c of childrenOf(user.unitCode)) codes.add(c.code);
  return codes;
}

/** Refuses accounts that read no unit data at all (the administrators outside the business). */
export function assertReadsUnitData(user: SessionUser): void {
  if (policyOf(user.role).reads === 'none') throw new Forbidden('该账号无权查看各单位的报告与得分');
}

/** Whether the account fills in this unit's report: only the unit's own reporting account. */
export function mayReport(user: SessionUser, unit: UnitRef): boolean {
  return policyOf(user.role).reportsOwn && unit.code === user.unitCode;
}

/** The unit whose report the account fills in (its own); NotFound or Forbidden otherwise. */
export function assertMayReport(
  ctx: { units: Pick<UnitDirectory, 'get'>; user: SessionUser },
  unitCode: string,
  refusal: (unitName: string) => string = (name) => `无权填报或修改${name}的数据`,
): OrgUnit {
  const unit = ctx.units.get(unitCode);
  if (!unit) throw new NotFound(`单位 ${unitCode} 不存在`);
  if (!mayReport(ctx.user, unit)) throw new Forbidden(refusal(unit.name));
  return unit;
}

/** What whole kinds of procedures need. */
export type Capability = 'business' | 'administer' | 'review' | 'report' | 'unpublishedRanks' | 'accounts' | 'accountList' | 'securityPolicy' | 'audit' | 'auditLog' | 'ledgerRead' | 'ledgerReport' | 'departmentOverview';

const CAPABILITY: Record<Capability, { has: (p: RolePolicy) => boolean; refusal: string }> = {
  business: { has: (p) => p.business, refusal: '仅业务账号（厅办公室、厅领导、设区市或县(市、区)住建局、厅机关处室）可以执行此操作' },
  accounts: { has: (p) => p.managesAccounts, refusal: '仅系统管理员可以执行此操作' },
  accountList: { has: (p) => p.managesAccounts || p.setsSecurityPolicy, refusal: '仅系统管理员或安全管理员可以执行此操作' },
  securityPolicy: { has: (p) => p.setsSecurityPolicy, refusal: '仅安全管理员可以执行此操作' },
  audit: { has: (p) => p.audits, refusal: '仅安全审计员可以执行此操作' },
  auditLog: { has: (p) => p.readsAuditLog, refusal: '仅安全审计员或厅办公室可以执行此操作' },
  administer: { has: (p) => p.administers, refusal: '仅厅办公室可以执行此操作' },
  review: { has: (p) => p.reviews !== 'none', refusal: '仅厅办公室或设区市住建局可以执行此操作' },
  report: { has: (p) => p.reportsOwn, refusal: '仅设区市、县(市、区)住建局或厅机关处室可以执行此操作' },
  ledgerRead: { has: (p) => p.readsLedger !== 'none', refusal: '厅本级的任务分解台账和预算决算公开情况仅厅办公室、厅领导和厅机关处室可以查看' },
  ledgerReport: { has: (p) => p.reportsLedgerTasks, refusal: '仅厅机关处室可以报告台账任务进展' },
  departmentOverview: { has: (p) => p.readsLedger === 'all', refusal: '厅本级工作进展仅厅办公室和厅领导可以查看' },
  unpublishedRanks: { has: (p) => p.seesUnpublishedRanks, refusal: '季度进度排名仅厅办公室和厅领导可以查看' },
};

export function hasCapability(user: SessionUser, cap: Capability): boolean {
  return CAPABILITY[cap].has(policyOf(user.role));
}

export function requireCapability(user: SessionUser, cap: Capability): void {
  if (!hasCapability(user, cap)) throw new Forbidden(CAPABILITY[cap].refusal);
}

/** Whether the account reads only its own division's rows of the task ledger. */
export function readsOwnLedgerOnly(user: SessionUser): boolean {
  return policyOf(user.role).readsLedger === 'own';
}

/** Whether the account sees the year's live (unpublished) annual scores when it asks for no version. */
export function seesDraftScores(user: SessionUser): boolean {
  return policyOf(user.role).seesDraftScores;
}

export type ReviewAction = 'approve' | 'accept' | 'return' | 'reopen';

/**
 * From which report states the account may take a review step on this unit's report; [] when
 * never. Counties go through two steps (their city approves, the office accepts); cities one.
 */
export function reviewableFrom(action: ReviewAction, user: SessionUser, unit: Pick<OrgUnit, 'code' | 'parentCode' | 'level'>): ReportStatus[] {
  const p = policyOf(user.role);
  const finalStep = p.reviews === 'all';
  const firstStep = p.reviews === 'children' && unit.parentCode === user.unitCode && unit.level === 'county';
  switch (action) {
    case 'approve':
      return firstStep ? ['submitted'] : [];
    case 'accept':
      if (!finalStep) return [];
      return unit.level === 'county' ? ['approved'] : ['submitted'];
    case 'return':
      if (finalStep) return unit.level === 'county' ? ['submitted', 'approved'] : ['submitted'];
      return firstStep ? ['submitted'] : [];
    case 'reopen':
      return finalStep ? ['accepted'] : [];
  }
}

/** Whether a report in this state waits for this account's review (its review queue). */
export function awaitsReviewBy(user: SessionUser, unit: Pick<OrgUnit, 'code' | 'parentCode' | 'level'>, status: ReportStatus): boolean {
  return reviewableFrom('approve', user, unit).includes(status) || reviewableFrom('accept', user, unit).includes(status);
}

/** The part of the organisation an account's overview shows by default, or null when it sees no unit data. */
export type HomeScope = { level: 'province' } | { level: 'city' | 'county'; code: string };


export function homeScope(user: SessionUser): HomeScope | null {
  if (!policyOf(user.role).bureauViews) return null;
  switch (policyOf(user.role).reads) {
    case 'all':
      return { level: 'province' };
    case 'own-and-children':
      return { level: 'city', code: user.unitCode };
    case 'own':
      return { level: 'county', code: user.unitCode };
    case 'none':
      return null;
  }
}
