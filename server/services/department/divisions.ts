/**
 * The department's divisions (处室): org units at the `division` level under the province, each with
 * its duties under the plan. Adding, editing and retiring are audited in the same transaction; the
 * unit directory is reloaded after each change.
 */
import { eq } from 'drizzle-orm';
import { divisionDuties, orgUnits } from '../../../db/schema';
import type { DivisionInput } from '../../../shared/ledger';
import { Conflict, Invalid, NotFound } from '../../errors';
import { writeAudit } from '../audit';
import type { WorkflowCtx } from '../reporting';

type DivisionsCtx = Pick<WorkflowCtx, 'db' | 'units' | 'actor' | 'now'>;

/** Every division, retired ones included, with its duties. */
export function listDivisions(ctx: Pick<WorkflowCtx, 'db' | 'units'>) {
  const duties = new Map(ctx.db.select().from(divisionDuties).all().map((d) => [d.unitCode, d.duties]));
  return ctx.units
    .all()
    .filter((u) => u.level === 'division')
    .map((u) => ({ code: u.code, name: u.name, duties: duties.get(u.code) ?? '', validFrom: u.validFrom, validTo: u.validTo }));
}

/** Adds a division, or renames it / changes its duties. A name in use by another current division is refused. */
export function saveDivision(ctx: DivisionsCtx, input: DivisionInput): { code: string } {
  const existing = ctx.units.get(input.code);
  if (existing && existing.level !== 'division') throw new Conflict(`代码 ${input.code} 已被${existing.name}使用`);
  const province = ctx.units.all().find((u) => u.level === 'province');
  if (!province) throw new NotFound('尚未导入省级单位');
  const clash = ctx.units.all().find((u) => u.level === 'division' && u.name === input.name && u.code !== input.code && !u.validTo);
  if (clash) throw new Invalid(`处室名称“${input.name}”已被 ${clash.code} 使用`, [{ path: 'name', message: '处室名称重复' }]);
  ctx.db.transaction((tx) => {
    // The same fields as `after`, so the audit shows only what changed.
    const before = existing
      ? { code: existing.code, name: existing.name, duties: tx.select().from(divisionDuties).where(eq(divisionDuties.unitCode, input.code)).get()?.duties ?? null }
      : null;
    if (existing) tx.update(orgUnits).set({ name: input.name }).where(eq(orgUnits.code, input.code)).run();
    else tx.insert(orgUnits).values({ code: input.code, name: input.name, level: 'division', kind: 'division', parentCode: province.code }).run();
    tx.insert(divisionDuties).values({ unitCode: input.code, duties: input.duties }).onConflictDoUpdate({ target: divisionDuties.unitCode, set: { duties: input.duties } }).run();
    writeAudit(tx, ctx.actor, ctx.now, { action: existing ? 'division.update' : 'division.create', entity: 'org_unit', entityId: input.code, unitCode: input.code, before, after: input });
  });
  ctx.units.reload();
  return { code: input.code };
}

/** Retires a division from a day on (it keeps its history); null brings it back. */
export function retireDivision(ctx: DivisionsCtx, code: string, validTo: string | null): { code: string; validTo: string | null } {
  const unit = ctx.units.get(code);
  if (!unit || unit.level !== 'division') throw new NotFound(`处室 ${code} 不存在`);
  ctx.db.transaction((tx) => {
    tx.update(orgUnits).set({ validTo }).where(eq(orgUnits.code, code)).run();
    writeAudit(tx, ctx.actor, ctx.now, { action: 'division.retire', entity: 'org_unit', entityId: code, unitCode: code, before: { validTo: unit.validTo }, after: { validTo } });
  });
  ctx.units.reload();
  return { code, validTo };
}
