import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, annualReportVersions, annualReportYears, annualReports, annualReviewActions, notices, type AnnualReportRow } from '../../db/schema';
import { annualFormat, DEFAULT_ANNUAL_FORMAT_ID, defaultAnnualDue, formatCells, type AnnualFormat } from '../../shared/annual-report/format';
import { AnnualReportData, annualFigures, checkAnnualReport, disclosureRate, emptyAnnualData, sumAnnualCells, type AnnualCheckResult, type AnnualProblem } from '../../shared/annual-report/check';
import { timeliness, unitExistedIn, type Timeliness } from '../../shared/periods';
import { formatDateTimeZh, formatDateZh, today } from '../../shared/dates';
import { REPORT_STATUS_NAMES, type ReportStatus } from '../../shared/reports';
import { canAccessUnit, mayReport, reviewableFrom, type ReviewAction } from '../access';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { writeAudit } from './audit';
import type { WorkflowCtx } from './reporting';
import type { OrgUnit, UnitDirectory } from './unit-directory';

/**
 * The statutory 政府信息公开工作年度报告 as a second kind of report: one per unit and year, in the
 * format its year names, with the same workflow as progress reports (draft → submitted → city
 * approval for counties → office acceptance; return with a reason starts a new version; the office
 * reopens with a reason), every version kept, every write audited in its transaction.
 * Timeliness: on time = published on or before the year's due date (31 January by default).
 */

export type AnnualYearRow = typeof annualReportYears.$inferSelect;

/** The settings of a reporting year, created with the default format and due date on first use. */
export function ensureAnnualYear(db: Queryable, year: number, now: Date): AnnualYearRow {
  const found = db.select().from(annualReportYears).where(eq(annualReportYears.year, year)).get();
  if (found) return found;
  const format = annualFormat(DEFAULT_ANNUAL_FORMAT_ID);
  return db
    .insert(annualReportYears)
    .values({ year, formatId: format.id, due: defaultAnnualDue(format, year), updatedAt: now.toISOString() })
    .returning()
    .get();
}

export function annualYearSettings(db: Queryable, year: number): { year: number; formatId: string; due: string } {
  const found = db.select().from(annualReportYears).where(eq(annualReportYears.year, year)).get();
  if (found) return found;
  const format = annualFormat(DEFAULT_ANNUAL_FORMAT_ID);
  return { year, formatId: format.id, due: defaultAnnualDue(format, year) };
}

export function findAnnualReport(db: Queryable, unitCode: string, year: number): AnnualReportRow | undefined {
  return db.select().from(annualReports).where(and(eq(annualReports.unitCode, unitCode), eq(annualReports.year, year))).get();
}

export function loadAnnualReportById(db: Queryable, id: number): AnnualReportRow {
  const r = db.select().from(annualReports).where(eq(annualReports.id, id)).get();
  if (!r) throw new NotFound(`年度报告 ${id} 不存在`);
  return r;
}

function versionOf(db: Queryable, reportId: number, version: number) {
  return db
    .select()
    .from(annualReportVersions)
    .where(and(eq(annualReportVersions.reportId, reportId), eq(annualReportVersions.version, version)))
    .get();
}

function dataOf(raw: unknown): AnnualReportData {
  const parsed = AnnualReportData.safeParse(raw);
  return parsed.success ? parsed.data : emptyAnnualData();
}

/** The data of the version a reviewer or the public sees: the current one once submitted, else the last submitted one. */
export function latestSubmittedData(db: Queryable, report: AnnualReportRow): { version: number; data: AnnualReportData } | null {
  const row = db
    .select()
    .from(annualReportVersions)
    .where(and(eq(annualReportVersions.reportId, report.id), isNotNull(annualReportVersions.submittedAt)))
    .orderBy(desc(annualReportVersions.version))
    .get();
  return row ? { version: row.version, data: dataOf(row.data) } : null;
}

/** Last year's accepted report of the unit (for the year-over-year warning), or null. */
export function previousAcceptedAnnual(db: Queryable, unitCode: string, year: number): { year: number; data: AnnualReportData } | null {
  const prev = findAnnualReport(db, unitCode, year - 1);
  if (!prev || prev.status !== 'accepted') return null;
  const v = versionOf(db, prev.id, prev.currentVersion);
  return v ? { year: year - 1, data: dataOf(v.data) } : null;
}

/** On time = published on or before the due date; a report not yet submitted is pending or missing. */
export function annualTimeliness(due: string, report: AnnualReportRow | undefined, publishedOn: string | null, day: string): Timeliness {
  if (report?.firstSubmittedAt && publishedOn) return timeliness({ due, submittedAt: publishedOn, today: day });
  return timeliness({ due, submittedAt: null, today: day });
}

function editBlock(report: AnnualReportRow | undefined): string | null {
  if (!report || report.status === 'draft' || report.status === 'returned') return null;
  return `年度报告${REPORT_STATUS_NAMES[report.status]}，不能修改${report.status === 'accepted' ? '（如需更正，请联系厅办公室重新开放）' : '（如需更正，请联系审核单位退回）'}`;
}

function checkRevision(report: AnnualReportRow, revision: number): void {
  if (report.revision !== revision) {
    throw new Conflict(
      `该年度报告已在您打开之后被修改（最后保存于 ${formatDateTimeZh(report.updatedAt)}，当前状态：${REPORT_STATUS_NAMES[report.status]}），为避免覆盖他人的修改，本次操作未执行。请刷新页面查看最新内容后再操作。`,
    );
  }
}

export function problemsToInvalid(message: string, problems: AnnualProblem[]): Invalid {
  return new Invalid(
    message,
    problems.map((p) => ({ path: `data.${p.cell}`, message: p.message })),
  );
}

/** Fields a unit reports in the web form; `data` is validated for shape by zod, then by the checker. */
export interface AnnualSaveInput {
  unitCode: string;
  year: number;
  revision: number;
  data: AnnualReportData;
}

function bump(db: Queryable, report: AnnualReportRow, set: Partial<typeof annualReports.$inferInsert>, now: Date): AnnualReportRow {
  return db
    .update(annualReports)
    .set({ ...set, revision: report.revision + 1, updatedAt: now.toISOString() })
    .where(and(eq(annualReports.id, report.id), eq(annualReports.revision, report.revision)))
    .returning()
    .get();
}

function notify(db: Queryable, unitCode: string, kind: typeof notices.$inferInsert.kind, title: string, body: string, now: Date) {
  db.insert(notices).values({ unitCode, kind, title, body, reportId: null, createdAt: now.toISOString() }).run();
}

export function checkFor(db: Queryable, unitCode: string, year: number, data: AnnualReportData, mode: 'draft' | 'submit', now: Date): AnnualCheckResult {
  const settings = annualYearSettings(db, year);
  return checkAnnualReport({
    format: annualFormat(settings.formatId),
    year,
    data,
    mode,
    today: today(now),
    previous: previousAcceptedAnnual(db, unitCode, year),
  });
}

/**
 * Saves the unit's annual report as a draft, or saves and submits it (the version is frozen from
 * then on). A rejected request changes nothing; a stale revision is a conflict.
 */
export function saveAnnualReport(ctx: WorkflowCtx, input: AnnualSaveInput, mode: 'draft' | 'submit', source: 'web' | 'excel' = 'web') {
  return ctx.db.transaction((tx) => {
    const unit = ctx.units.get(input.unitCode);
    if (!unit) throw new NotFound(`单位 ${input.unitCode} 不存在`);
    if (unit.level === 'province' || !mayReport(ctx.user, unit)) throw new Forbidden(`无权填报或修改${unit.name}的年度报告`);
    const settings = ensureAnnualYear(tx, input.year, ctx.now);
    let report = findAnnualReport(tx, unit.code, input.year);
    const block = editBlock(report);
    if (block) throw new Forbidden(block);
    if (report) checkRevision(report, input.revision);
    else if (input.revision !== 0) throw new Conflict('该年度报告尚未创建，请刷新页面后再操作');
    const result = checkFor(tx, unit.code, input.year, input.data, mode, ctx.now);
    if (result.errors.length) {
      throw problemsToInvalid(
        mode === 'submit' ? `年度报告有 ${result.errors.length} 处问题，请修改后再报送` : `有 ${result.errors.length} 处填写有误，草稿未保存`,
        result.errors,
      );
    }
    const at = ctx.now.toISOString();
    if (!report) {
      report = tx
        .insert(annualReports)
        .values({ unitCode: unit.code, year: input.year, status: 'draft', currentVersion: 1, revision: 0, updatedAt: at })
        .returning()
        .get();
      tx.insert(annualReportVersions)
        .values({ reportId: report.id, version: 1, data: emptyAnnualData(), createdAt: at, createdBy: ctx.user.accountId })
        .run();
    }
    const version = versionOf(tx, report.id, report.currentVersion)!;
    const before = dataOf(version.data);
    const data = normalise(input.data);
    tx.update(annualReportVersions)
      .set({ data, source, ...(mode === 'submit' ? { submittedAt: at, submittedBy: ctx.user.accountId } : {}) })
      .where(eq(annualReportVersions.id, version.id))
      .run();
    const updated = bump(
      tx,
      report,
      mode === 'submit' ? { status: 'submitted', returnReason: null, firstSubmittedAt: report.firstSubmittedAt ?? at, lastSubmittedAt: at } : {},
      ctx.now,
    );
    if (mode === 'submit') {
      tx.insert(annualReviewActions).values({ reportId: report.id, version: report.currentVersion, action: 'submit', accountId: ctx.user.accountId, at }).run();
      const reviewer = unit.level === 'county' ? unit.parentCode : ctx.units.all().find((u) => u.level === 'province')?.code;
      if (reviewer) {
        notify(tx, reviewer, 'submitted', `${unit.name}报送了${input.year}年度政府信息公开工作年度报告`, `${unit.name}报送了${input.year}年度政府信息公开工作年度报告（第 ${report.currentVersion} 版），请审核。`, ctx.now);
      }
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: mode === 'submit' ? 'annualReport.submit' : 'annualReport.saveDraft',
      entity: 'annual_report',
      entityId: report.id,
      unitCode: unit.code,
      before: { status: report.status, version: report.currentVersion, data: before },
      after: { status: updated.status, version: report.currentVersion, data, source, dueOf: settings.due },
    });
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion, warnings: result.warnings };
  });
}

/** Blank text is stored as absent, URLs trimmed: what is stored is what the checker saw, minus noise. */
function normalise(d: AnnualReportData): AnnualReportData {
  const cells: AnnualReportData['cells'] = {};
  for (const [k, v] of Object.entries(d.cells)) if (v !== null) cells[k] = v;
  const texts: AnnualReportData['texts'] = {};
  for (const [k, v] of Object.entries(d.texts)) if (v.trim()) texts[k] = v;
  return { cells, texts, publishedUrl: d.publishedUrl?.trim() || null, publishedOn: d.publishedOn || null };
}

const ACTION_NAMES: Record<ReviewAction, string> = { approve: '审核通过', accept: '采纳', return: '退回', reopen: '重新开放' };

export function reviewAnnualReport(ctx: WorkflowCtx, action: ReviewAction, input: { reportId: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    const report = loadAnnualReportById(tx, input.reportId);
    const unit = ctx.units.get(report.unitCode)!;
    if (!canAccessUnit(ctx.user, unit, 'review')) throw new Forbidden(`无权审核${unit.name}的年度报告`);
    const from = reviewableFrom(action, ctx.user, unit);
    if (from.length === 0) {
      throw new Forbidden(
        action === 'accept' || action === 'reopen'
          ? `只有厅办公室可以${ACTION_NAMES[action]}年度报告`
          : action === 'approve'
            ? '只有所属设区市住建局可以审核通过县(市、区)的年度报告'
            : `无权${ACTION_NAMES[action]}该年度报告`,
      );
    }
    checkRevision(report, input.revision);
    if (!from.includes(report.status)) throw new Conflict(`年度报告当前状态为“${REPORT_STATUS_NAMES[report.status]}”，不能${ACTION_NAMES[action]}`);
    const at = ctx.now.toISOString();
    let set: Partial<typeof annualReports.$inferInsert>;
    let status: ReportStatus;
    if (action === 'approve' || action === 'accept') {
      status = action === 'approve' ? 'approved' : 'accepted';
      set = { status };
    } else {
      status = 'returned';
      const cur = versionOf(tx, report.id, report.currentVersion)!;
      const next = report.currentVersion + 1;
      tx.insert(annualReportVersions).values({ reportId: report.id, version: next, data: cur.data, createdAt: at, createdBy: ctx.user.accountId }).run();
      set = { status, currentVersion: next, returnReason: input.reason ?? null };
    }
    const updated = bump(tx, report, set, ctx.now);
    tx.insert(annualReviewActions)
      .values({ reportId: report.id, version: report.currentVersion, action, reason: input.reason ?? null, accountId: ctx.user.accountId, at })
      .run();
    const label = `${report.year}年度政府信息公开工作年度报告`;
    const verb = { approve: '审核通过了', accept: '采纳了', return: '退回了', reopen: '重新开放了' }[action];
    const kind = ({ approve: 'approved', accept: 'accepted', return: 'returned', reopen: 'reopened' } as const)[action];
    const title = { approve: `${label}已通过市级审核`, accept: `${label}已被厅办公室采纳`, return: `${label}被退回`, reopen: `${label}被重新开放` }[action];
    notify(tx, unit.code, kind, title, `${ctx.user.displayName}${verb}您单位的${label}（第 ${report.currentVersion} 版）。${input.reason ? `理由：${input.reason}` : ''}`, ctx.now);
    writeAudit(tx, ctx.actor, ctx.now, {
      action: `annualReport.${action}`,
      entity: 'annual_report',
      entityId: report.id,
      unitCode: unit.code,
      before: { status: report.status, version: report.currentVersion },
      after: { status, version: updated.currentVersion, reason: input.reason ?? null },
    });
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion };
  });
}

/** The form of one unit × year: format, current data, status, due date, timeliness, history. */
export function annualReportView(db: Queryable, unit: OrgUnit, year: number, now: Date, mayWrite: boolean) {
  const settings = annualYearSettings(db, year);
  const format = annualFormat(settings.formatId);
  const report = findAnnualReport(db, unit.code, year);
  const current = report ? versionOf(db, report.id, report.currentVersion) : undefined;
  const data = current ? dataOf(current.data) : emptyAnnualData();
  const submitted = report ? latestSubmittedData(db, report) : null;
  const day = today(now);
  const history = report
    ? db
        .select({ action: annualReviewActions.action, version: annualReviewActions.version, reason: annualReviewActions.reason, at: annualReviewActions.at, by: accounts.displayName })
        .from(annualReviewActions)
        .leftJoin(accounts, eq(accounts.id, annualReviewActions.accountId))
        .where(eq(annualReviewActions.reportId, report.id))
        .orderBy(asc(annualReviewActions.id))
        .all()
    : [];
  const block = !mayWrite ? '只读：仅本单位账号可以填报' : unit.level === 'province' ? '省级单位不填报' : editBlock(report);
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level, parentCode: unit.parentCode },
    year,
    due: settings.due,
    formatId: format.id,
    report: report
      ? { id: report.id, status: report.status, revision: report.revision, version: report.currentVersion, returnReason: report.returnReason, firstSubmittedAt: report.firstSubmittedAt }
      : null,
    data,
    timeliness: annualTimeliness(settings.due, report, submitted?.data.publishedOn ?? null, day),
    previous: previousAcceptedAnnual(db, unit.code, year),
    history,
    editBlock: block,
    today: day,
  };
}

export function annualVersions(db: Queryable, reportId: number) {
  return db
    .select({
      version: annualReportVersions.version,
      createdAt: annualReportVersions.createdAt,
      submittedAt: annualReportVersions.submittedAt,
      submittedBy: accounts.displayName,
      source: annualReportVersions.source,
    })
    .from(annualReportVersions)
    .leftJoin(accounts, eq(accounts.id, annualReportVersions.submittedBy))
    .where(eq(annualReportVersions.reportId, reportId))
    .orderBy(asc(annualReportVersions.version))
    .all();
}

export interface AnnualChange {
  cell: string;
  label: string;
  before: number | string | null;
  after: number | string | null;
}

/** What changed between two versions, cell by cell and text by text, named as the format names them. */
export function diffAnnual(format: AnnualFormat, before: AnnualReportData, after: AnnualReportData): AnnualChange[] {
  const out: AnnualChange[] = [];
  for (const c of formatCells(format)) {
    const a = before.cells[c.key] ?? null;
    const b = after.cells[c.key] ?? null;
    if (a !== b) out.push({ cell: c.key, label: `表${c.table.number}“${[...(c.row.group ?? []), c.row.label].join(' ')}”行“${[...(c.column.group ?? []), c.column.label].join('—')}”列`, before: a, after: b });
  }
  for (const t of format.texts) {
    const a = before.texts[t.key] ?? null;
    const b = after.texts[t.key] ?? null;
    if (a !== b) out.push({ cell: `texts.${t.key}`, label: t.title, before: a, after: b });
  }
  if ((before.publishedUrl ?? null) !== (after.publishedUrl ?? null)) out.push({ cell: 'publishedUrl', label: '公开网址', before: before.publishedUrl, after: after.publishedUrl });
  if ((before.publishedOn ?? null) !== (after.publishedOn ?? null)) out.push({ cell: 'publishedOn', label: '公开日期', before: before.publishedOn, after: after.publishedOn });
  return out;
}

export function compareAnnual(db: Queryable, report: AnnualReportRow, version: number) {
  const cur = versionOf(db, report.id, version);
  if (!cur) throw new NotFound(`第 ${version} 版不存在`);
  const prev = version > 1 ? versionOf(db, report.id, version - 1) : undefined;
  const format = annualFormat(annualYearSettings(db, report.year).formatId);
  const current = dataOf(cur.data);
  const previous = prev ? dataOf(prev.data) : emptyAnnualData();
  return { version, previousVersion: prev ? prev.version : null, current, previous, changes: prev ? diffAnnual(format, previous, current) : [] };
}

export interface AnnualGridRow {
  unitCode: string;
  unitName: string;
  level: OrgUnit['level'];
  parentCode: string | null;
  reportId: number | null;
  revision: number | null;
  status: ReportStatus | null;
  timeliness: Timeliness['status'];
  daysLate: number;
  publishedOn: string | null;
  submittedAt: string | null;
  /** The latest submitted version breaks a consistency rule (possible for reports submitted before a rule existed, or imported). */
  problems: number;
}

/** Every unit in scope with its annual report's status and timeliness for the year. */
export function annualGrid(db: Queryable, units: OrgUnit[], year: number, now: Date) {
  const settings = annualYearSettings(db, year);
  const format = annualFormat(settings.formatId);
  const day = today(now);
  const due = settings.due;
  const inYear = units.filter((u) => u.level !== 'province' && unitExistedIn(u, { due: `${year}-12-31` }));
  const reps = inYear.length ? db.select().from(annualReports).where(eq(annualReports.year, year)).all() : [];
  const byUnit = new Map(reps.map((r) => [r.unitCode, r]));
  const submittedVersions = reps.length
    ? db
        .select()
        .from(annualReportVersions)
        .where(and(inArray(annualReportVersions.reportId, reps.map((r) => r.id)), isNotNull(annualReportVersions.submittedAt)))
        .all()
    : [];
  const latest = new Map<number, { version: number; data: AnnualReportData }>();
  for (const v of submittedVersions) {
    const had = latest.get(v.reportId);
    if (!had || had.version < v.version) latest.set(v.reportId, { version: v.version, data: dataOf(v.data) });
  }
  const rows: AnnualGridRow[] = inYear.map((u) => {
    const r = byUnit.get(u.code);
    const sub = r ? latest.get(r.id) : undefined;
    const t = annualTimeliness(due, r, sub?.data.publishedOn ?? null, day);
    const problems = sub ? checkAnnualReport({ format, year, data: sub.data, mode: 'submit', today: day }).errors.length : 0;
    return {
      unitCode: u.code,
      unitName: u.name,
      level: u.level,
      parentCode: u.parentCode,
      reportId: r?.id ?? null,
      revision: r?.revision ?? null,
      status: r?.status ?? null,
      timeliness: t.status,
      daysLate: t.daysLate,
      publishedOn: sub?.data.publishedOn ?? null,
      submittedAt: r?.firstSubmittedAt ?? null,
      problems,
    };
  });
  const count = (s: Timeliness['status']) => rows.filter((r) => r.timeliness === s).length;
  return {
    year,
    due,
    formatId: format.id,
    today: day,
    rows,
    summary: {
      expected: rows.length,
      onTime: count('on-time'),
      late: count('late'),
      missing: count('missing'),
      pending: count('pending'),
      accepted: rows.filter((r) => r.status === 'accepted').length,
    },
  };
}

/** The office changes a year's due date. Timeliness is recomputed from it everywhere. */
export function setAnnualDue(ctx: WorkflowCtx, year: number, due: string) {
  if (due <= `${year}-12-31`) throw new Invalid(`${year}年度报告的截止日期应在${formatDateZh(`${year + 1}-01-01`)}或之后`, [{ path: 'due', message: `应在${year + 1}年内` }]);
  return ctx.db.transaction((tx) => {
    const before = ensureAnnualYear(tx, year, ctx.now);
    const after = tx.update(annualReportYears).set({ due, updatedAt: ctx.now.toISOString() }).where(eq(annualReportYears.year, year)).returning().get();
    writeAudit(tx, ctx.actor, ctx.now, { action: 'annualReport.setDue', entity: 'annual_report_year', entityId: year, before, after });
    return after;
  });
}

/** Notices to exactly the units that have not submitted the year's report. */
export function remindAnnual(ctx: WorkflowCtx, units: UnitDirectory, year: number) {
  const settings = annualYearSettings(ctx.db, year);
  const submitted = new Set(
    ctx.db
      .select({ unitCode: annualReports.unitCode })
      .from(annualReports)
      .where(and(eq(annualReports.year, year), isNotNull(annualReports.firstSubmittedAt)))
      .all()
      .map((r) => r.unitCode),
  );
  const targets = units.all().filter((u) => u.level !== 'province' && unitExistedIn(u, { due: `${year}-12-31` }) && !submitted.has(u.code));
  ctx.db.transaction((tx) => {
    for (const u of targets) {
      notify(
        tx,
        u.code,
        'reminder',
        `请尽快公开并报送${year}年度政府信息公开工作年度报告`,
        `${year}年度政府信息公开工作年度报告应于${formatDateZh(settings.due)}前在本单位网站公开，您单位尚未报送，请尽快填报并报送。`,
        ctx.now,
      );
    }
    writeAudit(tx, ctx.actor, ctx.now, { action: 'annualReport.remind', entity: 'annual_report_year', entityId: year, after: { units: targets.map((u) => u.code) } });
  });
  return { count: targets.length, units: targets.map((u) => ({ code: u.code, name: u.name })) };
}


export interface AnnualTotals {
  cells: Record<string, number>;
  figures: Record<string, number>;
  disclosure: { numerator: number; denominator: number; percent: number | null };
  accepted: number;
  expected: number;
}

/**
 * The office's summary of a year: province and per-city totals over **accepted** reports (a city's
 * total = its own report + its counties'), the disclosure rate, and the units missing, late or whose
 * latest submitted report breaks a rule.
 */
export function annualSummary(db: Queryable, units: UnitDirectory, year: number, now: Date) {
  const grid = annualGrid(db, units.all(), year, now);
  const format = annualFormat(grid.formatId);
  const acceptedRows = db.select().from(annualReports).where(and(eq(annualReports.year, year), eq(annualReports.status, 'accepted'))).all();
  const versions = acceptedRows.length
    ? db.select().from(annualReportVersions).where(inArray(annualReportVersions.reportId, acceptedRows.map((r) => r.id))).all()
    : [];
  const dataByUnit = new Map<string, AnnualReportData>();
  for (const r of acceptedRows) {
    const v = versions.find((x) => x.reportId === r.id && x.version === r.currentVersion);
    if (v) dataByUnit.set(r.unitCode, dataOf(v.data));
  }
  const totals = (codes: string[]): AnnualTotals => {
    const datas = codes.map((c) => dataByUnit.get(c)).filter((d): d is AnnualReportData => !!d);
    const cells = sumAnnualCells(format, datas.map((d) => d.cells));
    return { cells, figures: annualFigures(format, cells), disclosure: disclosureRate(format, cells), accepted: datas.length, expected: codes.length };
  };
  const inScope = grid.rows.map((r) => r.unitCode);
  const cities = units
    .all()
    .filter((u) => u.level === 'city')
    .map((c) => ({ code: c.code, name: c.name, ...totals(inScope.filter((code) => code === c.code || units.get(code)?.parentCode === c.code)) }));
  const name = (code: string | null) => (code ? units.get(code)?.name ?? code : '');
  const brief = (r: AnnualGridRow) => ({ code: r.unitCode, name: r.unitName, city: r.level === 'county' ? name(r.parentCode) : r.unitName });
  return {
    year,
    due: grid.due,
    formatId: format.id,
    province: totals(inScope),
    cities,
    missing: grid.rows.filter((r) => r.timeliness === 'missing' || r.timeliness === 'pending').map((r) => ({ ...brief(r), overdueDays: r.daysLate })),
    late: grid.rows.filter((r) => r.timeliness === 'late').map((r) => ({ ...brief(r), daysLate: r.daysLate, publishedOn: r.publishedOn })),
    breaking: grid.rows.filter((r) => r.problems > 0).map((r) => ({ ...brief(r), problems: r.problems, status: r.status })),
  };
}
