/**
 * 回执: the receipt of a submitted report version (unit, period, version, submitted when and by
 * whom, the values, the version's hash), and the office's check of a receipt's hash.
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, periods, reportVersions, reports } from '../../db/schema';
import { readValues } from '../../db/repo/reports';
import { recomputeVersionHash } from '../../db/repo/version-hash';
import { Conflict, NotFound } from '../errors';
import { loadPeriodById, loadSchemeForPeriod, reportingLevel } from './report-context';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { REPORT_STATUS_NAMES } from '../../shared/reports';

function submittedVersion(db: Queryable, reportId: number, version?: number) {
  const q = db
    .select({ v: reportVersions, by: accounts.displayName })
    .from(reportVersions)
    .leftJoin(accounts, eq(accounts.id, reportVersions.submittedBy))
    .where(and(eq(reportVersions.reportId, reportId), isNotNull(reportVersions.submittedAt), version ? eq(reportVersions.version, version) : undefined))
    .orderBy(desc(reportVersions.version))
    .limit(1)
    .get();
  if (q) return q;
  if (version && db.select({ id: reportVersions.id }).from(reportVersions).where(and(eq(reportVersions.reportId, reportId), eq(reportVersions.version, version))).get()) {
    throw new Conflict(`第 ${version} 版尚未报送，没有回执`);
  }
  throw new NotFound(version ? `第 ${version} 版不存在` : '该报告尚未报送，没有回执');
}

/** The receipt of a report's submitted version (default: the newest submitted one). Access is checked by the caller. */
export function reportReceipt(db: Queryable, units: UnitDirectory, unit: OrgUnit, report: typeof reports.$inferSelect, version: number | undefined, now: Date) {
  const { v, by } = submittedVersion(db, report.id, version);
  const period = loadPeriodById(db, report.periodId);
  const scheme = loadSchemeForPeriod(db, period);
  const level = reportingLevel(unit);
  if (!v.valuesHash) throw new Conflict(`第 ${v.version} 版的回执哈希尚未生成，请稍后再试`);
  return {
    reportId: report.id,
    unit: { code: unit.code, name: unit.name, level: unit.level, parentName: unit.parentCode ? (units.get(unit.parentCode)?.name ?? '') : '' },
    period: { code: period.code, name: period.name },
    version: v.version,
    submittedAt: v.submittedAt!,
    submittedBy: by ?? '',
    source: v.source,
    hash: v.valuesHash,
    /** The report's status now, and whether this receipt's version is still its current one. */
    status: report.status,
    statusName: REPORT_STATUS_NAMES[report.status],
    current: report.currentVersion === v.version,
    level,
    indicators: scheme.scheme.indicators,
    values: readValues(db, v.id),
    issuedAt: now.toISOString(),
  };
}

/**
 * Looks a receipt hash up: which unit, period and version it belongs to, and whether the stored
 * values still give that hash (false means the stored data changed after submission).
 */
export function verifyReceipt(db: Queryable, units: UnitDirectory, hash: string) {
  const row = db
    .select({ v: reportVersions, by: accounts.displayName, unitCode: reports.unitCode, periodId: reports.periodId, periodCode: periods.code, periodName: periods.name })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .innerJoin(periods, eq(periods.id, reports.periodId))
    .leftJoin(accounts, eq(accounts.id, reportVersions.submittedBy))
    .where(eq(reportVersions.valuesHash, hash))
    .get();
  if (!row) return { found: false as const, message: '未找到与该哈希对应的已报送版本：回执不是本系统出具的，或哈希抄写有误' };
  const unit = units.get(row.unitCode);
  const intact = recomputeVersionHash(db, row.v.id) === hash;
  return {
    found: true as const,
    reportId: row.v.reportId,
    unit: { code: row.unitCode, name: unit?.name ?? row.unitCode, parentName: unit?.parentCode ? (units.get(unit.parentCode)?.name ?? '') : '' },
    period: { code: row.periodCode, name: row.periodName },
    version: row.v.version,
    submittedAt: row.v.submittedAt!,
    submittedBy: row.by ?? '',
    intact,
    message: intact ? '回执有效：与系统中保存的该版本报送内容一致' : '回执哈希存在，但该版本现存数据与哈希不符：报送后数据被改动，请立即核查审计日志',
  };
}
