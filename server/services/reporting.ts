import { and, eq } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { notices, reportVersions, reports, reviewActions, type ReportRow } from '../../db/schema';
import { ensureReport, readValues, startNextVersion, versionRow, writeValues } from '../../db/repo/reports';
import { periodLabel, periodStatus } from '../../shared/periods';
import { REPORT_STATUS_NAMES, type ReportStatus } from '../../shared/reports';
import type { ReportValues } from '../../shared/report-values';
import { reportedIndicatorsFor } from '../../shared/scheme';
import { validateReport, type FieldProblem } from '../../shared/validation';
import type { SessionUser } from '../auth/sessions';
import { canAccessUnit, reviewableFrom, type ReviewAction } from '../access';
import { Conflict, Forbidden, Invalid } from '../errors';
import { writeAudit, type AuditActor } from './audit';
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

function problemsToInvalid(message: string, problems: FieldProblem[]): Invalid {
  return new Invalid(
    message,
    problems.map((p) => ({ path: `values.${p.indicator}.${p.field}`, message: p.message })),
  );
}

function checkRevision(report: ReportRow, revision: number): void {
  if (report.revision !== revision) {
    throw new Conflict(
      `该报告已在您打开之后被修改（最后保存于 ${formatDateTimeZh(report.updatedAt)}，当前状态：${REPORT_STATUS_NAMES[report.status]}），为避免覆盖他人的修改，本次操作未执行。请刷新页面查看最新内容后再操作。`,
    );
  }
}

/** Drops values of indicators the unit does not report and blank rows, so stored data is clean. */
function validateForSave(
  period: PeriodRow,
  unit: OrgUnit,
  values: ReportValues,
  db: Queryable,
  mode: 'draft' | 'submit',
  now: Date,
) {
  const level = reportingLevel(unit);
  if (!level) throw new Forbidden('省级单位不填报');
  const stored = loadSchemeForPeriod(db, period);
  const result = validateReport({
    scheme: stored.scheme,
    level,
    period: periodDef(period),
    values,
    reportDate: today(now),
    previous: previousAcceptedValues(db, unit.code, period),
    mode,
  });
  if (result.errors.length) {
    throw problemsToInvalid(
      mode === 'submit' ? `报告有 ${result.errors.length} 处问题，请修改后再报送` : `有 ${result.errors.length} 处填写有误，草稿未保存`,
      result.errors,
    );
  }
  const applicable = new Set(reportedIndicatorsFor(stored.scheme, level).map((i) => i.code));
  const clean: ReportValues = {};
  for (const [code, v] of Object.entries(values)) if (applicable.has(code)) clean[code] = v;
  return { clean, warnings: result.warnings };
}

function notify(db: Queryable, unitCode: string, kind: typeof notices.$inferInsert.kind, title: string, body: string, reportId: number, now: Date) {
  db.insert(notices).values({ unitCode, kind, title, body, reportId, createdAt: now.toISOString() }).run();
}

function bump(db: Queryable, report: ReportRow, set: Partial<typeof reports.$inferInsert>, now: Date): ReportRow {
  return db
    .update(reports)
    .set({ ...set, revision: report.revision + 1, updatedAt: now.toISOString() })
    .where(and(eq(reports.id, report.id), eq(reports.revision, report.revision)))
    .returning()
    .get();
}

function prepareEdit(ctx: WorkflowCtx, unitCode: string, periodCode: string, tx: Queryable) {
  const unit = ctx.units.get(unitCode);
  if (!unit) throw new Forbidden(`单位 ${unitCode} 不存在`);
  if (!canAccessUnit(ctx.user, unit, 'write') || !reportingLevel(unit)) throw new Forbidden(`无权填报或修改${unit.name}的报告`);
  const period = loadPeriod(tx, periodCode);
  const existing = tx.select().from(reports).where(and(eq(reports.unitCode, unitCode), eq(reports.periodId, period.id))).get();
  const ext = extensionFor(tx, period.id, unitCode);
  const block = editBlock(period, periodStatus(period, today(ctx.now)), existing?.status ?? null, ext?.due);
  if (block) throw new Forbidden(block);
  return { unit, period };
}

type EditInput = { unitCode: string; periodCode: string; revision: number; values: ReportValues };

/**
 * The common part of saving and submitting: scope and lock checks, the revision check (before
 * validation, so a stale editor hears about the conflict first; the rollback undoes a report created
 * here), validation in the given mode, and the values written into the current version.
 */
function writeCurrentVersion(ctx: WorkflowCtx, tx: Queryable, input: EditInput, mode: 'draft' | 'submit', source: 'web' | 'excel') {
  const { unit, period } = prepareEdit(ctx, input.unitCode, input.periodCode, tx);
  const report = ensureReport(tx, unit.code, period.id, ctx.now, ctx.user.accountId);
  checkRevision(report, input.revision);
  const { clean, warnings } = validateForSave(period, unit, input.values, tx, mode, ctx.now);
  const version = versionRow(tx, report.id, report.currentVersion)!;
  const before = readValues(tx, version.id);
  writeValues(tx, version.id, clean);
  tx.update(reportVersions).set({ source }).where(eq(reportVersions.id, version.id)).run();
  return { unit, period, report, version, before, clean, warnings };
}

/** Saves the current draft version (creating the report on first save). */
export function saveDraft(ctx: WorkflowCtx, input: EditInput, source: 'web' | 'excel' = 'web') {
  return ctx.db.transaction((tx) => {
    const { unit, report, before, clean, warnings } = writeCurrentVersion(ctx, tx, input, 'draft', source);
    const updated = bump(tx, report, {}, ctx.now);
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'report.saveDraft',
      entity: 'report',
      entityId: report.id,
      unitCode: unit.code,
      reportId: report.id,
      before: { version: report.currentVersion, values: before },
      after: { version: report.currentVersion, values: clean, source },
    });
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion, warnings };
  });
}

/** Saves and submits the current version; it is frozen from now on. */
export function submitReport(ctx: WorkflowCtx, input: EditInput, source: 'web' | 'excel' = 'web') {
  return ctx.db.transaction((tx) => {
    const { unit, period, report, version, before, clean, warnings } = writeCurrentVersion(ctx, tx, input, 'submit', source);
    const at = ctx.now.toISOString();
    tx.update(reportVersions).set({ submittedAt: at, submittedBy: ctx.user.accountId }).where(eq(reportVersions.id, version.id)).run();
    const updated = bump(
      tx,
      report,
      { status: 'submitted', returnReason: null, firstSubmittedAt: report.firstSubmittedAt ?? at, lastSubmittedAt: at },
      ctx.now,
    );
    tx.insert(reviewActions).values({ reportId: report.id, version: report.currentVersion, action: 'submit', accountId: ctx.user.accountId, at }).run();
    const reviewer = unit.level === 'county' ? unit.parentCode : ctx.units.all().find((u) => u.level === 'province')?.code;
    if (reviewer) {
      notify(tx, reviewer, 'submitted', `${unit.name}报送了${period.name}报告`, `${unit.name}报送了${period.name}报告（第 ${report.currentVersion} 版），请审核。`, report.id, ctx.now);
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'report.submit',
      entity: 'report',
      entityId: report.id,
      unitCode: unit.code,
      reportId: report.id,
      before: { status: report.status, version: report.currentVersion, values: before },
      after: { status: 'submitted', version: report.currentVersion, values: clean, source },
    });
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion, warnings };
  });
}

const ACTION_NAMES: Record<ReviewAction, string> = { approve: '审核通过', accept: '采纳', return: '退回', reopen: '重新开放' };

export function reviewReport(ctx: WorkflowCtx, action: ReviewAction, input: { reportId: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    const report = loadReportById(tx, input.reportId);
    const unit = ctx.units.get(report.unitCode)!;
    if (!canAccessUnit(ctx.user, unit, 'review')) throw new Forbidden(`无权审核${unit.name}的报告`);
    const from = reviewableFrom(action, ctx.user, unit);
    if (from.length === 0) {
      const why =
        action === 'accept' || action === 'reopen'
          ? `只有厅办公室可以${ACTION_NAMES[action]}报告`
          : action === 'approve'
            ? '只有所属设区市住建局可以审核通过县(市、区)的报告'
            : `无权${ACTION_NAMES[action]}该报告`;
      throw new Forbidden(why);
    }
    checkRevision(report, input.revision);
    if (!from.includes(report.status)) {
      throw new Conflict(`报告当前状态为“${REPORT_STATUS_NAMES[report.status]}”，不能${ACTION_NAMES[action]}`);
    }
    const period = loadPeriodById(tx, report.periodId);
    const at = ctx.now.toISOString();
    let status: ReportStatus;
    let set: Partial<typeof reports.$inferInsert>;
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
    tx.insert(reviewActions)
      .values({ reportId: report.id, version: report.currentVersion, action, reason: input.reason ?? null, accountId: ctx.user.accountId, at })
      .run();
    const label = period.name || periodLabel(period.code);
    if (action === 'return' || action === 'reopen') {
      notify(
        tx,
        unit.code,
        action === 'return' ? 'returned' : 'reopened',
        `${label}报告被${action === 'return' ? '退回' : '重新开放'}`,
        `${ctx.user.displayName}${action === 'return' ? '退回了' : '重新开放了'}您单位的${label}报告（第 ${report.currentVersion} 版）。理由：${input.reason}`,
        report.id,
        ctx.now,
      );
    } else {
      notify(
        tx,
        unit.code,
        action === 'approve' ? 'approved' : 'accepted',
        `${label}报告已${action === 'approve' ? '通过市级审核' : '被厅办公室采纳'}`,
        `${ctx.user.displayName}${action === 'approve' ? '审核通过了' : '采纳了'}您单位的${label}报告（第 ${report.currentVersion} 版）。`,
        report.id,
        ctx.now,
      );
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: `report.${action}`,
      entity: 'report',
      entityId: report.id,
      unitCode: unit.code,
      reportId: report.id,
      before: { status: report.status, version: report.currentVersion },
      after: { status, version: updated.currentVersion, reason: input.reason ?? null },
    });
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion };
  });
}
