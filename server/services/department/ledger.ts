import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/client';
import { accounts, ledgerTasks, notices, taskReportActions, taskReportVersions, taskReports } from '../../../db/schema';
import {
  PROGRESS_NAMES,
  TASK_REPORT_STATUS_NAMES,
  metDeadline,
  overdueDays,
  taskInstances,
  type LedgerTaskDef,
  type TaskProgress,
  type TaskReportInput,
  type TaskReportStatus,
} from '../../../shared/ledger';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors';
import { writeAudit } from '../audit';
import { keepDerived } from '../derived/keep';
import type { WorkflowCtx } from '../reporting';
import { reviewRecord } from './review-step';
import type { UnitDirectory } from '../unit-directory';
import { budgetRows, type BudgetRow } from './budgets';

export type LedgerTaskRow = typeof ledgerTasks.$inferSelect;

export interface LedgerRow {
  taskId: number;
  year: number;
  clause: string;
  text: string;
  evidenceRequired: string;
  instance: string;
  instanceLabel: string;
  due: string;
  ownerCode: string;
  ownerName: string;
  /** The division's latest report on this instance, or nulls when it has not reported. */
  taskReportId: number | null;
  reportStatus: TaskReportStatus | null;
  revision: number;
  version: number | null;
  progress: TaskProgress | null;
  completedOn: string | null;
  evidenceUrl: string | null;
  evidenceFile: string | null;
  note: string | null;
  returnReason: string | null;
  reportedAt: string | null;
  /** Days past due: not done → until today; done → completion date past due. */
  overdueDays: number;
  /** Not done and past due today. */
  overdue: boolean;
  /** Done on or before the due date. */
  onTime: boolean;
}

export interface LedgerFilter {
  year: number;
  clause?: string;
  division?: string;
  status?: 'not_started' | 'in_progress' | 'done' | 'overdue';
}

/** The ledger: every task instance × owner division, with the division's latest report (any review state). */
export function ledgerRows(db: Queryable, units: UnitDirectory, filter: LedgerFilter, today: string): LedgerRow[] {
  const tasks = db.select().from(ledgerTasks).where(eq(ledgerTasks.year, filter.year)).orderBy(asc(ledgerTasks.position), asc(ledgerTasks.id)).all();
  if (!tasks.length) return [];
  const latest = db
    .select({
      id: taskReports.id,
      taskId: taskReports.taskId,
      instance: taskReports.instance,
      unitCode: taskReports.unitCode,
      status: taskReports.status,
      revision: taskReports.revision,
      version: taskReports.currentVersion,
      returnReason: taskReports.returnReason,
      progress: taskReportVersions.progress,
      completedOn: taskReportVersions.completedOn,
      evidenceUrl: taskReportVersions.evidenceUrl,
      evidenceFile: taskReportVersions.evidenceFile,
      note: taskReportVersions.note,
      submittedAt: taskReportVersions.submittedAt,
    })
    .from(taskReports)
    .innerJoin(taskReportVersions, and(eq(taskReportVersions.taskReportId, taskReports.id), eq(taskReportVersions.version, taskReports.currentVersion)))
    .where(inArray(taskReports.taskId, tasks.map((t) => t.id)))
    .all();
  const byKey = new Map(latest.map((r) => [`${r.taskId}|${r.instance}|${r.unitCode}`, r]));
  const rows: LedgerRow[] = [];
  for (const t of tasks) {
    if (filter.clause && !t.clause.split('、').includes(filter.clause) && t.clause !== filter.clause) continue;
    for (const inst of taskInstances(t)) {
      for (const owner of t.owners) {
        if (filter.division && owner !== filter.division) continue;
        const r = byKey.get(`${t.id}|${inst.instance}|${owner}`);
        const state = { progress: r?.progress ?? null, completedOn: r?.completedOn ?? null };
        const days = overdueDays(inst.due, state, today);
        const done = state.progress === 'done';
        const row: LedgerRow = {
          taskId: t.id,
          year: t.year,
          clause: t.clause,
          text: t.text,
          evidenceRequired: t.evidenceRequired,
          instance: inst.instance,
          instanceLabel: inst.label,
          due: inst.due,
          ownerCode: owner,
          ownerName: units.get(owner)?.name ?? owner,
          taskReportId: r?.id ?? null,
          reportStatus: r?.status ?? null,
          revision: r?.revision ?? 0,
          version: r?.version ?? null,
          progress: state.progress,
          completedOn: state.completedOn,
          evidenceUrl: r?.evidenceUrl ?? null,
          evidenceFile: r?.evidenceFile ?? null,
          note: r?.note ?? null,
          returnReason: r?.status === 'returned' ? r.returnReason : null,
          reportedAt: r?.submittedAt ?? null,
          overdueDays: days,
          overdue: !done && days > 0,
          onTime: metDeadline(inst.due, state),
        };
        if (filter.status === 'overdue' ? !row.overdue : filter.status && (row.progress ?? 'not_started') !== filter.status) continue;
        rows.push(row);
      }
    }
  }
  return rows;
}

/** A division's standing on its ledger tasks of a year as of a day, from **confirmed** reports only (for scoring). */
export interface LedgerFigures {
  /** Instances due on or before the assessment date. */
  due: { taskId: number; instance: string; text: string; due: string; met: boolean; why: string }[];
}

export function ledgerFiguresOf(db: Queryable, year: number, asOf: string): Map<string, LedgerFigures> {
  const tasks = db.select().from(ledgerTasks).where(eq(ledgerTasks.year, year)).orderBy(asc(ledgerTasks.position), asc(ledgerTasks.id)).all();
  const out = new Map<string, LedgerFigures>();
  if (!tasks.length) return out;
  const accepted = db
    .select({ taskId: taskReports.taskId, instance: taskReports.instance, unitCode: taskReports.unitCode, progress: taskReportVersions.progress, completedOn: taskReportVersions.completedOn })
    .from(taskReports)
    .innerJoin(taskReportVersions, and(eq(taskReportVersions.taskReportId, taskReports.id), eq(taskReportVersions.version, taskReports.currentVersion)))
    .where(and(inArray(taskReports.taskId, tasks.map((t) => t.id)), eq(taskReports.status, 'accepted')))
    .all();
  const byKey = new Map(accepted.map((r) => [`${r.taskId}|${r.instance}|${r.unitCode}`, r]));
  for (const t of tasks) {
    for (const inst of taskInstances(t)) {
      if (inst.due > asOf) continue;
      for (const owner of t.owners) {
        const r = byKey.get(`${t.id}|${inst.instance}|${owner}`);
        const done = r?.progress === 'done' && r.completedOn !== null;
        const met = Boolean(r && metDeadline(inst.due, r) && r.completedOn! <= asOf);
        const why = !r
          ? '无经确认的报告'
          : !done
            ? PROGRESS_NAMES[r.progress]
            : r.completedOn! > asOf
              ? `${formatDateZh(r.completedOn)}完成，晚于考核日`
              : met
                ? `${formatDateZh(r.completedOn)}完成`
                : `${formatDateZh(r.completedOn)}完成，逾期`;
        const list = out.get(owner) ?? { due: [] };
        list.due.push({ taskId: t.id, instance: inst.instance, text: inst.label ? `${t.text}（${inst.label}）` : t.text, due: inst.due, met, why });
        out.set(owner, list);
      }
    }
  }
  return out;
}

function loadTask(db: Queryable, id: number): LedgerTaskRow {
  const t = db.select().from(ledgerTasks).where(eq(ledgerTasks.id, id)).get();
  if (!t) throw new NotFound(`台账任务 ${id} 不存在`);
  return t;
}

function officeUnit(units: UnitDirectory): string | undefined {
  return units.all().find((u) => u.level === 'province')?.code;
}

function instanceLabel(t: LedgerTaskRow, instance: string): string {
  const inst = taskInstances(t).find((i) => i.instance === instance);
  if (!inst) throw new Invalid(`任务“${t.text}”没有期次 ${instance}`, [{ path: 'instance', message: `该任务没有期次 ${instance}` }]);
  return inst.label ? `“${t.text}”（${inst.label}）` : `“${t.text}”`;
}

function staleMessage(r: typeof taskReports.$inferSelect): string {
  return `该任务报告已在您打开之后被修改（最后保存于 ${formatDateTimeZh(r.updatedAt)}，当前状态：${TASK_REPORT_STATUS_NAMES[r.status]}），本次操作未执行。请刷新后再操作。`;
}

/** A division reports on one of its task instances: a new version every time; nothing is overwritten. */
export function submitTaskReport(ctx: WorkflowCtx, input: TaskReportInput) {
  return ctx.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const t = loadTask(tx, input.taskId);
    const unitCode = ctx.user.unitCode;
    if (!t.owners.includes(unitCode)) throw new Forbidden(`${ctx.user.unitName}不是任务“${t.text}”的责任处室`);
    const what = instanceLabel(t, input.instance);
    const existing = tx
      .select()
      .from(taskReports)
      .where(and(eq(taskReports.taskId, t.id), eq(taskReports.instance, input.instance), eq(taskReports.unitCode, unitCode)))
      .get();
    if ((existing?.revision ?? 0) !== input.revision) throw new Conflict(existing ? staleMessage(existing) : '任务报告不存在，请刷新后再操作');
    if (existing?.status === 'accepted') throw new Conflict(`任务${what}的报告已被厅办公室确认；如需修改，请联系厅办公室退回`);
    const at = ctx.now.toISOString();
    const version = (existing?.currentVersion ?? 0) + 1;
    let report: typeof taskReports.$inferSelect;
    if (existing) {
      report = tx
        .update(taskReports)
        .set({ status: 'submitted', currentVersion: version, revision: existing.revision + 1, returnReason: null, updatedAt: at })
        .where(and(eq(taskReports.id, existing.id), eq(taskReports.revision, existing.revision)))
        .returning()
        .get();
    } else {
      report = tx
        .insert(taskReports)
        .values({ taskId: t.id, instance: input.instance, unitCode, status: 'submitted', currentVersion: version, revision: 1, updatedAt: at })
        .returning()
        .get();
    }
    const values = {
      progress: input.progress,
      completedOn: input.completedOn ?? null,
      evidenceUrl: input.evidenceUrl || null,
      evidenceFile: input.evidenceFile || null,
      note: input.note || null,
    };
    tx.insert(taskReportVersions).values({ taskReportId: report.id, version, ...values, submittedAt: at, submittedBy: ctx.user.accountId }).run();
    tx.insert(taskReportActions).values({ taskReportId: report.id, version, action: 'submit', accountId: ctx.user.accountId, at }).run();
    const office = officeUnit(ctx.units);
    if (office) {
      tx.insert(notices)
        .values({
          unitCode: office,
          kind: 'submitted',
          title: `${ctx.user.unitName}报告了台账任务进展`,
          body: `${ctx.user.unitName}报告任务${what}：${PROGRESS_NAMES[input.progress]}${input.completedOn ? `，${formatDateZh(input.completedOn)}完成` : ''}（第 ${version} 版），请确认。`,
          createdAt: at,
        })
        .run();
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'task.submit',
      entity: 'task_report',
      entityId: report.id,
      unitCode,
      before: existing ? { status: existing.status, version: existing.currentVersion } : null,
      after: { taskId: t.id, instance: input.instance, status: 'submitted', version, ...values },
    });
    keep.unit(t.year, unitCode);
    keep.finish(ctx.units);
    return { taskReportId: report.id, status: report.status, revision: report.revision, version };
  });
}

/** The office confirms (accept) or returns a task report; a return needs a reason and reopens it. */
export function reviewTaskReport(ctx: WorkflowCtx, action: 'accept' | 'return', input: { taskReportId: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const r = tx.select().from(taskReports).where(eq(taskReports.id, input.taskReportId)).get();
    if (!r) throw new NotFound(`任务报告 ${input.taskReportId} 不存在`);
    const task = loadTask(tx, r.taskId);
    const what = instanceLabel(task, r.instance);
    const done = reviewRecord(ctx, tx, action, r, input, {
      noun: '任务报告',
      statusNames: TASK_REPORT_STATUS_NAMES,
      stale: staleMessage(r),
      what: `您处室关于任务${what}的报告`,
      titles: { accept: '台账任务报告已确认', return: '台账任务报告被退回' },
      audit: { accept: 'task.accept', return: 'task.return', entity: 'task_report' },
      update: (db, set) =>
        db
          .update(taskReports)
          .set(set)
          .where(and(eq(taskReports.id, r.id), eq(taskReports.revision, r.revision)))
          .returning()
          .get(),
      trail: (db, row) => db.insert(taskReportActions).values({ taskReportId: r.id, ...row }).run(),
    });
    keep.unit(task.year, r.unitCode);
    keep.finish(ctx.units);
    return { taskReportId: r.id, ...done };
  });
}

/** Every version of a task report and its review trail. */
export function taskReportHistory(db: Queryable, taskReportId: number) {
  const r = db.select().from(taskReports).where(eq(taskReports.id, taskReportId)).get();
  if (!r) throw new NotFound(`任务报告 ${taskReportId} 不存在`);
  const versions = db
    .select({
      version: taskReportVersions.version,
      progress: taskReportVersions.progress,
      completedOn: taskReportVersions.completedOn,
      evidenceUrl: taskReportVersions.evidenceUrl,
      evidenceFile: taskReportVersions.evidenceFile,
      note: taskReportVersions.note,
      submittedAt: taskReportVersions.submittedAt,
      submittedBy: accounts.displayName,
    })
    .from(taskReportVersions)
    .leftJoin(accounts, eq(accounts.id, taskReportVersions.submittedBy))
    .where(eq(taskReportVersions.taskReportId, r.id))
    .orderBy(desc(taskReportVersions.version))
    .all();
  const actions = db
    .select({ version: taskReportActions.version, action: taskReportActions.action, reason: taskReportActions.reason, at: taskReportActions.at, by: accounts.displayName })
    .from(taskReportActions)
    .leftJoin(accounts, eq(accounts.id, taskReportActions.accountId))
    .where(eq(taskReportActions.taskReportId, r.id))
    .orderBy(asc(taskReportActions.id))
    .all();
  return { report: r, versions, actions };
}

/**
 * Notices to the owners of every overdue, unfinished task instance of a year and of every budget
 * disclosure item of that year unpublished past its 20-day deadline (第十三条); one notice per division.
 */
export function remindOverdueTasks(ctx: WorkflowCtx, year: number, today: string) {
  return ctx.db.transaction((tx) => {
    const overdue = ledgerRows(tx, ctx.units, { year, status: 'overdue' }, today);
    const budgets = budgetRows(tx, ctx.units, { year }, today).filter((r) => r.overdue);
    const byOwner = new Map<string, { tasks: LedgerRow[]; budgets: BudgetRow[] }>();
    const of = (owner: string) => byOwner.get(owner) ?? byOwner.set(owner, { tasks: [], budgets: [] }).get(owner)!;
    for (const r of overdue) of(r.ownerCode).tasks.push(r);
    for (const b of budgets) of(b.unitCode).budgets.push(b);
    const at = ctx.now.toISOString();
    for (const [owner, due] of byOwner) {
      const what = [due.tasks.length ? `${due.tasks.length} 项台账任务` : '', due.budgets.length ? `${due.budgets.length} 项预算决算公开事项` : ''].filter(Boolean).join('、');
      const parts = [
        due.tasks.length ? `请尽快推进并报告：${due.tasks.map((r) => `“${r.text}”${r.instanceLabel ? `（${r.instanceLabel}）` : ''}应于${formatDateZh(r.due)}完成，已逾期 ${r.overdueDays} 天`).join('；')}。` : '',
        due.budgets.length
          ? `请尽快公开并登记公开日期和网址：${due.budgets.map((b) => `${b.kindName}“${b.title}”（${formatDateZh(b.approvedOn)}批复）应于${formatDateZh(b.due)}前公开，已逾期 ${b.daysLate} 天`).join('；')}。`
          : '',
      ];
      tx.insert(notices)
        .values({ unitCode: owner, kind: 'reminder', title: `${what}已逾期`, body: parts.filter(Boolean).join(''), createdAt: at })
        .run();
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: 'task.remind',
      entity: 'ledger',
      entityId: year,
      after: { year, today, divisions: [...byOwner.keys()], tasks: overdue.length, budgets: budgets.length },
    });
    return { divisions: byOwner.size, tasks: overdue.length, budgets: budgets.length };
  });
}

/** The office adds a task to a year's ledger or changes one; owners must be divisions. */
export function saveLedgerTask(ctx: WorkflowCtx, input: LedgerTaskDef & { year: number; id?: number }) {
  for (const [i, code] of input.owners.entries()) {
    if (ctx.units.get(code)?.level !== 'division') throw new Invalid(`责任处室 ${code} 不存在`, [{ path: `owners.${i}`, message: `处室 ${code} 不存在` }]);
  }
  return ctx.db.transaction((tx) => {
    // The owners' ledger scores change (before and after the edit), in the stored figures too.
    const keep = keepDerived(tx);
    const at = ctx.now.toISOString();
    const values = {
      year: input.year,
      clause: input.clause,
      text: input.text,
      owners: [...new Set(input.owners)],
      recurrence: input.recurrence,
      due: input.recurrence === 'once' ? (input.due ?? null) : null,
      quarterDueDays: input.recurrence === 'quarterly' ? (input.quarterDueDays ?? null) : null,
      firstQuarter: input.recurrence === 'quarterly' ? (input.firstQuarter ?? 1) : null,
      evidenceRequired: input.evidenceRequired,
      updatedAt: at,
    };
    if (input.id) {
      const old = loadTask(tx, input.id);
      // The same fields on both sides, so the audit shows only what changed.
      const before = Object.fromEntries(Object.keys(values).map((k) => [k, old[k as keyof typeof old]]));
      tx.update(ledgerTasks).set(values).where(eq(ledgerTasks.id, input.id)).run();
      writeAudit(tx, ctx.actor, ctx.now, { action: 'task.update', entity: 'ledger_task', entityId: input.id, before, after: values });
      for (const o of old.owners) keep.unit(old.year, o);
      for (const o of values.owners) keep.unit(values.year, o);
      keep.finish(ctx.units);
      return { id: input.id };
    }
    const position = (tx.select({ p: ledgerTasks.position }).from(ledgerTasks).where(eq(ledgerTasks.year, input.year)).orderBy(desc(ledgerTasks.position)).get()?.p ?? 0) + 1;
    const row = tx.insert(ledgerTasks).values({ ...values, position, createdAt: at }).returning().get();
    writeAudit(tx, ctx.actor, ctx.now, { action: 'task.create', entity: 'ledger_task', entityId: row.id, after: values });
    for (const o of values.owners) keep.unit(values.year, o);
    keep.finish(ctx.units);
    return { id: row.id };
  });
}
