import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { periods, reportVersions, reports, reviewFlags } from '../../db/schema';
import { readValuesOf } from '../../db/repo/reports';
import { diffValues } from '../../shared/report-diff';
import { timeliness } from '../../shared/periods';
import type { SessionUser } from '../auth/sessions';
import { awaitsReviewBy } from '../access';
import { extensionsFor } from './report-context';
import type { UnitDirectory } from './unit-directory';
import { today } from '../../shared/dates';

/**
 * Reports waiting for this reviewer: a city sees its counties' submitted reports; the office sees
 * cities' submitted reports and city-approved county reports. Each row says what changed since the
 * previous submitted version.
 */
export function reviewQueue(db: Queryable, units: UnitDirectory, user: SessionUser, now: Date, periodCode?: string) {
  const rows = db
    .select({
      id: reports.id,
      unitCode: reports.unitCode,
      status: reports.status,
      currentVersion: reports.currentVersion,
      revision: reports.revision,
      firstSubmittedAt: reports.firstSubmittedAt,
      lastSubmittedAt: reports.lastSubmittedAt,
      periodId: periods.id,
      periodCode: periods.code,
      periodName: periods.name,
      due: periods.due,
    })
    .from(reports)
    .innerJoin(periods, eq(periods.id, reports.periodId))
    .where(and(inArray(reports.status, ['submitted', 'approved']), periodCode ? eq(periods.code, periodCode) : undefined))
    .all();
  const mine = rows.filter((r) => {
    const unit = units.get(r.unitCode);
    return !!unit && awaitsReviewBy(user, unit, r.status);
  });
  if (!mine.length) return [];
  const versions = db
    .select()
    .from(reportVersions)
    .where(inArray(reportVersions.reportId, mine.map((r) => r.id)))
    .all();
  const byReport = new Map<number, typeof versions>();
  for (const v of versions) byReport.set(v.reportId, [...(byReport.get(v.reportId) ?? []), v]);
  const needed: number[] = [];
  const pairs = mine.map((r) => {
    const list = (byReport.get(r.id) ?? []).filter((v) => v.submittedAt).sort((a, b) => a.version - b.version);
    const cur = list.find((v) => v.version === r.currentVersion);
    const prev = list.filter((v) => v.version < r.currentVersion).pop();
    if (cur) needed.push(cur.id);
    if (prev) needed.push(prev.id);
    return { r, cur, prev };
  });
  const values = readValuesOf(db, needed);
  const flagCounts = new Map<number, number>();
  for (const f of db
    .select({ reportId: reviewFlags.reportId })
    .from(reviewFlags)
    .where(and(inArray(reviewFlags.reportId, mine.map((r) => r.id)), isNull(reviewFlags.resolvedAt)))
    .all()) {
    flagCounts.set(f.reportId, (flagCounts.get(f.reportId) ?? 0) + 1);
  }
  const exts = extensionsFor(db, [...new Set(mine.map((r) => r.periodId))]);
  const day = today(now);
  return pairs
    .map(({ r, cur, prev }) => {
      const unit = units.get(r.unitCode)!;
      const ext = exts.find((e) => e.periodId === r.periodId && e.unitCode === r.unitCode);
      const changes = cur && prev ? diffValues(values.get(prev.id) ?? {}, values.get(cur.id) ?? {}) : null;
      return {
        reportId: r.id,
        revision: r.revision,
        unitCode: unit.code,
        unitName: unit.name,
        unitLevel: unit.level,
        parentName: unit.parentCode ? (units.get(unit.parentCode)?.name ?? '') : '',
        periodCode: r.periodCode,
        periodName: r.periodName,
        status: r.status,
        version: r.currentVersion,
        submittedAt: r.lastSubmittedAt,
        timeliness: timeliness({ due: r.due, extendedDue: ext?.due, submittedAt: r.firstSubmittedAt, today: day }),
        previousVersion: prev?.version ?? null,
        changes,
        flags: flagCounts.get(r.id) ?? 0,
      };
    })
    .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
}
