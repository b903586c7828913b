import { eq } from 'drizzle-orm';
import { transaction, type DB, type Queryable } from '../../db/client';
import { reports, type ReportRow } from '../../db/schema';
import { createReport, ensureReport, findReport, insertReviewAction, readValues, setVersionSource, startNextVersion, updateReport, versionRow, writeValues, type ReportChange } from '../../db/repo/reports';
import { insertNotice, type NoticeKind } from '../../db/repo/notices';
import { submitVersion } from '../../db/repo/version-hash';
import { periodLabel, periodStatus } from '../../shared/periods';
import { REPORT_STATUS_NAMES, type ReportStatus } from '../../shared/reports';
import type { ReportValues } from '../../shared/report-values';
import { reportedIndicatorsFor, type ReportingLevel } from '../../shared/scheme';
import { validateReport, type FieldProblem, type ProblemField, type ReportProblem } from '../../shared/validation';
import type { SessionUser } from '../auth/sessions';
import { assertMayReport, canAccessUnit, reviewableFrom, type ReviewAction } from '../access';
import { Conflict, DomainError, Forbidden, NotFound, ReportInvalid } from '../errors';
import { writeAudit, type AuditActor } from './audit';
import { keepDerived } from './derived/keep';
import { readableEvidence } from './evidence';
import {
  editBlock,
  extensionFor,
  loadPeriod,
  loadPeriodById,
  loadReportById,
  loadSchemeForPeriod,
  periodDef,
  previousAcceptedValues,
  reportingLevel,
  type PeriodRow,
} from './report-context';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { formatDateTimeZh, today } from '../../shared/dates';

export interface WorkflowCtx {
  db: DB;
  units: UnitDirectory;
  user: SessionUser;
  actor: AuditActor;
  now: Date;
}

/** What a revision-checked row has: the progress report and the annual report alike. */
export interface RevisionedReport {
  revision: number;
  updatedAt: string;
  status: ReportStatus;
}

/**
 * The optimistic lock of every report write: the revision the user's edit started from must still be
 * the report's, else CONFLICT and nothing is written. `noun` names the kind of report (报告 / 年度报告).
 */
export function checkRevision(report: RevisionedReport, revision: number, noun = '报告'): void {
  if (report.revision !== revision) {
    throw new Conflict(
      `该${noun}已在您打开之后被修改（最后保存于 ${formatDateTimeZh(report.updatedAt)}，当前状态：${REPORT_STATUS_NAMES[report.status]}），为避免覆盖他人的修改，本次操作未执行。请刷新页面查看最新内容后再操作。`,
    );
  }
}

export type { NoticeKind };

/** A notice to a unit's accounts (the bell); `reportId` links a progress report (null for other kinds). */
export function notify(db: Queryable, unitCode: string, kind: NoticeKind, title: string, body: string, reportId: number | null, now: Date) {
  insertNotice(db, { unitCode, kind, title, body, reportId, createdAt: now.toISOString() });
}

/** The province a unit belongs to (its office reviews cities), found up the unit's parents. */
function provinceOf(units: UnitDirectory, unit: OrgUnit): OrgUnit | undefined {
  let u: OrgUnit | undefined = unit;
  for (let hops = 0; u && hops < 8; hops++) {
    if (u.level === 'province') return u;
    u = u.parentCode ? units.get(u.parentCode) : undefined;
  }
  return undefined;
}

/** Tells whoever reviews a unit's submission first (a county's city, else the office) that `doc` (e.g. 2018年第四季度报告) was submitted. */
export function notifySubmitted(db: Queryable, ctx: Pick<WorkflowCtx, 'units' | 'now'>, unit: OrgUnit, doc: string, version: number, reportId: number | null): void {
  const reviewer = unit.level === 'county' ? unit.parentCode : (provinceOf(ctx.units, unit) ?? ctx.units.all().find((u) => u.level === 'province'))?.code;
  if (reviewer) notify(db, reviewer, 'submitted', `${unit.name}报送了${doc}`, `${unit.name}报送了${doc}（第 ${version} 版），请审核。`, reportId, ctx.now);
}

export const REVIEW_ACTION_NAMES: Record<ReviewAction, string> = { approve: '审核通过', accept: '采纳', return: '退回', reopen: '重新开放' };
/** How a notice says what the reviewer did (…了您单位的报告). */
export const REVIEW_ACTION_VERBS: Record<ReviewAction, string> = { approve: '审核通过了', accept: '采纳了', return: '退回了', reopen: '重新开放了' };
export const REVIEW_NOTICE_KINDS: Record<ReviewAction, NoticeKind> = { approve: 'approved', accept: 'accepted', return: 'returned', reopen: 'reopened' };

/**
 * The review rules of one review action, for every kind of report: the account reviews this unit,
 * its role takes this step, the revision is the one it saw and the report is in a state the step
 * starts from. `noun` names the kind of report in the refusals (报告 / 年度报告).
 */
export function assertReviewStep(ctx: Pick<WorkflowCtx, 'user'>, action: ReviewAction, unit: OrgUnit, report: RevisionedReport, revision: number, noun: string): void {
  if (!canAccessUnit(ctx.user, unit, 'review')) throw new Forbidden(`无权审核${unit.name}的${noun}`);
  const from = reviewableFrom(action, ctx.user, unit);
  if (from.length === 0) {
    throw new Forbidden(
      action === 'accept' || action === 'reopen'
        ? `只有厅办公室可以${REVIEW_ACTION_NAMES[action]}${noun}`
        : action === 'approve'
          ? `只有所属设区市住建局可以审核通过县(市、区)的${noun}`
          : `无权${REVIEW_ACTION_NAMES[action]}该${noun}`,
    );
  }
  checkRevision(report, revision, noun);
  if (!from.includes(report.status)) throw new Conflict(`${noun}当前状态为“${REPORT_STATUS_NAMES[report.status]}”，不能${REVIEW_ACTION_NAMES[action]}`);
}

/** The notice a review action leaves for the unit whose report (`doc`, e.g. 2018年第四季度报告) it was. */
export function reviewNotice(action: ReviewAction, doc: string, reviewer: string, version: number, reason?: string | null): { kind: NoticeKind; title: string; body: string } {
  const title = { approve: `${doc}已通过市级审核`, accept: `${doc}已被厅办公室采纳`, return: `${doc}被退回`, reopen: `${doc}被重新开放` }[action];
  return { kind: REVIEW_NOTICE_KINDS[action], title, body: `${reviewer}${REVIEW_ACTION_VERBS[action]}您单位的${doc}（第 ${version} 版）。${reason ? `理由：${reason}` : ''}` };
}

function bump(db: Queryable, report: ReportRow, set: ReportChange, now: Date): ReportRow {
  // Undefined when the revision moved (as drizzle's `.get()` was); callers read the report in the same transaction.
  return updateReport(db, report, set, now)!;
}

/** A unit × period the account may edit now: what `beginEdit` checked for one user action. */
export interface EditTarget {
  unit: OrgUnit;
  level: ReportingLevel;
  period: PeriodRow;
  /** The report as it was when checked (null: none yet). */
  report: ReportRow | null;
}

/**
 * The access and edit rules of one user action on a report, run once: the account fills in this
 * unit's report (server/access.ts) and the report may be changed now (`editBlock`).
 */
export function beginEdit(
  ctx: WorkflowCtx,
  unitCode: string,
  periodCode: string,
  opts: { db?: Queryable; refusal?: (unitName: string) => string } = {},
): EditTarget {
  const db = opts.db ?? ctx.db;
  const unit = assertMayReport(ctx, unitCode, opts.refusal);
  const level = reportingLevel(unit);
  if (!level) throw new Forbidden('省级单位不填报');
  const period = loadPeriod(db, periodCode);
  const report = findReport(db, unit.code, period.id) ?? null;
  const ext = extensionFor(db, period.id, unit.code);
  const block = editBlock(period, periodStatus(period, today(ctx.now)), report?.status ?? null, ext?.due);
  if (block) throw new Forbidden(block);
  return { unit, level, period, report };
}

export interface SaveReport {
  mode: 'draft' | 'submit';
  source: 'web' | 'excel';
  unitCode: string;
  periodCode: string;
  /** The revision the user's edit started from (else CONFLICT). */
  revision: number;
  values: ReportValues;
  /** Already checked by `beginEdit` for this action (the Excel route checks before it reads the file). */
  checked?: EditTarget;
  /** From a workbook: problems of cells that could not be read, listed with the validation problems. */
  readProblems?: readonly ReportProblem[];
  /** From a workbook: where each field is, so every problem carries its sheet and cell. */
  locate?: (indicator: string, field: ProblemField) => { sheet: string; cell: string };
  /** From a workbook: the file, recorded in the action's audit row. */
  upload?: { fileName: string; size: number; sha256: string };
}

export interface SavedReport {
  reportId: number;
  status: ReportStatus;
  revision: number;
  version: number;
  warnings: ReportProblem[];
}

/**
 * The one write path of a report's values, for the web form and the Excel upload, as a draft or
 * submitted: access and edit rules (`beginEdit`, unless the caller already ran it for this action),
 * the revision check, validation (`validateReport`) once, the values written into the current
 * version, and exactly one audit row — all in one transaction. Refusals carry every problem
 * (`ReportInvalid`); nothing is written then.
 */
export function saveReport(ctx: WorkflowCtx, input: SaveReport): SavedReport {
  return transaction(ctx.db, (tx) => {
    const keep = keepDerived(tx);
    const target = input.checked ?? beginEdit(ctx, input.unitCode, input.periodCode, { db: tx });
    if (target.unit.code !== input.unitCode || target.period.code !== input.periodCode) throw new Error('saveReport: checked target is another report');
    const { unit, level, period } = target;
    // The report beginEdit read in this transaction is current; one checked before it (`checked`) is read again.
    const report = input.checked ? ensureReport(tx, unit.code, period.id, ctx.now, ctx.user.accountId) : (target.report ?? createReport(tx, unit.code, period.id, ctx.now, ctx.user.accountId));
    // Before validation, so a stale editor hears about the conflict first (the rollback undoes a report created here).
    checkRevision(report, input.revision);

    const stored = loadSchemeForPeriod(tx, period);
    const result = validateReport({
      scheme: stored.scheme,
      level,
      period: periodDef(period),
      values: input.values,
      reportDate: today(ctx.now),
      previous: previousAcceptedValues(tx, unit.code, period),
      mode: input.mode,
      // A web draft keeps values that cannot yet be submitted (shown as warnings); an uploaded
      // workbook with any problem stores nothing and comes back marked.
      strictValues: input.source === 'excel',
    });
    // A report may cite only evidence files the account may read; a missing file and another unit's are refused alike.
    // (A malformed reference is already a validation problem.)
    const cited = Object.entries(input.values).flatMap(([code, v]) => (typeof v.evidenceFile === 'string' && /^[a-f0-9]{64}$/.test(v.evidenceFile.trim()) ? [[code, v.evidenceFile.trim()] as const] : []));
    const readable = readableEvidence(tx, ctx.units, ctx.user, cited.map(([, hash]) => hash));
    for (const [code, hash] of cited) {
      if (!readable.has(hash)) result.errors.push({ indicator: code, field: 'evidenceFile', message: '证明文件不存在，请重新上传' });
    }
    const locate = (p: FieldProblem): ReportProblem => ({ ...p, ...input.locate?.(p.indicator, p.field) });
    // A field whose cell could not be read is already reported; its validation problem would only repeat it.
    const unread = new Set((input.readProblems ?? []).filter((p) => p.field !== '_').map((p) => `${p.indicator}|${p.field}`));
    const problems = [...(input.readProblems ?? []), ...result.errors.filter((p) => !unread.has(`${p.indicator}|${p.field}`)).map(locate)];
    if (problems.length) {
      const n = problems.length;
      throw new ReportInvalid(input.mode === 'submit' ? `报告有 ${n} 处问题，请修改后再报送` : `有 ${n} 处填写有误，草稿未保存`, problems);
    }

    // Values of indicators the unit does not report are dropped, so stored data is clean.
    const applicable = new Set(reportedIndicatorsFor(stored.scheme, level).map((i) => i.code));
    const clean: ReportValues = {};
    for (const [code, v] of Object.entries(input.values)) if (applicable.has(code)) clean[code] = v;

    const version = versionRow(tx, report.id, report.currentVersion)!;
    const before = readValues(tx, version.id);
    writeValues(tx, version.id, clean);
    const at = ctx.now.toISOString();
    let updated: ReportRow;
    let receiptHash: string | null = null;
    if (input.mode === 'submit') {
      receiptHash = submitVersion(tx, { versionId: version.id, unitCode: report.unitCode, periodCode: period.code, version: version.version, source: input.source, submittedAt: at, submittedBy: ctx.user.accountId });
      updated = bump(tx, report, { status: 'submitted', returnReason: null, firstSubmittedAt: report.firstSubmittedAt ?? at, lastSubmittedAt: at }, ctx.now);
      insertReviewAction(tx, { reportId: report.id, version: report.currentVersion, action: 'submit', accountId: ctx.user.accountId, at });
      notifySubmitted(tx, ctx, unit, `${period.name}报告`, report.currentVersion, report.id);
    } else {
      setVersionSource(tx, version.id, input.source);
      updated = bump(tx, report, {}, ctx.now);
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: input.mode === 'submit' ? 'report.submit' : 'report.saveDraft',
      entity: 'report',
      entityId: report.id,
      unitCode: unit.code,
      reportId: report.id,
      before: input.mode === 'submit' ? { status: report.status, version: report.currentVersion, values: before } : { version: report.currentVersion, values: before },
      after: {
        ...(input.mode === 'submit' ? { status: 'submitted' } : {}),
        version: report.currentVersion,
        values: clean,
        source: input.source,
        ...(receiptHash ? { receiptHash } : {}),
        ...(input.upload ? { upload: { ...input.upload, schemeVersion: stored.version } } : {}),
      },
    });
    // A draft changes no counted figure (only submitted, approved and accepted reports count).
    if (input.mode === 'submit') keep.report(period.id, unit.code, report.status, 'submitted');
    keep.finish(ctx.units);
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion, warnings: result.warnings.map(locate) };
  });
}

/** What a review step needs; its `db` may be an enclosing transaction (see `bulkReview`). */
export type ReviewCtx = Omit<WorkflowCtx, 'db'> & { db: Queryable };

export function reviewReport(ctx: ReviewCtx, action: ReviewAction, input: { reportId: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const report = loadReportById(tx, input.reportId);
    const unit = ctx.units.get(report.unitCode)!;
    assertReviewStep(ctx, action, unit, report, input.revision, '报告');
    const period = loadPeriodById(tx, report.periodId);
    const at = ctx.now.toISOString();
    let status: ReportStatus;
    let set: ReportChange;
    if (action === 'approve') {
      status = 'approved';
      set = { status };
    } else if (action === 'accept') {
      status = 'accepted';
      set = { status };
    } else {
      status = 'returned';
      const next = startNextVersion(tx, report, ctx.now, ctx.user.accountId);
      set = { status, currentVersion: next, returnReason: input.reason ?? null };
    }
    const updated = bump(tx, report, set, ctx.now);
    insertReviewAction(tx, { reportId: report.id, version: report.currentVersion, action, reason: input.reason ?? null, accountId: ctx.user.accountId, at });
    const n = reviewNotice(action, `${period.name || periodLabel(period.code)}报告`, ctx.user.displayName, report.currentVersion, input.reason);
    notify(tx, unit.code, n.kind, n.title, n.body, report.id, ctx.now);
    writeAudit(tx, ctx.actor, ctx.now, {
      action: `report.${action}`,
      entity: 'report',
      entityId: report.id,
      unitCode: unit.code,
      reportId: report.id,
      before: { status: report.status, version: report.currentVersion },
      after: { status, version: updated.currentVersion, reason: input.reason ?? null },
    });
    keep.report(report.periodId, unit.code, report.status, status);
    keep.finish(ctx.units);
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion };
  });
}

/** A report named in a bulk refusal: 「杭州市西湖区 2018年第四季度暨年度」, or its id when it does not exist. */
function bulkLabel(db: Queryable, units: UnitDirectory, reportId: number): string {
  const report = db.select().from(reports).where(eq(reports.id, reportId)).get();
  if (!report) return `编号 ${reportId} 的报告`;
  const unit = units.get(report.unitCode);
  const parent = unit?.level === 'county' && unit.parentCode ? (units.get(unit.parentCode)?.name ?? '') : '';
  const period = loadPeriodById(db, report.periodId);
  return `${parent}${unit?.name ?? report.unitCode}${period.name || periodLabel(period.code)}报告`;
}

/**
 * Approves (city) or accepts (office) several reports in one action, each through `reviewReport`
 * (its access check, state rule, review trail, notice and audit row). All or nothing: every report
 * is tried inside one transaction; if any one is refused, the whole action rolls back and the error
 * names every refused report with its reason, so the reviewer can untick those and try again.
 */
export function bulkReview(ctx: WorkflowCtx, action: 'approve' | 'accept', items: readonly { reportId: number; revision: number }[]) {
  return ctx.db.transaction((tx) => {
    const inner: ReviewCtx = { ...ctx, db: tx };
    const done: ReturnType<typeof reviewReport>[] = [];
    const refused: { label: string; err: DomainError }[] = [];
    for (const item of items) {
      try {
        done.push(reviewReport(inner, action, item));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused.push({ label: bulkLabel(tx, ctx.units, item.reportId), err });
      }
    }
    if (refused.length) {
      const shown = refused.slice(0, 5).map((r) => `${r.label}：${r.err.message}`);
      const more = refused.length > shown.length ? `；另有 ${refused.length - shown.length} 份报告同样不能${REVIEW_ACTION_NAMES[action]}` : '';
      const message = `批量${REVIEW_ACTION_NAMES[action]}未执行，所选 ${items.length} 份报告均未改变。其中 ${refused.length} 份不能${REVIEW_ACTION_NAMES[action]}——${shown.join('；')}${more}。请取消勾选这些报告或刷新后重试。`;
      const kind = refused.find((r) => r.err instanceof Forbidden) ?? refused.find((r) => r.err instanceof NotFound) ?? refused[0];
      throw kind.err instanceof Forbidden ? new Forbidden(message) : kind.err instanceof NotFound ? new NotFound(message) : new Conflict(message);
    }
    return { action, count: done.length, reports: done };
  });
}
