import { and, eq } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { adjustments, manualScores, orgUnits, schemes } from '../../db/schema';
import { readScheme } from '../../db/repo/schemes';
import { effectiveRule } from '../../shared/scheme';
import type { AdjustInput, ManualScoreInput } from '../../shared/reports';
import { toCents } from '../../shared/scoring';
import { Invalid, NotFound } from '../errors';
import { writeAudit, type AuditActor } from './audit';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { keepDerived } from './derived/keep';

/**
 * The office's inputs to a year's scores: ± adjustments and the reviewer's scores of `manual`
 * indicators. Points arrive as exact cents (`shared/reports.ts`); each write and its audit row
 * share one transaction.
 */

function requireScheme(db: DB, year: number): void {
  if (!db.select({ id: schemes.id }).from(schemes).where(eq(schemes.year, year)).get()) {
    throw new NotFound(`${year} 年度考核方案不存在，不能调整分数`);
  }
}

function scoredLevel(unit: OrgUnit): 'city' | 'county' {
  if (unit.level === 'city' || unit.level === 'county') return unit.level;
  throw new Invalid('省级单位不参加考核', [{ path: 'unitCode', message: '省级单位不参加考核' }]);
}

/** A year's adjustments with the units' names. */
export function listAdjustments(db: Queryable, year: number) {
  return db
    .select({ id: adjustments.id, unitCode: adjustments.unitCode, unitName: orgUnits.name, cents: adjustments.cents, reason: adjustments.reason, at: adjustments.at })
    .from(adjustments)
    .innerJoin(orgUnits, eq(orgUnits.code, adjustments.unitCode))
    .where(eq(adjustments.year, year))
    .all();
}

/** ± points on a unit's year, with a reason. */
export function addAdjustment(db: DB, units: UnitDirectory, actor: AuditActor, now: Date, unit: OrgUnit, input: AdjustInput) {
  scoredLevel(unit);
  requireScheme(db, input.year);
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const row = tx
      .insert(adjustments)
      .values({ year: input.year, unitCode: unit.code, cents: input.cents, reason: input.reason, accountId: actor.accountId, at: now.toISOString() })
      .returning()
      .get();
    writeAudit(tx, actor, now, { action: 'scores.adjust', entity: 'adjustment', entityId: row.id, unitCode: unit.code, after: row });
    keep.unit(input.year, unit.code);
    keep.finish(units);
    return row;
  });
}

/** Withdraws an adjustment; the reason is kept in the audit log. */
export function removeAdjustment(db: DB, units: UnitDirectory, actor: AuditActor, now: Date, input: { id: number; reason: string }) {
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const row = tx.select().from(adjustments).where(eq(adjustments.id, input.id)).get();
    if (!row) throw new NotFound('调整记录不存在');
    tx.delete(adjustments).where(eq(adjustments.id, row.id)).run();
    writeAudit(tx, actor, now, { action: 'scores.removeAdjustment', entity: 'adjustment', entityId: row.id, unitCode: row.unitCode, before: row, after: { reason: input.reason } });
    keep.unit(row.year, row.unitCode);
    keep.finish(units);
    return { ok: true as const };
  });
}

/** The reviewer's score for a `manual` indicator of a unit's year, 0…the indicator's points. */
export function setManualScore(db: DB, units: UnitDirectory, actor: AuditActor, now: Date, unit: OrgUnit, input: ManualScoreInput) {
  const level = unit.level === 'city' || unit.level === 'county' ? unit.level : null;
  const stored = readScheme(db, input.year);
  if (!stored) throw new NotFound(`${input.year} 年度考核方案不存在`);
  const ind = stored.scheme.indicators.find((i) => i.code === input.indicatorCode);
  const points = ind && level ? ind.points[level] : undefined;
  if (!ind || !level || points === undefined || effectiveRule(ind, level).rule !== 'manual') {
    throw new Invalid(`${input.indicatorCode} 不是${unit.name}适用的人工评分指标`, [{ path: 'indicatorCode', message: '不是人工评分指标' }]);
  }
  if (input.cents > toCents(points)) {
    throw new Invalid(`评分不能超过该指标的分值 ${points} 分`, [{ path: 'points', message: `不能超过 ${points} 分` }]);
  }
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const where = and(eq(manualScores.year, input.year), eq(manualScores.unitCode, unit.code), eq(manualScores.indicatorCode, ind.code));
    const before = tx.select().from(manualScores).where(where).get() ?? null;
    const values = { cents: input.cents, reason: input.reason, accountId: actor.accountId, at: now.toISOString() };
    const after = before
      ? tx.update(manualScores).set(values).where(eq(manualScores.id, before.id)).returning().get()
      : tx.insert(manualScores).values({ year: input.year, unitCode: unit.code, indicatorCode: ind.code, ...values }).returning().get();
    writeAudit(tx, actor, now, { action: 'scores.setManualScore', entity: 'manual_score', entityId: after.id, unitCode: unit.code, before, after });
    keep.unit(input.year, unit.code);
    keep.finish(units);
    return after;
  });
}
