/**
 * Periods, due-date extensions and the previous accepted quarter, as read on every report write and
 * view: statements prepared once per connection (`prepared`, db/client.ts; docs/performance.md §2).
 * Rows come back as drizzle maps them (`PeriodRow`, `DueExtensionRow`).
 */
import { prepared, type Queryable } from '../client';
import type { dueExtensions, periods } from '../schema';

export type PeriodRow = typeof periods.$inferSelect;
export type DueExtensionRow = typeof dueExtensions.$inferSelect;

const PERIOD_COLUMNS = 'id, scheme_id as schemeId, code, name, opens, due, locks, annual';
const PERIOD_BY_CODE = `select ${PERIOD_COLUMNS} from periods where code = ?`;
const PERIOD_BY_ID = `select ${PERIOD_COLUMNS} from periods where id = ?`;

type RawPeriod = Omit<PeriodRow, 'annual'> & { annual: number };
const period = (r: RawPeriod | undefined): PeriodRow | undefined => (r ? { ...r, annual: r.annual !== 0 } : undefined);

export function periodByCode(db: Queryable, code: string): PeriodRow | undefined {
  return period(prepared(db, PERIOD_BY_CODE).get(code) as RawPeriod | undefined);
}

export function periodById(db: Queryable, id: number): PeriodRow | undefined {
  return period(prepared(db, PERIOD_BY_ID).get(id) as RawPeriod | undefined);
}

/** The office's extension of one unit's due date for a period, if any. */
export function dueExtension(db: Queryable, periodId: number, unitCode: string): DueExtensionRow | undefined {
  return prepared(db, 'select id, period_id as periodId, unit_code as unitCode, due, reason, account_id as accountId, at from due_extensions where period_id = ? and unit_code = ?').get(
    periodId,
    unitCode,
  ) as DueExtensionRow | undefined;
}

/**
 * The unit's latest accepted report in an earlier period of the same scheme, with the id of its
 * current version (null when that version row is missing); undefined when there is none.
 */
export function latestAcceptedBefore(db: Queryable, unitCode: string, p: Pick<PeriodRow, 'schemeId' | 'code'>): { reportId: number; versionId: number | null } | undefined {
  return prepared(
    db,
    `select r.id as reportId, v.id as versionId from reports r join periods p on p.id = r.period_id
       left join report_versions v on v.report_id = r.id and v.version = r.current_version
     where r.unit_code = ? and p.scheme_id = ? and p.code < ? and r.status = 'accepted'
     order by p.code desc limit 1`,
  ).get(unitCode, p.schemeId, p.code) as { reportId: number; versionId: number | null } | undefined;
}
