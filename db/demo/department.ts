/**
 * The department's part of the demo story (as of 2019-01-25): the divisions' reports on the plan's
 * 2017–2018 ledger tasks — most on time and confirmed, some late, one returned, one awaiting
 * confirmation, two overdue and unfinished — and each division's accepted 2018 annual report.
 * Written as the server's workflows would have written them: versions, review trail, audit, notices.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../client';
import { appendAuditRows, type NewAuditRow } from '../audit-chain';
import { accounts, budgetItemActions, budgetItemVersions, budgetItems, ledgerTasks, notices, orgUnits, periods, reportVersions, reports, reviewActions, taskReportActions, taskReportVersions, taskReports } from '../schema';
import { ensureReport, writeValues } from '../repo/reports';
import { taskInstances, type TaskProgress } from '../../shared/ledger';
import { budgetDisclosureDue, type BudgetKind } from '../../shared/budget';
import type { ReportValues } from '../../shared/report-values';

type Step = { progress: TaskProgress; completedOn?: string; reportedOn: string; note?: string } & (
  | { review: 'accept'; reviewedOn: string }
  | { review: 'return'; reviewedOn: string; reason: string }
  | { review: 'none' }
);

/** `year|clause|owner|instance` → the division's report and the office's review. */
const LEDGER_STORY: Record<string, Step> = {
  '2017|一|330001|once': { progress: 'done', completedOn: '2017-10-26', reportedOn: '2017-10-27', review: 'accept', reviewedOn: '2017-10-30' },
  '2017|二|330001|once': { progress: 'done', completedOn: '2017-12-28', reportedOn: '2017-12-29', review: 'accept', reviewedOn: '2018-01-03' },
  '2017|二|330002|once': { progress: 'done', completedOn: '2018-01-19', reportedOn: '2018-01-19', note: '因省级部门清单调整延后发布', review: 'accept', reviewedOn: '2018-01-23' },
  '2017|十五|330001|2017Q3': { progress: 'done', completedOn: '2017-10-09', reportedOn: '2017-10-09', review: 'accept', reviewedOn: '2017-10-11' },
  '2017|十五|330001|2017Q4': { progress: 'done', completedOn: '2018-01-08', reportedOn: '2018-01-08', review: 'accept', reviewedOn: '2018-01-10' },
  '2018|二、十四|330001|once': { progress: 'done', completedOn: '2018-12-26', reportedOn: '2018-12-27', review: 'accept', reviewedOn: '2019-01-04' },
  '2018|二、十四|330004|once': { progress: 'done', completedOn: '2018-12-20', reportedOn: '2018-12-21', review: 'accept', reviewedOn: '2019-01-04' },
  '2018|二、十四|330005|once': { progress: 'done', completedOn: '2018-12-29', reportedOn: '2019-01-02', review: 'accept', reviewedOn: '2019-01-04' },
  '2018|二、十四|330006|once': { progress: 'done', completedOn: '2019-01-15', reportedOn: '2019-01-16', note: '宁波、温州两市目录于2019年1月补齐', review: 'none' },
  '2018|二、十四|330007|once': { progress: 'in_progress', reportedOn: '2018-12-28', note: '11 个设区市中 9 个已完成，舟山、丽水正在编制', review: 'none' },
  '2018|二、十四|330008|once': { progress: 'done', completedOn: '2018-12-18', reportedOn: '2018-12-19', review: 'accept', reviewedOn: '2019-01-04' },
  '2018|二、十四|330009|once': { progress: 'done', completedOn: '2018-12-27', reportedOn: '2018-12-28', review: 'return', reviewedOn: '2019-01-07', reason: '佐证链接无法打开，请提供目录公开页面的有效网址' },
  '2018|十四|330012|once': { progress: 'done', completedOn: '2018-11-16', reportedOn: '2018-11-19', review: 'accept', reviewedOn: '2018-11-21' },
  '2018|十五|330001|2018Q1': { progress: 'done', completedOn: '2018-04-09', reportedOn: '2018-04-09', review: 'accept', reviewedOn: '2018-04-11' },
  '2018|十五|330001|2018Q2': { progress: 'done', completedOn: '2018-07-13', reportedOn: '2018-07-13', note: '抽查结果待分管厅领导审定后发布', review: 'accept', reviewedOn: '2018-07-16' },
  '2018|十五|330001|2018Q3': { progress: 'done', completedOn: '2018-10-10', reportedOn: '2018-10-10', review: 'accept', reviewedOn: '2018-10-12' },
  '2018|十五|330001|2018Q4': { progress: 'in_progress', reportedOn: '2019-01-08', note: '抽查已完成，情况通报正在审签', review: 'none' },
  '2018|六|330005|once': { progress: 'done', completedOn: '2018-06-22', reportedOn: '2018-06-25', review: 'accept', reviewedOn: '2018-06-27' },
  '2018|十|330009|once': { progress: 'done', completedOn: '2018-07-16', reportedOn: '2018-07-17', review: 'accept', reviewedOn: '2018-07-19' },
  '2018|十一|330010|once': { progress: 'done', completedOn: '2018-03-30', reportedOn: '2018-03-30', review: 'accept', reviewedOn: '2018-04-02' },
};

/**
 * 计划财务处's budget disclosure items (十三), each due 20 days after approval: the 2018 budget on time,
 * the 2017 final accounts 11 days late, the 2018 budget adjustment awaiting the office's confirmation.
 */
const BUDGET_STORY: { kind: BudgetKind; fiscalYear: number; title: string; approvedOn: string; publishedOn: string; reportedOn: string; note?: string; reviewedOn?: string }[] = [
  { kind: 'budget', fiscalYear: 2018, title: '2018年度部门预算（含“三公”经费预算）', approvedOn: '2018-02-05', publishedOn: '2018-02-11', reportedOn: '2018-02-12', reviewedOn: '2018-02-14' },
  {
    kind: 'final',
    fiscalYear: 2017,
    title: '2017年度部门决算（含“三公”经费决算）',
    approvedOn: '2018-07-20',
    publishedOn: '2018-08-20',
    reportedOn: '2018-08-20',
    note: '决算批复后需与财政厅统一口径，延后公开',
    reviewedOn: '2018-08-23',
  },
  { kind: 'adjustment', fiscalYear: 2018, title: '2018年度部门预算调整', approvedOn: '2018-11-06', publishedOn: '2018-11-21', reportedOn: '2019-01-21' },
];

/** The divisions' 2018 annual figures (MC-01 interpretations, DV-02 training, DV-03 attributes, DV-04 guidance). */
const DIVISION_FIGURES: Record<string, [interp: [number, number], training: number, attr: [number, number], guided: boolean]> = {
  '330001': [[6, 6], 2, [148, 150], true],
  '330002': [[9, 10], 1, [61, 61], true],
  '330003': [[2, 2], 1, [40, 42], false],
  '330004': [[7, 8], 3, [55, 55], true],
  '330005': [[11, 12], 2, [70, 72], true],
  '330006': [[5, 8], 1, [38, 40], true],
  '330007': [[4, 6], 2, [44, 50], false],
  '330008': [[8, 8], 4, [90, 90], true],
  '330009': [[6, 7], 2, [52, 53], true],
  '330010': [[3, 3], 2, [25, 25], false],
  '330011': [[5, 5], 1, [33, 36], true],
  '330012': [[1, 1], 3, [20, 20], false],
  '330013': [[0, 0], 0, [12, 12], false],
};

const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const url = (code: string, day: string, n: number) => `http://www.zjjs.gov.cn/art/${day.slice(0, 4)}/${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}/art_${code}_${n}.html`;

/** Where the story's audit rows go: the demo story's journal, which writes every audit row of the demo in time order. */
export type AuditSink = (row: NewAuditRow) => void;

export function writeDepartmentStory(tx: Queryable, year: number, auditSink: AuditSink = (row) => appendAuditRows(tx, [row])): void {
  const accountRows = tx.select().from(accounts).all();
  const office = accountRows.find((a) => a.username === 'office');
  if (!office) throw new Error('演示数据：缺少 office 账号');
  const accountOf = (code: string) => accountRows.find((a) => a.unitCode === code && a.role === 'division');
  const province = tx.select().from(orgUnits).all().find((u) => u.level === 'province')!;
  const name = (code: string) => tx.select().from(orgUnits).where(eq(orgUnits.code, code)).get()?.name ?? code;
  const audit = (when: string, who: { id: number; username: string }, action: string, entityId: number, unitCode: string, after: unknown, entity = 'task_report') =>
    auditSink({ at: when, accountId: who.id, username: who.username, action, entity, entityId: String(entityId), unitCode, reportId: null, before: null, after, ip: null });

  const tasks = tx.select().from(ledgerTasks).orderBy(asc(ledgerTasks.position)).all();
  let n = 1000;
  for (const t of tasks) {
    for (const inst of taskInstances(t)) {
      for (const owner of t.owners) {
        const base = `${t.year}|${t.clause}|${owner}|${inst.instance}`;
        const step = LEDGER_STORY[base];
        if (!step) continue;
        const who = accountOf(owner);
        if (!who) continue;
        const evidenceUrl = step.progress === 'done' ? url(owner, step.completedOn!, n++) : null;
        const submittedAt = at(step.reportedOn, '15:20');
        const status = step.review === 'accept' ? 'accepted' : step.review === 'return' ? 'returned' : 'submitted';
        const reviewedAt = step.review === 'none' ? null : at(step.reviewedOn, '09:40');
        const report = tx
          .insert(taskReports)
          .values({ taskId: t.id, instance: inst.instance, unitCode: owner, status, currentVersion: 1, revision: step.review === 'none' ? 1 : 2, returnReason: step.review === 'return' ? step.reason : null, updatedAt: reviewedAt ?? submittedAt })
          .returning()
          .get();
        const values = { progress: step.progress, completedOn: step.completedOn ?? null, evidenceUrl, evidenceFile: null, note: step.note ?? null };
        tx.insert(taskReportVersions).values({ taskReportId: report.id, version: 1, ...values, submittedAt, submittedBy: who.id }).run();
        tx.insert(taskReportActions).values({ taskReportId: report.id, version: 1, action: 'submit', accountId: who.id, at: submittedAt }).run();
        audit(submittedAt, who, 'task.submit', report.id, owner, { taskId: t.id, instance: inst.instance, status: 'submitted', version: 1, ...values });
        const what = `“${t.text}”${inst.label ? `（${inst.label}）` : ''}`;
        tx.insert(notices).values({ unitCode: province.code, kind: 'submitted', title: `${name(owner)}报告了台账任务进展`, body: `${name(owner)}报告任务${what}（第 1 版），请确认。`, createdAt: submittedAt, readAt: reviewedAt }).run();
        if (step.review !== 'none') {
          const reason = step.review === 'return' ? step.reason : null;
          tx.insert(taskReportActions).values({ taskReportId: report.id, version: 1, action: step.review, reason, accountId: office.id, at: reviewedAt! }).run();
          audit(reviewedAt!, office, `task.${step.review}`, report.id, owner, { status, version: 1, reason });
          tx.insert(notices)
            .values({
              unitCode: owner,
              kind: step.review === 'accept' ? 'accepted' : 'returned',
              title: step.review === 'accept' ? '台账任务报告已确认' : '台账任务报告被退回',
              body: step.review === 'accept' ? `厅办公室确认了您处室关于任务${what}的报告（第 1 版）。` : `厅办公室退回了您处室关于任务${what}的报告（第 1 版）。理由：${reason}`,
              createdAt: reviewedAt!,
              readAt: step.review === 'accept' ? at(step.reviewedOn, '14:00') : null,
            })
            .run();
        }
      }
    }
  }

  // 计划财务处 records its budget disclosures; the office confirms them.
  const finance = accountOf('330003');
  if (finance) {
    BUDGET_STORY.forEach((b, i) => {
      const submittedAt = at(b.reportedOn, '11:05');
      const reviewedAt = b.reviewedOn ? at(b.reviewedOn, '09:30') : null;
      const status = reviewedAt ? 'accepted' : 'submitted';
      const item = tx
        .insert(budgetItems)
        .values({ unitCode: '330003', kind: b.kind, fiscalYear: b.fiscalYear, status, currentVersion: 1, revision: reviewedAt ? 2 : 1, createdAt: submittedAt, updatedAt: reviewedAt ?? submittedAt })
        .returning()
        .get();
      const values = { title: b.title, approvedOn: b.approvedOn, publishedOn: b.publishedOn, url: url('330003', b.publishedOn, 700 + i), note: b.note ?? null };
      tx.insert(budgetItemVersions).values({ itemId: item.id, version: 1, ...values, submittedAt, submittedBy: finance.id }).run();
      tx.insert(budgetItemActions).values({ itemId: item.id, version: 1, action: 'submit', accountId: finance.id, at: submittedAt }).run();
      audit(submittedAt, finance, 'budget.submit', item.id, '330003', { kind: b.kind, fiscalYear: b.fiscalYear, status: 'submitted', version: 1, ...values, dueOf: budgetDisclosureDue(b.approvedOn) }, 'budget_item');
      tx.insert(notices)
        .values({ unitCode: province.code, kind: 'submitted', title: '计划财务处登记了预算决算公开事项', body: `计划财务处登记“${b.title}”（第 1 版），请确认。`, createdAt: submittedAt, readAt: reviewedAt })
        .run();
      if (reviewedAt) {
        tx.insert(budgetItemActions).values({ itemId: item.id, version: 1, action: 'accept', accountId: office.id, at: reviewedAt }).run();
        audit(reviewedAt, office, 'budget.accept', item.id, '330003', { status: 'accepted', version: 1, reason: null }, 'budget_item');
      }
    });
  }

  // Each division's 2018 annual report, submitted before the due date and accepted by the office.
  const annual = tx
    .select()
    .from(periods)
    .all()
    .find((p) => p.annual && p.code.startsWith(String(year)));
  if (!annual) throw new Error(`演示数据：缺少${year}年度报告期次`);
  Object.entries(DIVISION_FIGURES).forEach(([code, [interp, training, attr, guided]], i) => {
    const who = accountOf(code);
    if (!who) return;
    const day = `2019-01-${String(3 + (i % 7)).padStart(2, '0')}`;
    const submittedAt = at(day, '16:10');
    const acceptedAt = at(`2019-01-${String(14 + (i % 8)).padStart(2, '0')}`, '10:30');
    const report = ensureReport(tx, code, annual.id, new Date(at(day, '09:00')), who.id);
    const values: ReportValues = {
      'MC-01': { numerator: interp[0], denominator: interp[1] },
      'DV-02': { count: training },
      'DV-03': { numerator: attr[0], denominator: attr[1] },
      'DV-04': guided ? { yes: true, evidenceUrl: url(code, '2018-12-20', 500 + i) } : { yes: false },
    };
    const version = tx.select().from(reportVersions).where(and(eq(reportVersions.reportId, report.id), eq(reportVersions.version, 1))).get()!;
    writeValues(tx, version.id, values);
    tx.update(reportVersions).set({ submittedAt, submittedBy: who.id }).where(eq(reportVersions.id, version.id)).run();
    tx.update(reports).set({ status: 'accepted', revision: 2, firstSubmittedAt: submittedAt, lastSubmittedAt: submittedAt, updatedAt: acceptedAt }).where(eq(reports.id, report.id)).run();
    tx.insert(reviewActions).values({ reportId: report.id, version: 1, action: 'submit', accountId: who.id, at: submittedAt }).run();
    tx.insert(reviewActions).values({ reportId: report.id, version: 1, action: 'accept', accountId: office.id, at: acceptedAt }).run();
    const reportAudit = (when: string, w: { id: number; username: string }, action: string, after: unknown) =>
      auditSink({ at: when, accountId: w.id, username: w.username, action, entity: 'report', entityId: String(report.id), unitCode: code, reportId: report.id, before: null, after, ip: null });
    reportAudit(submittedAt, who, 'report.submit', { status: 'submitted', version: 1, values, source: 'web' });
    reportAudit(acceptedAt, office, 'report.accept', { status: 'accepted', version: 1, reason: null });
  });
}
