import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { dueExtensions, evidenceFiles, reports, reviewActions, reviewFlags, accounts } from '../../db/schema';
import { readSchemeShared, type StoredScheme } from '../../db/repo/schemes';
import { dueExtension, latestAcceptedBefore, periodById, periodByCode, type PeriodRow } from '../../db/repo/periods';
import { findReport, readValues, versionRow } from '../../db/repo/reports';
import { periodLabel, periodStatus, timeliness, type PeriodStatus } from '../../shared/periods';
import type { ReportValues } from '../../shared/report-values';
import type { PeriodDef, ReportingLevel } from '../../shared/scheme';
import { NotFound } from '../errors';
import type { OrgUnit } from './unit-directory';
import { formatDateZh, today } from '../../shared/dates';

export type { PeriodRow };

export function loadPeriod(db: Queryable, code: string): PeriodRow {
  const p = periodByCode(db, code);
  if (!p) throw new NotFound(`期次 ${code} 不存在`);
  return p;
}

export function loadPeriodById(db: Queryable, id: number): PeriodRow {
  const p = periodById(db, id);
  if (!p) throw new NotFound(`期次 ${id} 不存在`);
  return p;
}

/** The scheme of the period's year: shared and frozen (`readSchemeShared`), not a copy — read it, do not change it. */
export function loadSchemeForPeriod(db: Queryable, period: PeriodRow): StoredScheme {
  const year = Number(period.code.slice(0, 4));
  const s = readSchemeShared(db, year);
  if (!s) throw new NotFound(`${year} 年度考核方案不存在`);
  return s;
}

export function periodDef(p: PeriodRow): PeriodDef {
  return { code: p.code, name: p.name, opens: p.opens, due: p.due, locks: p.locks, ...(p.annual ? { annual: true } : {}) };
}

export function extensionFor(db: Queryable, periodId: number, unitCode: string) {
  return dueExtension(db, periodId, unitCode);
}

export function reportingLevel(unit: OrgUnit): ReportingLevel | null {
  return unit.level === 'province' ? null : unit.level;
}

/**
 * Why a unit cannot edit its report for this period now, or null when it can. A report that a
 * reviewer returned (or the office reopened) stays editable after the lock date: the return is the
 * permission to correct it.
 */
export function editBlock(period: PeriodRow, status: PeriodStatus, reportStatus: string | null, extendedDue?: string | null): string | null {
  const label = period.name || periodLabel(period.code);
  if (status === 'not-open') return `${label}报告尚未开始填报（${formatDateZh(period.opens)}开始）`;
  if (status === 'locked' && reportStatus !== 'returned' && !(extendedDue && extendedDue >= period.locks)) {
    return `${label}已于${formatDateZh(period.locks)}锁定，不能再修改；如需修改，请联系厅办公室退回报告或调整锁定日期`;
  }
  if (reportStatus === 'submitted' || reportStatus === 'approved') return '报告已报送，正在审核，审核退回后才能修改';
  if (reportStatus === 'accepted') return '报告已被厅办公室采纳；如需修改，请联系厅办公室重新开放';
  return null;
}

/** The values of the unit's latest accepted report in an earlier quarter of the same year. */
export function previousAcceptedValues(db: Queryable, unitCode: string, period: PeriodRow): ReportValues | null {
  const row = latestAcceptedBefore(db, unitCode, period);
  return row?.versionId != null ? readValues(db, row.versionId) : null;
}

/** Everything the form needs for one unit × period. */
export function loadReportView(db: Queryable, unit: OrgUnit, periodCode: string, now: Date) {
  const period = loadPeriod(db, periodCode);
  const stored = loadSchemeForPeriod(db, period);
  const level = reportingLevel(unit);
  const report = findReport(db, unit.code, period.id) ?? null;
  const ext = extensionFor(db, period.id, unit.code) ?? null;
  const day = today(now);
  const pStatus = periodStatus(period, day);
  const version = report ? versionRow(db, report.id, report.currentVersion) : undefined;
  const values = version ? readValues(db, version.id) : {};
  const lastSubmitted = report
    ? report.status === 'returned'
      ? versionRow(db, report.id, report.currentVersion - 1)
      : report.firstSubmittedAt
        ? version
        : undefined
    : undefined;
  const flags = report
    ? db
        .select({
          id: reviewFlags.id,
          version: reviewFlags.version,
          indicatorCode: reviewFlags.indicatorCode,
          comment: reviewFlags.comment,
          at: reviewFlags.at,
          resolvedAt: reviewFlags.resolvedAt,
          by: accounts.displayName,
        })
        .from(reviewFlags)
        .leftJoin(accounts, eq(accounts.id, reviewFlags.accountId))
        .where(eq(reviewFlags.reportId, report.id))
        .orderBy(asc(reviewFlags.at))
        .all()
    : [];
  const history = report
    ? db
        .select({ action: reviewActions.action, version: reviewActions.version, reason: reviewActions.reason, at: reviewActions.at, by: accounts.displayName })
        .from(reviewActions)
        .leftJoin(accounts, eq(accounts.id, reviewActions.accountId))
        .where(eq(reviewActions.reportId, report.id))
        .orderBy(asc(reviewActions.at), asc(reviewActions.id))
        .all()
    : [];
  return {
    unit,
    level,
    period: { ...periodDef(period), id: period.id, status: pStatus, extension: ext ? { due: ext.due, reason: ext.reason } : null },
    scheme: { year: stored.scheme.year, version: stored.version, title: stored.scheme.title },
    indicators: stored.scheme.indicators,
    groups: stored.scheme.groups,
    report: report && {
      id: report.id,
      status: report.status,
      currentVersion: report.currentVersion,
      revision: report.revision,
      returnReason: report.returnReason,
      firstSubmittedAt: report.firstSubmittedAt,
      lastSubmittedAt: report.lastSubmittedAt,
      updatedAt: report.updatedAt,
      lastSubmittedVersion: lastSubmitted?.version ?? null,
    },
    timeliness: timeliness({ due: period.due, extendedDue: ext?.due, submittedAt: report?.firstSubmittedAt, today: day }),
    values,
    evidenceFiles: evidenceFileNames(db, values),
    previousAccepted: level ? previousAcceptedValues(db, unit.code, period) : null,
    editBlock: level ? editBlock(period, pStatus, report?.status ?? null, ext?.due) : '省级单位不填报',
    flags,
    history,
    today: day,
  };
}
export type ReportView = ReturnType<typeof loadReportView>;

export function loadReportById(db: Queryable, reportId: number) {
  const r = db.select().from(reports).where(eq(reports.id, reportId)).get();
  if (!r) throw new NotFound(`报告 ${reportId} 不存在`);
  return r;
}

export function extensionsFor(db: Queryable, periodIds: number[]) {
  if (!periodIds.length) return [];
  return db.select().from(dueExtensions).where(inArray(dueExtensions.periodId, periodIds)).all();
}

/** Names and sizes of the uploaded evidence files the values refer to, by content hash. */
export function evidenceFileNames(db: Queryable, ...valueSets: ReportValues[]): Record<string, { originalName: string; size: number; mime: string }> {
  const hashes = [...new Set(valueSets.flatMap((vs) => Object.values(vs).map((v) => v.evidenceFile).filter((h): h is string => Boolean(h))))];
  if (!hashes.length) return {};
  const rows = db
    .select({ hash: evidenceFiles.hash, originalName: evidenceFiles.originalName, size: evidenceFiles.size, mime: evidenceFiles.mime })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.hash, hashes))
    .all();
  return Object.fromEntries(rows.map(({ hash, ...r }) => [hash, r]));
}
