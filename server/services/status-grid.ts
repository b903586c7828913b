import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { periods, reports, schemes } from '../../db/schema';
import { timeliness, unitExistedIn, type TimelinessStatus } from '../../shared/periods';
import type { ReportStatus } from '../../shared/reports';
import { NotFound } from '../errors';
import { extensionsFor } from './report-context';
import { annualGrid } from './annual-reports';
import type { OrgUnit } from './unit-directory';
import { today } from '../../shared/dates';

export interface GridCell {
  periodCode: string;
  /** Not part of the grid: the unit did not exist in that period. */
  exists: boolean;
  reportId: number | null;
  reportStatus: ReportStatus | null;
  timeliness: TimelinessStatus | null;
  daysLate: number;
  deadline: string;
  submittedAt: string | null;
}

/** The unit's 政府信息公开工作年度报告 of the year (on time = published by the year's due date). */
export interface GridAnnualCell {
  reportId: number | null;
  reportStatus: ReportStatus | null;
  timeliness: TimelinessStatus;
  daysLate: number;
  publishedOn: string | null;
  /** Problems the latest submitted version has against the format's rules. */
  problems: number;
}

export interface GridRow {
  unitCode: string;
  unitName: string;
  level: OrgUnit['level'];
  parentCode: string | null;
  cells: GridCell[];
  /** null: the unit does not file an annual report that year. */
  annual: GridAnnualCell | null;
}

/**
 * Units × periods of a year with timeliness judged on the first submission time against the due
 * date (or the unit's extension). Only units that existed in a period count for it.
 */
export function statusGrid(db: Queryable, units: OrgUnit[], year: number, now: Date) {
  const scheme = db.select().from(schemes).where(eq(schemes.year, year)).get();
  if (!scheme) throw new NotFound(`${year} 年度考核方案不存在`);
  const pers = db.select().from(periods).where(eq(periods.schemeId, scheme.id)).orderBy(periods.code).all();
  const codes = new Set(units.map((u) => u.code));
  const reps = pers.length
    ? db
        .select()
        .from(reports)
        .where(inArray(reports.periodId, pers.map((p) => p.id)))
        .all()
        .filter((r) => codes.has(r.unitCode))
    : [];
  const repByKey = new Map(reps.map((r) => [`${r.unitCode}|${r.periodId}`, r]));
  const exts = extensionsFor(db, pers.map((p) => p.id));
  const extByKey = new Map(exts.map((e) => [`${e.unitCode}|${e.periodId}`, e]));
  const day = today(now);
  const annual = annualGrid(db, units, year, now);
  const annualByUnit = new Map(annual.rows.map((r) => [r.unitCode, r]));
  const annualCell = (code: string): GridAnnualCell | null => {
    const a = annualByUnit.get(code);
    return a ? { reportId: a.reportId, reportStatus: a.status, timeliness: a.timeliness, daysLate: a.daysLate, publishedOn: a.publishedOn, problems: a.problems } : null;
  };
  const rows: GridRow[] = units.map((u) => ({
    unitCode: u.code,
    unitName: u.name,
    level: u.level,
    parentCode: u.parentCode,
    cells: pers.map((p) => {
      const rep = repByKey.get(`${u.code}|${p.id}`);
      const ext = extByKey.get(`${u.code}|${p.id}`);
      const exists = unitExistedIn(u, p);
      const t = timeliness({ due: p.due, extendedDue: ext?.due, submittedAt: rep?.firstSubmittedAt, today: day });
      return {
        periodCode: p.code,
        exists,
        reportId: rep?.id ?? null,
        reportStatus: rep?.status ?? null,
        timeliness: exists ? t.status : null,
        daysLate: t.daysLate,
        deadline: t.deadline,
        submittedAt: rep?.firstSubmittedAt ?? null,
      };
    }),
    annual: annualCell(u.code),
  }));
  const summary = pers.map((p, i) => {
    const cells = rows.map((r) => r.cells[i]).filter((c) => c.exists);
    const count = (s: TimelinessStatus) => cells.filter((c) => c.timeliness === s).length;
    return {
      periodCode: p.code,
      periodName: p.name,
      due: p.due,
      expected: cells.length,
      onTime: count('on-time'),
      late: count('late'),
      missing: count('missing'),
      pending: count('pending'),
      submitted: count('on-time') + count('late'),
      accepted: cells.filter((c) => c.reportStatus === 'accepted').length,
    };
  });
  return {
    year,
    today: day,
    periods: pers.map((p) => ({ code: p.code, name: p.name, due: p.due, opens: p.opens, locks: p.locks })),
    rows,
    summary,
    /** The year's annual reports: due date and counts (the same as `annualReports.grid`). */
    annual: { due: annual.due, summary: annual.summary },
  };
}
