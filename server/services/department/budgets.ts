import { and, asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import { accounts, budgetItemActions, budgetItemVersions, budgetItems, notices } from '../../../db/schema';
import {
  BUDGET_CLAUSE,
  BUDGET_KIND_NAMES,
  BUDGET_STATUS_NAMES,
  budgetAssessmentYear,
  budgetTiming,
  type BudgetItemInput,
  type BudgetKind,
  type BudgetStatus,
} from '../../../shared/budget';
import { formatDateTimeZh, formatDateZh, today as chinaToday } from '../../../shared/dates';
import type { DueItemsTally } from '../../../shared/scoring';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors';
import { writeAudit } from '../audit';
import { keepDerived } from '../derived/keep';
import type { WorkflowCtx } from '../reporting';
import { reviewRecord } from './review-step';
import type { UnitDirectory } from '../unit-directory';
import type { LedgerFilter } from './ledger';

/** One budget disclosure item as the division and the office see it: its current version and its deadline. */
export interface BudgetRow {
  id: number;
  unitCode: string;
  unitName: string;
  kind: BudgetKind;
  kindName: string;
  fiscalYear: number;
  /** The assessment year it counts in (the year its deadline falls in). */
  year: number;
  title: string;
  approvedOn: string;
  /** approvedOn + 20 days (预算法 第十四条). */
  due: string;
  publishedOn: string | null;
  url: string | null;
  note: string | null;
  status: BudgetStatus;
  revision: number;
  version: number;
  returnReason: string | null;
  recordedAt: string;
  daysLate: number;
  overdue: boolean;
  onTime: boolean;
}

export interface BudgetFilter {
  year?: number;
  division?: string;
}

function currentRows(db: Queryable) {
  return db
    .select({
      id: budgetItems.id,
      unitCode: budgetItems.unitCode,
      kind: budgetItems.kind,
      fiscalYear: budgetItems.fiscalYear,
      status: budgetItems.status,
      revision: budgetItems.revision,
      version: budgetItems.currentVersion,
      returnReason: budgetItems.returnReason,
      title: budgetItemVersions.title,
      approvedOn: budgetItemVersions.approvedOn,
      publishedOn: budgetItemVersions.publishedOn,
      url: budgetItemVersions.url,
      note: budgetItemVersions.note,
      recordedAt: budgetItemVersions.submittedAt,
    })
    .from(budgetItems)
    .innerJoin(budgetItemVersions, and(eq(budgetItemVersions.itemId, budgetItems.id), eq(budgetItemVersions.version, budgetItems.currentVersion)))
    .orderBy(asc(budgetItemVersions.approvedOn), asc(budgetItems.id))
    .all();
}

/** The budget disclosure register, by assessment year and division, each item against its 20-day deadline on `today`. */
export function budgetRows(db: Queryable, units: UnitDirectory, filter: BudgetFilter, today: string): BudgetRow[] {
  return currentRows(db)
    .map((r): BudgetRow => {
      const t = budgetTiming(r.approvedOn, r.publishedOn, today);
      return {
        ...r,
        unitName: units.get(r.unitCode)?.name ?? r.unitCode,
        kindName: BUDGET_KIND_NAMES[r.kind],
        year: budgetAssessmentYear(r.approvedOn),
        due: t.due,
        returnReason: r.status === 'returned' ? r.returnReason : null,
        daysLate: t.daysLate,
        overdue: t.overdue,
        onTime: t.onTime,
      };
    })
    .filter((r) => (filter.year === undefined || r.year === filter.year) && (!filter.division || r.unitCode === filter.division));
}

/**
 * The register's items as the task ledger's filters select them (the ledger's Excel export): the year
 * and division as in `budgetRows`; a clause other than 第十三条 selects none; the progress filter by
 * publication (done = published, not started = unpublished, overdue = unpublished past the deadline;
 * an item has no “in progress”).
 */
export function budgetRowsForLedger(db: Queryable, units: UnitDirectory, filter: LedgerFilter, today: string): BudgetRow[] {
  if (filter.clause && filter.clause !== BUDGET_CLAUSE) return [];
  return budgetRows(db, units, { year: filter.year, division: filter.division }, today).filter((r) => {
    switch (filter.status) {
      case undefined:
        return true;
      case 'overdue':
        return r.overdue;
      case 'done':
        return r.publishedOn !== null;
      case 'not_started':
        return r.publishedOn === null;
      case 'in_progress':
        return false;
    }
  });
}

/**
 * Each division's budget items of an assessment year that fell due by `asOf`, for the `budget` rule:
 * met = published within 20 days of approval, on or before `asOf`, and confirmed by the office.
 */
export function budgetFiguresOf(db: Queryable, year: number, asOf: string): Map<string, DueItemsTally> {
  const out = new Map<string, DueItemsTally>();
  for (const r of currentRows(db)) {
    if (budgetAssessmentYear(r.approvedOn) !== year) continue;
    const t = budgetTiming(r.approvedOn, r.publishedOn, asOf);
    if (t.due > asOf) continue;
    const published = r.publishedOn !== null && r.publishedOn <= asOf;
    const met = published && t.onTime && r.status === 'accepted';
    const why = !published
      ? r.publishedOn
        ? `${formatDateZh(r.publishedOn)}公开，晚于考核日`
        : '截至考核日未公开'
      : !t.onTime
        ? `${formatDateZh(r.publishedOn)}公开，逾期 ${t.daysLate} 天`
        : r.status !== 'accepted'
          ? `${formatDateZh(r.publishedOn)}公开，未经厅办公室确认`
          : `${formatDateZh(r.publishedOn)}公开`;
    const list = out.get(r.unitCode) ?? { items: [] };
    list.items.push({ text: `${r.fiscalYear}年${BUDGET_KIND_NAMES[r.kind]}“${r.title}”（${formatDateZh(r.approvedOn)}批复）`, due: t.due, met, why });
    out.set(r.unitCode, list);
  }
  return out;
}

/** The assessment year a version of an item counts in (by its approval date), or null when the version is missing. */
function assessedYearOf(db: Queryable, itemId: number, version: number): number | null {
  const v = db
    .select({ approvedOn: budgetItemVersions.approvedOn })
    .from(budgetItemVersions)
    .where(and(eq(budgetItemVersions.itemId, itemId), eq(budgetItemVersions.version, version)))
    .get();
  return v ? budgetAssessmentYear(v.approvedOn) : null;
}

function loadItem(db: Queryable, id: number) {
  const r = db.select().from(budgetItems).where(eq(budgetItems.id, id)).get();
  if (!r) throw new NotFound(`预算决算公开事项 ${id} 不存在`);
  return r;
}

function staleMessage(r: typeof budgetItems.$inferSelect): string {
  return `该事项已在您打开之后被修改（最后保存于 ${formatDateTimeZh(r.updatedAt)}，当前状态：${BUDGET_STATUS_NAMES[r.status]}），本次操作未执行。请刷新后再操作。`;
}

/** The province unit, where the office's notices go. */
function officeUnit(units: UnitDirectory): string | undefined {
  return units.all().find((u) => u.level === 'province')?.code;
}

/**
 * A division records a budget disclosure item, or corrects one (a new version each time; a confirmed
 * one only after the office returns it). The office is notified to confirm.
 */
export function saveBudgetItem(ctx: WorkflowCtx, input: BudgetItemInput) {
  const today = chinaToday(ctx.now);
  if (input.approvedOn > today) throw new Invalid('批复日期不能晚于今天', [{ path: 'approvedOn', message: `批复日期 ${formatDateZh(input.approvedOn)} 晚于今天` }]);
  if (input.publishedOn && input.publishedOn > today) throw new Invalid('公开日期不能晚于今天', [{ path: 'publishedOn', message: `公开日期 ${formatDateZh(input.publishedOn)} 晚于今天` }]);
  return ctx.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const unitCode = ctx.user.unitCode;
    const existing = input.id ? loadItem(tx, input.id) : null;
    const yearBefore = existing ? assessedYearOf(tx, existing.id, existing.currentVersion) : null;
    if (existing && existing.unitCode !== unitCode) throw new Forbidden(`该事项属于${ctx.units.get(existing.unitCode)?.name ?? existing.unitCode}，${ctx.user.unitName}不能修改`);
    if ((existing?.revision ?? 0) !== input.revision) throw new Conflict(existing ? staleMessage(existing) : '该事项不存在，请刷新后再操作');
    if (existing?.status === 'accepted') throw new Conflict('该事项已被厅办公室确认；如需修改，请联系厅办公室退回');
    const at = ctx.now.toISOString();
    const version = (existing?.currentVersion ?? 0) + 1;
    const item = existing
      ? tx
          .update(budgetItems)
          .set({ kind: input.kind, fiscalYear: input.fiscalYear, status: 'submitted', currentVersion: version, revision: existing.revision + 1, returnReason: null, updatedAt: at })
          .where(and(eq(budgetItems.id, existing.id), eq(budgetItems.revision, existing.revision)))
          .returning()
          .get()
      : tx
          .insert(budgetItems)
          .values({ unitCode, kind: input.kind, fiscalYear: input.fiscalYear, status: 'submitted', currentVersion: version, revision: 1, createdAt: at, updatedAt: at })
          .returning()
          .get();
    const values = { title: input.title, approvedOn: input.approvedOn, publishedOn: input.publishedOn ?? null, url: input.url || null, note: input.note || null };
    tx.insert(budgetItemVersions).values({ itemId: item.id, version, ...values, submittedAt: at, submittedBy: ctx.user.accountId }).run();
    tx.insert(budgetItemActions).values({ itemId: item.id, version, action: 'submit', accountId: ctx.user.accountId, at }).run();
    const t = budgetTiming(values.approvedOn, values.publishedOn, today);
    const office = officeUnit(ctx.units);
    if (office) {
      const state = values.publishedOn ? `${formatDateZh(values.publishedOn)}公开${t.onTime ? '' : `，逾期 ${t.daysLate} 天`}` : `尚未公开（应于${formatDateZh(t.due)}前公开）`;
      tx.insert(notices)
        .values({
          unitCode: office,
          kind: 'submitted',
          title: `${ctx.user.unitName}登记了预算决算公开事项`,
          body: `${ctx.user.unitName}登记${BUDGET_KIND_NAMES[input.kind]}“${input.title}”：${formatDateZh(values.approvedOn)}批复，${state}（第 ${version} 版），请确认。`,
          createdAt: at,
        })
        .run();
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'budget.submit',
      entity: 'budget_item',
      entityId: item.id,
      unitCode,
      before: existing ? { status: existing.status, version: existing.currentVersion } : null,
      after: { kind: input.kind, fiscalYear: input.fiscalYear, status: 'submitted', version, ...values, dueOf: t.due },
    });
    if (yearBefore !== null) keep.unit(yearBefore, unitCode);
    keep.unit(budgetAssessmentYear(values.approvedOn), unitCode);
    keep.finish(ctx.units);
    return { id: item.id, status: item.status, revision: item.revision, version, due: t.due };
  });
}

/** The office confirms (accept) or returns an item; a return needs a reason and reopens it to the division. */
export function reviewBudgetItem(ctx: WorkflowCtx, action: 'accept' | 'return', input: { id: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const r = loadItem(tx, input.id);
    const year = assessedYearOf(tx, r.id, r.currentVersion);
    const title = tx.select({ title: budgetItemVersions.title }).from(budgetItemVersions).where(and(eq(budgetItemVersions.itemId, r.id), eq(budgetItemVersions.version, r.currentVersion))).get()?.title ?? '';
    const done = reviewRecord(ctx, tx, action, r, input, {
      noun: '该事项',
      statusNames: BUDGET_STATUS_NAMES,
      stale: staleMessage(r),
      what: `${BUDGET_KIND_NAMES[r.kind]}“${title}”`,
      titles: { accept: '预算决算公开事项已确认', return: '预算决算公开事项被退回' },
      audit: { accept: 'budget.accept', return: 'budget.return', entity: 'budget_item' },
      update: (db, set) =>
        db
          .update(budgetItems)
          .set(set)
          .where(and(eq(budgetItems.id, r.id), eq(budgetItems.revision, r.revision)))
          .returning()
          .get(),
      trail: (db, row) => db.insert(budgetItemActions).values({ itemId: r.id, ...row }).run(),
    });
    if (year !== null) keep.unit(year, r.unitCode);
    keep.finish(ctx.units);
    return { id: r.id, ...done };
  });
}

/** Every version of an item and its review trail. */
export function budgetItemHistory(db: Queryable, id: number) {
  const item = loadItem(db, id);
  const versions = db
    .select({
      version: budgetItemVersions.version,
      title: budgetItemVersions.title,
      approvedOn: budgetItemVersions.approvedOn,
      publishedOn: budgetItemVersions.publishedOn,
      url: budgetItemVersions.url,
      note: budgetItemVersions.note,
      submittedAt: budgetItemVersions.submittedAt,
      submittedBy: accounts.displayName,
    })
    .from(budgetItemVersions)
    .leftJoin(accounts, eq(accounts.id, budgetItemVersions.submittedBy))
    .where(eq(budgetItemVersions.itemId, id))
    .orderBy(desc(budgetItemVersions.version))
    .all();
  const actions = db
    .select({ version: budgetItemActions.version, action: budgetItemActions.action, reason: budgetItemActions.reason, at: budgetItemActions.at, by: accounts.displayName })
    .from(budgetItemActions)
    .leftJoin(accounts, eq(accounts.id, budgetItemActions.accountId))
    .where(eq(budgetItemActions.itemId, id))
    .orderBy(asc(budgetItemActions.id))
    .all();
  return { item, versions, actions };
}

