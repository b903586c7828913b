import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, annualReportVersions, annualReportYears, annualReports, annualReviewActions, type AnnualReportRow } from '../../db/schema';
import { annualFormat, DEFAULT_ANNUAL_FORMAT_ID, defaultAnnualDue, formatCells, totalsDependingOn, type AnnualFormat } from '../../shared/annual-report/format';
import { AnnualReportData, annualFigures, checkAnnualReport, disclosureRate, emptyAnnualData, sumAnnualCells, type AnnualCheckResult, type AnnualProblem } from '../../shared/annual-report/check';
import { timeliness, unitExistedIn, type Timeliness } from '../../shared/periods';
import { formatDateZh, today } from '../../shared/dates';
import { REPORT_STATUS_NAMES, type ReportStatus } from '../../shared/reports';
import { assertMayReport, type ReviewAction } from '../access';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { writeAudit } from './audit';
import { keepDerived } from './derived/keep';
import { assertReviewStep, checkRevision, notify, notifySubmitted, reviewNotice, type WorkflowCtx } from './reporting';
import { isBureau, type OrgUnit, type UnitDirectory } from './unit-directory';

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

function editBlock(report: AnnualReportRow | undefined | null): string | null {
  if (!report || report.status === 'draft' || report.status === 'returned') return null;
  return `年度报告${REPORT_STATUS_NAMES[report.status]}，不能修改${report.status === 'accepted' ? '（如需更正，请联系厅办公室重新开放）' : '（如需更正，请联系审核单位退回）'}`;
}

const NOUN = '年度报告';

export function problemsToInvalid(message: string, problems: (AnnualProblem & { sheet?: string; sheetCell?: string })[]): Invalid {
  return new Invalid(
    message,
    problems.map((p) => ({ path: `data.${p.cell}`, message: p.message, ...(p.sheet !== undefined ? { sheet: p.sheet, cell: p.sheetCell ?? '' } : {}) })),
  );
}

function bump(db: Queryable, report: AnnualReportRow, set: Partial<typeof annualReports.$inferInsert>, now: Date): AnnualReportRow {
  return db
    .update(annualReports)
    .set({ ...set, revision: report.revision + 1, updatedAt: now.toISOString() })
    .where(and(eq(annualReports.id, report.id), eq(annualReports.revision, report.revision)))
    .returning()
    .get();
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

/** A unit × year the account may edit now: what `beginAnnualEdit` checked for one user action. */
export interface AnnualEditTarget {
  unit: OrgUnit;
  year: number;
  /** The report as it was when checked (null: none yet). */
  report: AnnualReportRow | null;
}

/**
 * The access and edit rules of one user action on an annual report, run once (as `beginEdit` for
 * progress reports): the account fills in this unit's report (server/access.ts), the unit reports
 * one at all, and the report may be changed now.
 */
export function beginAnnualEdit(ctx: WorkflowCtx, unitCode: string, year: number, opts: { db?: Queryable; refusal?: (unitName: string) => string } = {}): AnnualEditTarget {
  const db = opts.db ?? ctx.db;
  const unit = assertMayReport(ctx, unitCode, opts.refusal ?? ((name) => `无权填报或修改${name}的年度报告`));
  if (!isBureau(unit)) throw new Forbidden(`${unit.name}不单独填报政府信息公开工作年度报告`);
  const report = findAnnualReport(db, unit.code, year) ?? null;
  const block = editBlock(report);
  if (block) throw new Forbidden(block);
  return { unit, year, report };
}

/** Where a problem of the report is in an uploaded workbook. */
export interface AnnualSheetCell {
  sheet: string;
  cell: string;
}

export interface SaveAnnualReport {
  mode: 'draft' | 'submit';
  source: 'web' | 'excel';
  unitCode: string;
  year: number;
  /** The revision the user's edit started from (else CONFLICT). */
  revision: number;
  data: AnnualReportData;
  /** Already checked by `beginAnnualEdit` for this action (the Excel route checks before it reads the file). */
  checked?: AnnualEditTarget;
  /** From a workbook: cells that could not be read (`key` the report cell), listed with the check's problems. */
  readProblems?: readonly { key: string; message: string; sheet: string; cell: string }[];
  /** From a workbook: where each report cell is, so every problem carries its sheet and cell. */
  locate?: (key: string) => AnnualSheetCell | undefined;
  /** From a workbook: the file, recorded in the action's audit row. */
  upload?: { fileName: string; size: number; sha256: string };
}

/**
 * The one write path of an annual report, for the web form and the Excel upload, as a draft or
 * submitted — the same steps as `saveReport`: access and edit rules once (`beginAnnualEdit`), the
 * revision check, the consistency check once, the data written into the current version, one audit
 * row, all in one transaction. A rejected request changes nothing.
 */
export function saveAnnualReport(ctx: WorkflowCtx, input: SaveAnnualReport) {
  return ctx.db.transaction((tx) => {
    const target = input.checked ?? beginAnnualEdit(ctx, input.unitCode, input.year, { db: tx });
    if (target.unit.code !== input.unitCode || target.year !== input.year) throw new Error('saveAnnualReport: checked target is another report');
    const { unit } = target;
    const { mode, source } = input;
    const settings = ensureAnnualYear(tx, input.year, ctx.now);
    let report = findAnnualReport(tx, unit.code, input.year);
    if (report) checkRevision(report, input.revision, NOUN);
    else if (input.revision !== 0) throw new Conflict('该年度报告尚未创建，请刷新页面后再操作');
    const result = checkFor(tx, unit.code, input.year, input.data, mode, ctx.now);
    // A cell that could not be read is already reported; the check's problem of it would only repeat it.
    const unread = totalsDependingOn(annualFormat(settings.formatId), (input.readProblems ?? []).map((p) => p.key).filter(Boolean));
    const located = (p: AnnualProblem) => {
      const at = input.locate?.(p.cell);
      return input.locate ? { ...p, sheet: at?.sheet ?? '', sheetCell: at?.cell ?? '' } : p;
    };
    const problems = [
      ...(input.readProblems ?? []).map((p) => ({ cell: p.key, table: '', row: '', column: '', message: p.message, sheet: p.sheet, sheetCell: p.cell })),
      ...result.errors.filter((p) => !unread.has(p.cell)).map(located),
    ];
    if (problems.length) {
      throw problemsToInvalid(mode === 'submit' ? `年度报告有 ${problems.length} 处问题，请修改后再报送` : `有 ${problems.length} 处填写有误，草稿未保存`, problems);
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
      notifySubmitted(tx, ctx, unit, `${input.year}年度政府信息公开工作年度报告`, report.currentVersion, null);
    }
    writeAudit(tx, ctx.actor, ctx.now, {
      action: mode === 'submit' ? 'annualReport.submit' : 'annualReport.saveDraft',
      entity: 'annual_report',
      entityId: report.id,
      unitCode: unit.code,
      before: { status: report.status, version: report.currentVersion, data: before },
      after: { status: updated.status, version: report.currentVersion, data, source, dueOf: settings.due, ...(input.upload ? { upload: { ...input.upload, formatId: settings.formatId } } : {}) },
    });
    const warnings = result.warnings.map(located);
    return { reportId: report.id, status: updated.status, revision: updated.revision, version: updated.currentVersion, warnings };
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

export function reviewAnnualReport(ctx: WorkflowCtx, action: ReviewAction, input: { reportId: number; revision: number; reason?: string }) {
  return ctx.db.transaction((tx) => {
    // Accepting or reopening changes what indicators taking figures from the annual report are scored on.
    const keep = keepDerived(tx);
    const report = loadAnnualReportById(tx, input.reportId);
    const unit = ctx.units.get(report.unitCode)!;
    assertReviewStep(ctx, action, unit, report, input.revision, NOUN);
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
    const n = reviewNotice(action, `${report.year}年度政府信息公开工作年度报告`, ctx.user.displayName, report.currentVersion, input.reason);
    notify(tx, unit.code, n.kind, n.title, n.body, null, ctx.now);
    if (action === 'accept' || report.status === 'accepted') keep.unit(report.year, unit.code);
    keep.finish(ctx.units);
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
  const block = !mayWrite ? '只读：仅本单位账号可以填报' : !isBureau(unit) ? '本单位不单独填报政府信息公开工作年度报告' : editBlock(report);
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
  const inYear = units.filter((u) => isBureau(u) && unitExistedIn(u, { due: `${year}-12-31` }));
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
  const targets = units.all().filter((u) => isBureau(u) && unitExistedIn(u, { due: `${year}-12-31` }) && !submitted.has(u.code));
  ctx.db.transaction((tx) => {
    for (const u of targets) {
      notify(
        tx,
        u.code,
        'reminder',
        `请尽快公开并报送${year}年度政府信息公开工作年度报告`,
        `${year}年度政府信息公开工作年度报告应于${formatDateZh(settings.due)}前在本单位网站公开，您单位尚未报送，请尽快填报并报送。`,
        null,
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

/** One version of a unit's annual report (default: the current one), for the export. */
export function annualReportVersionData(db: Queryable, unit: OrgUnit, year: number, version?: number) {
  const report = findAnnualReport(db, unit.code, year);
  if (!report) throw new NotFound(`${unit.name}还没有${year}年度政府信息公开工作年度报告`);
  const v = versionOf(db, report.id, version ?? report.currentVersion);
  if (!v) throw new NotFound(`${unit.name}${year}年度政府信息公开工作年度报告没有第 ${version} 版`);
  const current = v.version === report.currentVersion;
  return {
    reportId: report.id,
    version: v.version,
    /** The report's status when this is its current version; a past version was submitted (and returned). */
    state: current ? REPORT_STATUS_NAMES[report.status] : v.submittedAt ? '已报送（此后被退回）' : '草稿',
    submittedAt: v.submittedAt,
    formatId: annualYearSettings(db, year).formatId,
    data: dataOf(v.data),
  };
}

/**
 * The cells of every accepted annual report of a year, by unit — what indicators that take figures
 * from the annual report are scored on (a report not accepted counts as none).
 */
export function acceptedAnnualCells(db: Queryable, year: number): Map<string, { year: number; formatId: string; cells: AnnualReportData['cells'] }> {
  const rows = db
    .select({ unitCode: annualReports.unitCode, data: annualReportVersions.data })
    .from(annualReports)
    .innerJoin(annualReportVersions, and(eq(annualReportVersions.reportId, annualReports.id), eq(annualReportVersions.version, annualReports.currentVersion)))
    .where(and(eq(annualReports.year, year), eq(annualReports.status, 'accepted')))
    .all();
  const formatId = annualYearSettings(db, year).formatId;
  return new Map(rows.map((r) => [r.unitCode, { year, formatId, cells: dataOf(r.data).cells }]));
}
