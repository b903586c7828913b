import { prepared, type Queryable } from '../../../db/client';
import type { UnitDirectory } from '../unit-directory';
import { derivedEpoch, markSynced } from './epoch';
import { rebuildProgress, refreshProgress } from './progress';
import { rebuildStoredScores, rescoreStored, type ReportChange } from './stored-scores';

/**
 * Keeps the stored figures current from inside a write's transaction. A write service opens a
 * keeper at the start of its transaction, names what it changed, and finishes it before the
 * transaction ends:
 *
 *   const keep = keepDerived(tx);
 *   … the write …
 *   keep.unit(year, unitCode);   // or keep.period(periodId, unitCode), keep.year(year)
 *   keep.finish(units);
 *
 * `finish` rescores the touched units and their cities in every stored view of the year, updates
 * the dashboards' facts and sums, and marks the figures current. If they were not current when the
 * transaction began (an earlier write did not keep them), it leaves them for the next reader to
 * rebuild. A write that changes nothing the figures depend on (a draft) finishes with no names.
 */
export interface Keeper {
  unit(year: number, unitCode: string): void;
  period(periodId: number, unitCode: string): void;
  /** A report's status changed (from null: created): only the views it can count in are rescored. */
  report(periodId: number, unitCode: string, from: ReportChange['from'], to: ReportChange['to']): void;
  /** Everything of a year changed (its scheme or periods): its stored views are computed again. */
  year(year: number): void;
  finish(units: UnitDirectory): void;
}

export function keepDerived(tx: Queryable): Keeper {
  const start = derivedEpoch(tx);
  const current = start.epoch === start.synced;
  const touched = new Map<number, Set<string>>();
  const reports = new Map<number, ReportChange[]>();
  const whole = new Set<number>();
  const periodOf = (periodId: number) =>
    prepared(tx, 'select s.year as year, p.code as code from periods p join schemes s on s.id = p.scheme_id where p.id = ?').get(periodId) as { year: number; code: string } | undefined;
  return {
    unit(year, unitCode) {
      const set = touched.get(year) ?? new Set<string>();
      set.add(unitCode);
      touched.set(year, set);
    },
    period(periodId, unitCode) {
      const row = periodOf(periodId);
      if (row) this.unit(row.year, unitCode);
    },
    report(periodId, unitCode, from, to) {
      const row = periodOf(periodId);
      if (!row) return;
      const list = reports.get(row.year) ?? [];
      list.push({ unitCode, periodCode: row.code, from, to });
      reports.set(row.year, list);
    },
    year(year) {
      whole.add(year);
    },
    finish(units) {
      if (!current) return;
      for (const year of whole) {
        rebuildStoredScores(tx, units, year, new Date());
        rebuildProgress(tx, units, year);
      }
      for (const year of new Set([...touched.keys(), ...reports.keys()])) {
        if (whole.has(year)) continue;
        const codes = touched.get(year) ?? new Set<string>();
        const changes = reports.get(year) ?? [];
        rescoreStored(tx, units, year, codes, changes);
        if (codes.size) refreshProgress(tx, units, year, codes);
        const changed = new Set(changes.map((c) => c.unitCode).filter((c) => !codes.has(c)));
        if (changed.size) refreshProgress(tx, units, year, changed, changes.map((c) => c.periodCode).sort()[0]);
      }
      markSynced(tx);
    },
  };
}
