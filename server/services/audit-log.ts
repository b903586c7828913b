import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { auditLog, indicators, schemes } from '../../db/schema';
import { actionsOfCategory, auditActionCategory, auditActionName, formatAuditDetails, type AuditDetail, type AuditListInput, type AuditLookup } from '../../shared/audit';
import { addDays } from '../../shared/periods';
import type { UnitDirectory } from './unit-directory';

/** One audit row as both audit pages and the export show it: in Chinese, details formatted. */
export interface AuditRowView {
  id: number;
  at: string;
  accountId: number | null;
  username: string | null;
  action: string;
  actionName: string;
  category: string | null;
  entity: string;
  entityId: string | null;
  unitCode: string | null;
  unitName: string | null;
  reportId: number | null;
  ip: string | null;
  details: AuditDetail[];
  hash: string | null;
}

/** Indicator names by code (a later year's name wins), for the details. */
function indicatorNames(db: Queryable): Map<string, string> {
  const rows = db
    .select({ code: indicators.code, name: indicators.name })
    .from(indicators)
    .innerJoin(schemes, eq(schemes.id, indicators.schemeId))
    .orderBy(asc(schemes.year))
    .all();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function auditLookup(db: Queryable, units: UnitDirectory): AuditLookup {
  const names = indicatorNames(db);
  return { unitName: (c) => units.get(c)?.name, indicatorName: (c) => names.get(c) };
}

const cst = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`)).toISOString();

/** The audit log, newest first, filtered by unit, category, account and China-date range. */
export function listAudit(db: Queryable, units: UnitDirectory, input: AuditListInput) {
  const where = and(
    input.unitCode ? eq(auditLog.unitCode, input.unitCode) : undefined,
    input.category ? inArray(auditLog.action, actionsOfCategory(input.category)) : undefined,
    input.username ? eq(auditLog.username, input.username) : undefined,
    input.from ? gte(auditLog.at, cst(input.from)) : undefined,
    input.to ? lt(auditLog.at, cst(addDays(input.to, 1))) : undefined,
  );
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const lookup = auditLookup(db, units);
  const view = rows.map(
    (r): AuditRowView => ({
      id: r.id,
      at: r.at,
      accountId: r.accountId,
      username: r.username,
      action: r.action,
      actionName: auditActionName(r.action),
      category: auditActionCategory(r.action),
      entity: r.entity,
      entityId: r.entityId,
      unitCode: r.unitCode,
      unitName: r.unitCode ? (units.get(r.unitCode)?.name ?? null) : null,
      reportId: r.reportId,
      ip: r.ip,
      details: formatAuditDetails(r, lookup),
      hash: r.hash,
    }),
  );
  return { total, page: input.page, pageSize: input.pageSize, rows: view };
}
