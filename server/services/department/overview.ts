import type { Queryable } from '../../../db/client';
import { tallyByDivision, type DivisionTally } from '../../../shared/ledger';
import type { Cents } from '../../../shared/scoring';
import { readPublication } from '../publication';
import type { UnitDirectory } from '../unit-directory';
import { budgetRows } from './budgets';
import { ledgerRows } from './ledger';

/** One division's progress on the overview: its ledger task instances and its budget disclosures of the year, as of today. */
export interface DivisionProgress extends DivisionTally {
  /** Budget items whose 20-day deadline falls in the year, on or before today. */
  budgetsDue: number;
  budgetsOnTime: number;
  /** Past the deadline today and not published. */
  budgetsOverdue: number;
}

type Counts = Omit<DivisionProgress, 'code' | 'name'>;

export interface DepartmentOverview {
  year: number;
  today: string;
  divisions: DivisionProgress[];
  totals: Counts;
  /** The latest published divisions' ranking of the year (from its publication snapshot); null before publication. */
  ranking: { version: number; publishedAt: string; rows: { rank: number; code: string; name: string; S: Cents; grade: string | null }[] } | null;
}

const ZERO: Counts = { total: 0, dueSoFar: 0, done: 0, onTime: 0, overdue: 0, budgetsDue: 0, budgetsOnTime: 0, budgetsOverdue: 0 };

/**
 * The department on the overview (office and leaders): each current division's ledger and budget
 * progress of the year as of today, and the divisions' ranking if it has been published. A query of
 * its own: the overview's aggregate is not touched.
 */
export function departmentOverview(db: Queryable, units: UnitDirectory, year: number, today: string): DepartmentOverview {
  const by = new Map<string, DivisionProgress>();
  for (const u of units.all()) {
    if (u.level === 'division' && (!u.validTo || u.validTo >= `${year}-01-01`)) by.set(u.code, { code: u.code, name: u.name, ...ZERO });
  }
  const of = (code: string, name: string) => {
    let d = by.get(code);
    if (!d) by.set(code, (d = { code, name, ...ZERO }));
    return d;
  };
  for (const t of tallyByDivision(ledgerRows(db, units, { year }, today), today)) Object.assign(of(t.code, t.name), t);
  for (const b of budgetRows(db, units, { year }, today)) {
    if (b.due > today) continue;
    const d = of(b.unitCode, b.unitName);
    d.budgetsDue++;
    if (b.onTime) d.budgetsOnTime++;
    if (b.overdue) d.budgetsOverdue++;
  }
  const divisions = [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
  const totals = { ...ZERO };
  for (const d of divisions) for (const k of Object.keys(ZERO) as (keyof Counts)[]) totals[k] += d[k];
  const published = readPublication(db, year);
  const ranking =
    published && published.run.divisions.length
      ? {
          version: published.publication.version,
          publishedAt: published.publication.publishedAt,
          rows: published.run.divisions.map((r) => ({ rank: r.rank, code: r.code, name: r.name, S: r.S, grade: r.grade })),
        }
      : null;
  return { year, today, divisions, totals, ranking };
}
