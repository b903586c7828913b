import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import type { UnitDirectory } from '../unit-directory';
import { derivedEpoch, markSynced } from './epoch';
import { rebuildProgress, refreshProgress } from './progress';
import { rebuildStoredScores, rescoreStored } from './stored-scores';

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
  /** Everything of a year changed (its scheme or periods): its stored views are computed again. */
  year(year: number): void;
  finish(units: UnitDirectory): void;
}

export function keepDerived(tx: Queryable): Keeper {
  const start = derivedEpoch(tx);
  const current = start.epoch === start.synced;
  const touched = new Map<number, Set<string>>();
  const whole = new Set<number>();
  return {
    unit(year, unitCode) {
      const set = touched.get(year) ?? new Set<string>();
      set.add(unitCode);
      touched.set(year, set);
    },
    period(periodId, unitCode) {
      const row = tx.get<{ year: number }>(sql`select s.year from periods p join schemes s on s.id = p.scheme_id where p.id = ${periodId}`);
      if (row) this.unit(row.year, unitCode);
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
      for (const [year, codes] of touched) {
        if (whole.has(year)) continue;
        rescoreStored(tx, units, year, codes);
        refreshProgress(tx, units, year, codes);
      }
      markSynced(tx);
    },
  };
}
