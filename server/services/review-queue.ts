import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, orgUnits, periods, reportVersions, reports, reviewActions, reviewFlags } from '../../db/schema';
import { readValuesOf } from '../../db/repo/reports';
import { diffValues } from '../../shared/report-diff';
import { timeliness } from '../../shared/periods';
import type { SessionUser } from '../auth/sessions';
import { awaitsReviewBy, canAccessUnit } from '../access';
import { extensionsFor, loadPeriodById, loadSchemeForPeriod } from './report-context';
import { fieldLabel } from '../../shared/validation';
import type { Indicator } from '../../shared/scheme';
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
  const returns = returnHistory(db, mine.map((r) => r.id));
  const schemeIndicators = new Map<number, Map<string, Indicator>>();
  const indicatorsOf = (periodId: number) => {
    let m = schemeIndicators.get(periodId);
    if (!m) {
      m = new Map(loadSchemeForPeriod(db, loadPeriodById(db, periodId)).scheme.indicators.map((i) => [i.code, i]));
      schemeIndicators.set(periodId, m);
    }
    return m;
  };
  return pairs
    .map(({ r, cur, prev }) => {
      const unit = units.get(r.unitCode)!;
      const ext = exts.find((e) => e.periodId === r.periodId && e.unitCode === r.unitCode);
      const diff = cur && prev ? diffValues(values.get(prev.id) ?? {}, values.get(cur.id) ?? {}) : null;
      // Each change named as the reporter knows it: the indicator's name and the field's label in its scheme.
      const byCode = diff?.length ? indicatorsOf(r.periodId) : null;
      const changes = diff
        ? diff.map((c) => {
            const ind = byCode?.get(c.indicator);
            return { ...c, name: ind?.name ?? '', labels: c.fields.map((f) => (ind ? fieldLabel(ind, f) : f)) };
          })
        : null;
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
        returns: returns.get(r.id) ?? [],
      };
    })
    .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
}

/** One return of a report: which version, why, when, by whom (account and its unit). */
export interface ReturnEntry {
  version: number;
  reason: string;
  at: string;
  byName: string;
  byUnit: string;
}

/** Every return of these reports, oldest first, keyed by report id. */
export function returnHistory(db: Queryable, reportIds: readonly number[]): Map<number, ReturnEntry[]> {
  const out = new Map<number, ReturnEntry[]>();
  if (!reportIds.length) return out;
  const rows = db
    .select({
      reportId: reviewActions.reportId,
      version: reviewActions.version,
      reason: reviewActions.reason,
      at: reviewActions.at,
      byName: accounts.displayName,
      byUnit: orgUnits.name,
    })
    .from(reviewActions)
    .leftJoin(accounts, eq(accounts.id, reviewActions.accountId))
    .leftJoin(orgUnits, eq(orgUnits.code, accounts.unitCode))
    .where(and(inArray(reviewActions.reportId, [...reportIds]), eq(reviewActions.action, 'return')))
    .orderBy(reviewActions.at, reviewActions.id)
    .all();
  for (const r of rows) {
    out.set(r.reportId, [...(out.get(r.reportId) ?? []), { version: r.version, reason: r.reason ?? '', at: r.at, byName: r.byName ?? '', byUnit: r.byUnit ?? '' }]);
  }
  return out;
}

/** At most this many review steps are listed under 已办 (newest first). */
export const HANDLED_LIMIT = 1000;

/**
 * 已办: the review steps (approve, accept, return, reopen) taken by accounts of this reviewer's unit —
 * the office's staff share one queue, so do a city's — newest first, on reports the reviewer may
 * still review, each with the report's current status and its whole return history.
 */
export function handledReviews(db: Queryable, units: UnitDirectory, user: SessionUser, periodCode?: string) {
  const rows = db
    .select({
      actionId: reviewActions.id,
      reportId: reviewActions.reportId,
      action: reviewActions.action,
      version: reviewActions.version,
      reason: reviewActions.reason,
      at: reviewActions.at,
      byName: accounts.displayName,
      unitCode: reports.unitCode,
      status: reports.status,
      currentVersion: reports.currentVersion,
      periodCode: periods.code,
      periodName: periods.name,
    })
    .from(reviewActions)
    .innerJoin(accounts, eq(accounts.id, reviewActions.accountId))
    .innerJoin(reports, eq(reports.id, reviewActions.reportId))
    .innerJoin(periods, eq(periods.id, reports.periodId))
    .where(and(eq(accounts.unitCode, user.unitCode), ne(reviewActions.action, 'submit'), periodCode ? eq(periods.code, periodCode) : undefined))
    .orderBy(desc(reviewActions.at), desc(reviewActions.id))
    .all()
    .filter((r) => {
      const unit = units.get(r.unitCode);
      return !!unit && canAccessUnit(user, unit, 'review');
    })
    .slice(0, HANDLED_LIMIT);
  const returns = returnHistory(db, [...new Set(rows.map((r) => r.reportId))]);
  return rows.map((r) => {
    const unit = units.get(r.unitCode)!;
    return {
      actionId: r.actionId,
      reportId: r.reportId,
      unitCode: unit.code,
      unitName: unit.name,
      unitLevel: unit.level,
      parentName: unit.parentCode ? (units.get(unit.parentCode)?.name ?? '') : '',
      periodCode: r.periodCode,
      periodName: r.periodName,
      action: r.action as Exclude<typeof r.action, 'submit'>,
      version: r.version,
      reason: r.reason,
      at: r.at,
      byName: r.byName,
      status: r.status,
      currentVersion: r.currentVersion,
      returns: returns.get(r.reportId) ?? [],
    };
  });
}
