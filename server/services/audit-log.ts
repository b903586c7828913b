import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { DB, Queryable } from '../../db/client';
import { verifyAuditChain } from '../../db/audit-chain';
import { writeAudit, type AuditActor } from './audit';
import { auditLog, indicators, schemes } from '../../db/schema';
import { AUDIT_CATEGORIES, actionsOfCategory, auditActionCategory, auditActionName, formatAuditDetails, type AuditDetail, type AuditListInput, type AuditLookup } from '../../shared/audit';
import { addDays, chinaDayStart } from '../../shared/dates';
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

/** Indicator names and their extra figures' labels by code (a later year's wins), for the details. */
function indicatorNames(db: Queryable): { names: Map<string, string>; extras: Map<string, Record<string, string>> } {
  const rows = db
    .select({ code: indicators.code, name: indicators.name, definition: indicators.definition })
    .from(indicators)
    .innerJoin(schemes, eq(schemes.id, indicators.schemeId))
    .orderBy(asc(schemes.year))
    .all();
  const extras = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const extra = (r.definition as { extra?: unknown } | null)?.extra;
    if (extra && typeof extra === 'object') extras.set(r.code, { ...extras.get(r.code), ...(extra as Record<string, string>) });
  }
  return { names: new Map(rows.map((r) => [r.code, r.name])), extras };
}

export function auditLookup(db: Queryable, units: UnitDirectory): AuditLookup {
  const { names, extras } = indicatorNames(db);
  return { unitName: (c) => units.get(c)?.name, indicatorName: (c) => names.get(c), extraLabel: (c, key) => extras.get(c)?.[key] };
}

function auditWhere(input: Omit<AuditListInput, 'page' | 'pageSize'>) {
  return and(
    input.unitCode ? eq(auditLog.unitCode, input.unitCode) : undefined,
    input.category ? inArray(auditLog.action, actionsOfCategory(input.category)) : undefined,
    input.username ? eq(auditLog.username, input.username) : undefined,
    input.from ? gte(auditLog.at, chinaDayStart(input.from)) : undefined,
    input.to ? lt(auditLog.at, chinaDayStart(addDays(input.to, 1))) : undefined,
  );
}

function toView(r: typeof auditLog.$inferSelect, units: UnitDirectory, lookup: AuditLookup): AuditRowView {
  return {
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
  };
}

/** The audit log, newest first, filtered by unit, category, account and China-date range. */
export function listAudit(db: Queryable, units: UnitDirectory, input: AuditListInput) {
  const where = auditWhere(input);
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
  return { total, page: input.page, pageSize: input.pageSize, rows: rows.map((r) => toView(r, units, lookup)) };
}

/** Every matching row (newest first, at most `max`) for the Excel export, plus the total matched. */
export function auditRowsForExport(db: Queryable, units: UnitDirectory, input: Omit<AuditListInput, 'page' | 'pageSize'>, max: number) {
  const where = auditWhere(input);
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
  const rows = db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(max).all();
  const lookup = auditLookup(db, units);
  return { total, rows: rows.map((r) => toView(r, units, lookup)) };
}

/** The filters in words, for the export's subtitle and its audit row. */
export function describeAuditFilters(input: Omit<AuditListInput, 'page' | 'pageSize'>, units: UnitDirectory): string {
  const parts = [
    input.from || input.to ? `时间：${input.from ?? '最早'} 至 ${input.to ?? '最新'}` : null,
    input.username ? `操作账号：${input.username}` : null,
    input.unitCode ? `单位：${units.get(input.unitCode)?.name ?? ''}（${input.unitCode}）` : null,
    input.category ? `操作类别：${AUDIT_CATEGORIES[input.category]}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join('；') : '全部记录';
}

/** The chain check as the auditor runs it from the browser: the result, recorded in the chain itself. */
export function checkAuditChain(db: DB, sqlite: Database.Database, actor: AuditActor, now: Date) {
  const report = verifyAuditChain(sqlite);
  const b = report.firstBroken;
  db.transaction((tx) =>
    writeAudit(tx, actor, now, {
      action: 'audit.verify',
      entity: 'audit_log',
      after: { ok: report.ok, rows: report.rows, ...(b ? { brokenId: b.id } : {}), headId: report.head?.id ?? null, headHash: report.head?.hash ?? null },
    }),
  );
  return {
    ok: report.ok,
    rows: report.rows,
    firstId: report.firstId,
    head: report.head,
    start: report.start,
    ms: Math.round(report.ms),
    firstBroken: b ? { ...b, actionName: b.action ? auditActionName(b.action) : null } : null,
  };
}
