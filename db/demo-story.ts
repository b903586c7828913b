import { writeDepartmentStory } from './demo/department';
import { asc, eq, sql } from 'drizzle-orm';
import type { DB, Queryable } from './client';
import { appendAuditRows } from './audit-chain';
import { accounts, auditLog, dueExtensions, notices, orgUnits, periods, reportValues, reportVersions, reports, reviewActions } from './schema';
import { ensureReport, isEmptyValue, startNextVersion, valueToRow, versionRow, writeValues } from './repo/reports';
import { readScheme, type StoredScheme } from './repo/schemes';
import { DEMO_CLOCK_KEY, writeSetting } from './repo/settings';
import type { ReportValues } from '../shared/report-values';
import type { PeriodDef, ReportingLevel, Scheme } from '../shared/scheme';
import { parsePeriodCode } from '../shared/periods';
import { validateReport } from '../shared/validation';
import { addDays, chinaDay, iso, isWorkday, nextWorkday, officeTime, prevWorkday, workdayAfter } from './demo/calendar';
import { streamFor, type Rng } from './demo/prng';
import { CITY_QUALITY, COUNTY_QUALITY, DEMO_SEED, DUE_EXTENSION, SCENARIOS, valueOverrides, type Scenario } from './demo/plan';
import { buildUnitStory, type Quarter, type UnitStory } from './demo/values';
import { formatDateZh } from '../shared/dates';
import { writeAnnualStory } from './demo/annual';

/**
 * The demo story: every city and county bureau's 2018 quarterly reports as they stand on the demo
 * day, 2019-01-25 10:00 China time. Deterministic: a fixed seed and fixed story dates, never the
 * real clock, so two demo databases hold the same rows.
 *
 * Q1–Q3 are nearly all accepted (a few late, three missing, some returned and resubmitted); in Q4
 * every city is accepted, some county reports still wait for their city or for the office, one is
 * returned and three counties (滨江区 among them) have not filed at all. See demo/plan.ts.
 */

/** The demo day, China time. */
export const DEMO_TODAY = '2019-01-25T10:00:00+08:00';
/** The same instant in UTC: where a demo server's clock starts. */
export const DEMO_CLOCK_START = '2019-01-25T02:00:00.000Z';
/** Settings key holding DEMO_CLOCK_START in a demo database ('demo.clockStart'). */
export const DEMO_CLOCK_SETTING = DEMO_CLOCK_KEY;
export const DEMO_YEAR = 2018;

export { storySummary as demoStorySummary, SCENARIOS as DEMO_SCENARIOS } from './demo/plan';

const DEMO_MS = Date.parse(DEMO_CLOCK_START);
/** Reviews happen no later than the working day before the demo day. */
const LAST_REVIEW_DAY = '2019-01-24';

export function seedDemoStory(db: DB, _opts: { now: Date }): void {
  const stored = readScheme(db, DEMO_YEAR);
  if (!stored) throw new Error(`演示数据：缺少${DEMO_YEAR}年度考核方案`);
  const existing = db.select({ n: sql<number>`count(*)` }).from(reports).get()?.n ?? 0;
  if (existing > 0) throw new Error('演示数据：数据库中已有报告，不能重复生成演示数据');
  db.transaction((tx) => {
    writeStory(tx, stored);
  });
}

type UnitRow = typeof orgUnits.$inferSelect;
type PeriodRow = typeof periods.$inferSelect;
type AuditRow = typeof auditLog.$inferInsert;
type ReviewRow = typeof reviewActions.$inferInsert;
type NoticeRow = typeof notices.$inferInsert;

interface Actor {
  id: number;
  username: string;
  displayName: string;
}

/** Rows collected during the simulation and written in time order at the end. */
interface Journal {
  audit: { at: number; row: AuditRow }[];
  reviews: { at: number; row: ReviewRow }[];
  notices: { at: number; row: NoticeRow; unread?: boolean }[];
}

interface Context {
  tx: Queryable;
  scheme: Scheme;
  journal: Journal;
  actor(username: string): Actor;
  office: Actor;
  /** The department's own unit (notices about city reports go there). */
  provinceCode: string | null;
  stories: Map<string, UnitStory>;
  /** The latest accepted quarter's values of each unit (what a submission is compared with). */
  lastAccepted: Map<string, ReportValues>;
  /** First submission (epoch ms) per `unit@period`. */
  firstSubmitted: Map<string, number>;
}

function writeStory(tx: Queryable, stored: StoredScheme): void {
  const scheme = stored.scheme;
  const unitRows = tx.select().from(orgUnits).orderBy(asc(orgUnits.code)).all();
  const reporting = unitRows.filter((u) => u.level === 'city' || u.level === 'county');
  const accountRows = tx.select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName }).from(accounts).all();
  const byName = new Map(accountRows.map((a) => [a.username, a]));
  const actor = (username: string): Actor => {
    const a = byName.get(username);
    if (!a) throw new Error(`演示数据：缺少账号 ${username}，请先创建演示账号`);
    return a;
  };
  const periodRows = tx
    .select()
    .from(periods)
    .where(eq(periods.schemeId, stored.id))
    .orderBy(asc(periods.code))
    .all()
    .filter((p) => parsePeriodCode(p.code)?.year === DEMO_YEAR);
  if (periodRows.length !== 4) throw new Error(`演示数据：${DEMO_YEAR}年度应有 4 个季度期次`);

  const stories = new Map<string, UnitStory>();
  for (const u of reporting) {
    const level = u.level as ReportingLevel;
    stories.set(u.code, buildUnitStory(scheme, { code: u.code, level }, qualityOf(u), streamFor(DEMO_SEED, `values:${u.code}`), valueOverrides(u.code)));
  }

  const ctx: Context = {
    tx,
    scheme,
    journal: { audit: [], reviews: [], notices: [] },
    actor,
    office: actor('office'),
    provinceCode: unitRows.find((u) => u.level === 'province')?.code ?? null,
    stories,
    lastAccepted: new Map(),
    firstSubmitted: new Map(),
  };

  const extensionPeriod = periodRows.find((p) => p.code === DUE_EXTENSION.periodCode);
  if (!extensionPeriod) throw new Error('演示数据：缺少延期期次');
  writeExtension(ctx, extensionPeriod);

  for (const p of periodRows) {
    for (const u of reporting) simulateReport(ctx, u, p, SCENARIOS[`${u.code}@${p.code}`] ?? { kind: 'accepted' });
  }
  writeReminders(ctx, reporting, periodRows);
  writeAnnualStory(ctx, reporting);
  // The department's rows join the journal, so that the whole demo's audit chain runs in time order.
  writeDepartmentStory(tx, DEMO_YEAR, (row) => ctx.journal.audit.push({ at: Date.parse(row.at), row }));
  flushJournal(ctx);

  writeSetting(tx, DEMO_CLOCK_SETTING, DEMO_CLOCK_START);
}

function qualityOf(u: UnitRow): number {
  if (u.level === 'city') return CITY_QUALITY[u.code] ?? 0.7;
  const fixed = COUNTY_QUALITY[u.code];
  if (fixed !== undefined) return fixed;
  const base = CITY_QUALITY[u.parentCode ?? ''] ?? 0.7;
  const rng = streamFor(DEMO_SEED, `quality:${u.code}`);
  return Math.min(1, Math.max(0.1, base + rng.between(-0.12, 0.1)));
}

function periodDef(p: PeriodRow): PeriodDef {
  return { code: p.code, name: p.name, opens: p.opens, due: p.due, locks: p.locks, ...(p.annual ? { annual: true } : {}) };
}

function quarterOf(p: PeriodRow): Quarter {
  const pc = parsePeriodCode(p.code);
  if (!pc) throw new Error(`期次代码 ${p.code} 无效`);
  return pc.quarter;
}

/** A usual submission day: 0–6 days before the due date, on a working day not after it. */
function usualSubmitDay(rng: Rng, due: string): string {
  const d = addDays(due, -rng.int(0, 6));
  if (isWorkday(d)) return d;
  const next = nextWorkday(d);
  return next <= due ? next : prevWorkday(d);
}

function capReviewDay(day: string): string {
  return day > LAST_REVIEW_DAY ? LAST_REVIEW_DAY : day;
}

/** One report's life, written as the server's workflow would have written it. */
class ReportSim {
  readonly reportId: number;
  private version = 1;
  private versionId: number;
  private revision = 0;
  private status: 'draft' | 'submitted' | 'approved' | 'accepted' | 'returned' = 'draft';
  private firstSubmittedAt: number | null = null;
  private lastSubmittedAt: number | null = null;
  private lastSubmittedDay = '';
  private returnReason: string | null = null;
  private last = 0;
  private values: ReportValues = {};
  /** Version 1 before its first save holds no values yet. */
  private fresh = true;

  constructor(
    private readonly ctx: Context,
    private readonly unit: UnitRow,
    private readonly period: PeriodRow,
    private readonly self: Actor,
    firstSaveAt: number,
  ) {
    // The first save (at the same instant) creates the report.
    this.last = firstSaveAt - 1;
    const row = ensureReport(ctx.tx, unit.code, period.id, new Date(firstSaveAt), self.id);
    this.reportId = row.id;
    this.versionId = this.requireVersion(1);
  }

  private requireVersion(n: number): number {
    const v = versionRow(this.ctx.tx, this.reportId, n);
    if (!v) throw new Error(`演示数据：报告 ${this.reportId} 缺少第 ${n} 版`);
    return v.id;
  }

  private tick(at: number): void {
    if (at <= this.last) throw new Error(`演示数据时间线错误：${this.unit.name}${this.period.name} ${iso(at)} 不晚于上一操作`);
    if (at > DEMO_MS) throw new Error(`演示数据时间线错误：${this.unit.name}${this.period.name} ${iso(at)} 晚于演示日`);
    this.last = at;
  }

  private audit(at: number, who: Actor, action: string, before: unknown, after: unknown): void {
    this.revision += 1;
    this.ctx.journal.audit.push({
      at,
      row: {
        at: iso(at),
        accountId: who.id,
        username: who.username,
        action,
        entity: 'report',
        entityId: String(this.reportId),
        unitCode: this.unit.code,
        reportId: this.reportId,
        before: before ?? null,
        after,
      },
    });
  }

  private review(at: number, who: Actor, action: ReviewRow['action'], reason: string | null = null): void {
    this.ctx.journal.reviews.push({ at, row: { reportId: this.reportId, version: this.version, action, reason, accountId: who.id, at: iso(at) } });
  }

  private notify(at: number, kind: NoticeRow['kind'], title: string, body: string, unitCode = this.unit.code): void {
    this.ctx.journal.notices.push({ at, row: { unitCode, kind, title, body, reportId: this.reportId, createdAt: iso(at) } });
  }

  /** Saves the draft (writes the version's values when given; an intermediate save only records). */
  save(at: number, values: ReportValues | null): void {
    this.tick(at);
    const before = this.values;
    if (values) {
      if (this.fresh) insertValues(this.ctx.tx, this.versionId, values);
      else writeValues(this.ctx.tx, this.versionId, values);
      this.fresh = false;
      this.values = values;
    }
    this.audit(at, this.self, 'report.saveDraft', { version: this.version, values: before }, { version: this.version, values: this.values });
  }

  /** Validates the draft in draft mode (a never-submitted draft must still be sensible). */
  checkDraft(day: string): void {
    this.validate(day, 'draft');
  }

  private validate(day: string, mode: 'draft' | 'submit'): void {
    const r = validateReport({
      scheme: this.ctx.scheme,
      level: this.unit.level as ReportingLevel,
      period: periodDef(this.period),
      values: this.values,
      reportDate: day,
      previous: this.ctx.lastAccepted.get(this.unit.code) ?? null,
      mode,
    });
    if (r.errors.length) {
      const list = r.errors.map((e) => `${e.indicator}.${e.field}: ${e.message}`).join('；');
      throw new Error(`演示数据无效：${this.unit.name}${this.period.name}第${this.version}版：${list}`);
    }
  }

  submit(at: number, source: 'web' | 'excel'): void {
    this.tick(at);
    const day = chinaDay(at);
    this.validate(day, 'submit');
    this.ctx.tx.update(reportVersions).set({ submittedAt: iso(at), submittedBy: this.self.id, source }).where(eq(reportVersions.id, this.versionId)).run();
    const before = this.status;
    this.status = 'submitted';
    this.firstSubmittedAt ??= at;
    this.lastSubmittedAt = at;
    this.lastSubmittedDay = day;
    this.returnReason = null;
    this.review(at, this.self, 'submit');
    // The reviewer is told: the city for a county's report, the department (province unit) for a city's.
    const reviewerUnit = this.unit.level === 'county' ? this.unit.parentCode : this.ctx.provinceCode;
    if (reviewerUnit) {
      const what = `${this.unit.name}报送了${this.period.name}报告`;
      this.notify(at, 'submitted', what, `${what}（第 ${this.version} 版），请审核。`, reviewerUnit);
    }
    this.audit(
      at,
      this.self,
      'report.submit',
      { status: before, version: this.version, values: this.values },
      { status: 'submitted', version: this.version, values: this.values, source },
    );
  }

  approve(at: number, city: Actor): void {
    this.tick(at);
    this.status = 'approved';
    this.review(at, city, 'approve');
    this.audit(at, city, 'report.approve', { status: 'submitted', version: this.version }, { status: 'approved', version: this.version, reason: null });
    this.notify(at, 'approved', `${this.period.name}报告已通过市级审核`, `${city.displayName}审核通过了您单位的${this.period.name}报告（第 ${this.version} 版）。`);
  }

  accept(at: number): void {
    this.tick(at);
    const before = this.status;
    this.status = 'accepted';
    const office = this.ctx.office;
    this.review(at, office, 'accept');
    this.audit(at, office, 'report.accept', { status: before, version: this.version }, { status: 'accepted', version: this.version, reason: null });
    this.notify(at, 'accepted', `${this.period.name}报告已被厅办公室采纳`, `${office.displayName}采纳了您单位的${this.period.name}报告（第 ${this.version} 版）。`);
  }

  /** Returns the report with a reason; version N+1 starts as a draft copy of N. */
  giveBack(at: number, who: Actor, reason: string): void {
    this.tick(at);
    const before = this.status;
    const returned = this.version;
    this.status = 'returned';
    this.returnReason = reason;
    this.review(at, who, 'return', reason);
    this.notify(at, 'returned', `${this.period.name}报告被退回`, `${who.displayName}退回了您单位的${this.period.name}报告（第 ${returned} 版）。理由：${reason}`);
    const report = this.ctx.tx.select().from(reports).where(eq(reports.id, this.reportId)).get();
    if (!report) throw new Error('演示数据：报告不存在');
    this.version = startNextVersion(this.ctx.tx, { ...report, currentVersion: returned }, new Date(at), who.id);
    this.versionId = this.requireVersion(this.version);
    this.audit(at, who, 'report.return', { status: before, version: returned }, { status: 'returned', version: this.version, reason });
  }

  get lastAt(): number {
    return this.last;
  }

  get submittedDay(): string {
    return this.lastSubmittedDay;
  }

  get isAccepted(): boolean {
    return this.status === 'accepted';
  }

  get acceptedValues(): ReportValues {
    return this.values;
  }

  get firstSubmission(): number | null {
    return this.firstSubmittedAt;
  }

  finish(): void {
    this.ctx.tx
      .update(reports)
      .set({
        status: this.status,
        currentVersion: this.version,
        revision: this.revision,
        firstSubmittedAt: this.firstSubmittedAt === null ? null : iso(this.firstSubmittedAt),
        lastSubmittedAt: this.lastSubmittedAt === null ? null : iso(this.lastSubmittedAt),
        returnReason: this.returnReason,
        updatedAt: iso(this.last),
      })
      .where(eq(reports.id, this.reportId))
      .run();
  }
}

/**
 * The rows `writeValues` would write into a version that has none yet, in one statement (the story
 * writes ~6,000 values; one insert per version keeps the generator fast).
 */
function insertValues(tx: Queryable, versionId: number, values: ReportValues): void {
  const rows = Object.entries(values)
    .filter(([, v]) => !isEmptyValue(v))
    .map(([code, v]) => valueToRow(versionId, code, v));
  if (rows.length) tx.insert(reportValues).values(rows).run();
}

const MORNING: [number, number] = [8 * 60 + 40, 11 * 60 + 30];
const AFTERNOON: [number, number] = [14 * 60, 17 * 60 + 30];

function simulateReport(ctx: Context, unit: UnitRow, period: PeriodRow, scenario: Scenario): void {
  if (scenario.kind === 'missing') return;
  const key = `${unit.code}@${period.code}`;
  const rng = streamFor(DEMO_SEED, `report:${key}`);
  const quarter = quarterOf(period);
  const story = ctx.stories.get(unit.code);
  if (!story) throw new Error(`演示数据：缺少 ${unit.code} 的数据`);
  const self = ctx.actor(unit.code);
  const isCounty = unit.level === 'county';
  const city = isCounty ? ctx.actor(unit.parentCode ?? '') : null;
  // Most bureaus fill in the web form; some import the Excel template.
  const sourceRng = streamFor(DEMO_SEED, `source:${key}`);
  const source = (): 'web' | 'excel' => (sourceRng.chance(0.15) ? 'excel' : 'web');

  if (scenario.kind === 'draft') {
    const at = officeTime(rng, scenario.savedOn, undefined, AFTERNOON);
    const sim = new ReportSim(ctx, unit, period, self, at);
    // Half filled in: the first indicators of the form.
    const all = story.valuesFor(quarter, scenario.savedOn);
    const codes = Object.keys(all);
    const partial = Object.fromEntries(codes.slice(0, Math.ceil(codes.length * 0.6)).map((c) => [c, all[c]]));
    sim.save(at, partial);
    sim.checkDraft(scenario.savedOn);
    sim.finish();
    return;
  }

  const submitDay = scenario.submitOn ?? usualSubmitDay(rng, period.due);
  const draftDay = prevWorkday(addDays(submitDay, -rng.int(0, 3)));
  const saveAt = officeTime(rng, draftDay, undefined, MORNING);
  const sim = new ReportSim(ctx, unit, period, self, saveAt);
  const trueValues = story.valuesFor(quarter, submitDay);
  const firstValues = scenario.kind === 'returned' ? scenario.defect(trueValues, unit.code) : trueValues;
  sim.save(saveAt, firstValues);
  if (rng.chance(0.3)) sim.save(saveAt + rng.int(20, 80) * 60_000, null);
  sim.submit(officeTime(rng, submitDay, sim.lastAt, draftDay === submitDay ? AFTERNOON : undefined), source());

  // Reviews come 1–7 days after the submission they review, never after the demo day.
  const reviewAt = (min: number, max: number): number => {
    const lastDay = chinaDay(sim.lastAt);
    let day = capReviewDay(workdayAfter(rng, lastDay, min, max));
    const limit = prevWorkday(addDays(sim.submittedDay, 7));
    if (day > limit) day = limit;
    if (day < lastDay) day = lastDay;
    return officeTime(rng, day, sim.lastAt);
  };
  const approveAndAccept = () => {
    if (city) sim.approve(reviewAt(1, 3), city);
    sim.accept(reviewAt(1, city ? 3 : 4));
  };

  switch (scenario.kind) {
    case 'accepted':
      approveAndAccept();
      break;
    case 'submitted':
      break;
    case 'approved':
      if (!city) throw new Error(`演示数据设计错误：${unit.name}不是县级单位`);
      sim.approve(reviewAt(2, 6), city);
      break;
    case 'returned': {
      let by: Actor;
      if (scenario.by === 'office') {
        if (city) sim.approve(reviewAt(1, 2), city);
        by = ctx.office;
      } else {
        if (!city) throw new Error(`演示数据设计错误：${unit.name}的报告由厅办公室审核`);
        by = city;
      }
      const returnAt = scenario.returnOn ? officeTime(rng, scenario.returnOn, sim.lastAt) : reviewAt(1, 2);
      sim.giveBack(returnAt, by, scenario.reason);
      if (scenario.resubmitted) {
        const fixDay = workdayAfter(rng, chinaDay(sim.lastAt), 1, 2);
        const fixAt = officeTime(rng, fixDay, sim.lastAt, MORNING);
        sim.save(fixAt, story.valuesFor(quarter, fixDay));
        sim.submit(officeTime(rng, fixDay, fixAt, AFTERNOON), source());
        approveAndAccept();
      }
      break;
    }
  }
  const first = sim.firstSubmission;
  if (first !== null) ctx.firstSubmitted.set(key, first);
  if (sim.isAccepted) ctx.lastAccepted.set(unit.code, sim.acceptedValues);
  sim.finish();
}

function writeExtension(ctx: Context, period: PeriodRow): void {
  const rng = streamFor(DEMO_SEED, 'extension');
  const at = officeTime(rng, DUE_EXTENSION.grantedOn, undefined, MORNING);
  const { unitCode, due, reason } = DUE_EXTENSION;
  const row = ctx.tx.insert(dueExtensions).values({ periodId: period.id, unitCode, due, reason, accountId: ctx.office.id, at: iso(at) }).returning().get();
  ctx.journal.notices.push({
    at,
    row: {
      unitCode,
      kind: 'reminder',
      title: `${period.name}报告截止日期已延至${formatDateZh(due)}`,
      body: `${ctx.office.displayName}将您单位${period.name}报告的截止日期延至${formatDateZh(due)}。理由：${reason}`,
      reportId: null,
      createdAt: iso(at),
    },
  });
  officeAudit(ctx, at, { action: 'period.extendDue', entity: 'due_extension', entityId: String(row.id), unitCode, after: row });
}

/** The morning after a due date, the office reminds every unit that has not submitted yet. */
function writeReminders(ctx: Context, reporting: UnitRow[], periodRows: PeriodRow[]): void {
  const rng = streamFor(DEMO_SEED, 'reminders');
  for (const p of periodRows) {
    const at = officeTime(rng, nextWorkday(addDays(p.due, 1)), undefined, [8 * 60 + 30, 8 * 60 + 39]);
    if (at > DEMO_MS) continue;
    const targets = reporting.filter((u) => {
      const first = ctx.firstSubmitted.get(`${u.code}@${p.code}`);
      return first === undefined || first > at;
    });
    if (targets.length === 0) continue;
    for (const u of targets) {
      ctx.journal.notices.push({
        at,
        unread: !ctx.firstSubmitted.has(`${u.code}@${p.code}`),
        row: {
          unitCode: u.code,
          kind: 'reminder',
          title: `请尽快报送${p.name}报告`,
          body: `${p.name}报告截止日期为${formatDateZh(p.due)}，您单位尚未报送，请尽快填报并报送。`,
          reportId: null,
          createdAt: iso(at),
        },
      });
    }
    officeAudit(ctx, at, { action: 'period.remind', entity: 'period', entityId: p.code, unitCode: null, after: { units: targets.map((u) => u.code) } });
  }
}

/** An audit row for something the office did in the story (an extension, a round of reminders). */
function officeAudit(ctx: Context, at: number, e: { action: string; entity: string; entityId: string; unitCode: string | null; after: unknown }): void {
  ctx.journal.audit.push({
    at,
    row: { at: iso(at), accountId: ctx.office.id, username: ctx.office.username, reportId: null, before: null, ...e },
  });
}

function inChunks<T>(rows: T[], insert: (chunk: T[]) => void): void {
  for (let i = 0; i < rows.length; i += 200) insert(rows.slice(i, i + 200));
}

function flushJournal(ctx: Context): void {
  const { tx, journal } = ctx;
  const byTime = <T extends { at: number }>(xs: T[]) => xs.map((x, i) => ({ x, i })).sort((a, b) => a.x.at - b.x.at || a.i - b.i).map((e) => e.x);
  const audit = byTime(journal.audit);
  const reviews = byTime(journal.reviews);
  const noticeRows = byTime(journal.notices);
  for (const e of [...audit, ...reviews, ...noticeRows]) {
    if (e.at > DEMO_MS) throw new Error(`演示数据时间线错误：${iso(e.at)} 晚于演示日`);
  }
  appendAuditRows(
    tx,
    audit.map(({ row: r }) => ({
      at: r.at,
      accountId: r.accountId ?? null,
      username: r.username ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId ?? null,
      unitCode: r.unitCode ?? null,
      reportId: r.reportId ?? null,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: r.ip ?? null,
    })),
  );
  inChunks(reviews, (c) => tx.insert(reviewActions).values(c.map((e) => e.row)).run());
  // Notices up to a week before the demo day have been read within a few hours; later ones may not.
  const rng = streamFor(DEMO_SEED, 'notices');
  const recent = DEMO_MS - 7 * 86_400_000;
  const rows = noticeRows.map((e) => {
    const readAfter = rng.int(10, 240) * 60_000;
    const unread = e.unread === true || (e.at > recent && rng.chance(0.6)) || e.at + readAfter > DEMO_MS;
    return { ...e.row, readAt: unread ? null : iso(e.at + readAfter) };
  });
  inChunks(rows, (c) => tx.insert(notices).values(c).run());
}
