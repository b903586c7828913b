import type { Queryable } from '../client';
import { annualReportVersions, annualReportYears, annualReports, annualReviewActions, type auditLog, type notices, type orgUnits } from '../schema';
import { annualFormat, cellKey, DEFAULT_ANNUAL_FORMAT_ID, type AnnualFormat } from '../../shared/annual-report/format';
import { checkAnnualReport, recomputeTotals, type AnnualReportData } from '../../shared/annual-report/check';
import { chinaInstant, iso, nextWorkday, officeTime, workdayAfter } from './calendar';
import { streamFor, type Rng } from './prng';
import { DEMO_SEED } from './plan';

/**
 * The demo's 政府信息公开工作年度报告: every city and county bureau's 2017 report (accepted in early
 * 2018) and its 2018 report as it stands on the demo day (2019-01-25). Deterministic (seeded).
 *
 * The office asked for the 2018 reports to be published by 2019-01-20 (the statutory limit is 31
 * January). On the demo day: most are accepted or waiting for review; three counties have not
 * submitted (滨江区, 嵊泗县, 景宁畲族自治县 — 嵊泗 has a draft); 平湖市 and 温岭市 published late
 * (22 and 24 January); 安吉县, 永康市 and 江山市 were returned because their table 三 did not add up
 * (the submitted version is kept, with its broken totals); 海宁市 and 乐清市 report 上年结转 figures
 * that differ from their accepted 2017 结转下年度 (a warning).
 */

export const ANNUAL_DEMO_DUE = '2019-01-20';
export const ANNUAL_MISSING = ['330108', '330922', '331127'] as const;
export const ANNUAL_DRAFT = '330922';
export const ANNUAL_LATE: Record<string, string> = { '330482': '2019-01-22', '331081': '2019-01-24' };
export const ANNUAL_RETURNED = ['330523', '330784', '330881'] as const;
export const ANNUAL_CARRY_MISMATCH = ['330481', '330382'] as const;
/** County reports still waiting for their city / cities and counties waiting for the office. */
const WAITING_CITY = new Set(['330327', '330683', '331024', '330727', '331081']);
const WAITING_OFFICE = new Set(['330203', '330302', '330402', '330602', '330702', '331002', '331102', '330212', '330781']);

type UnitRow = typeof orgUnits.$inferSelect;
type AuditRow = typeof auditLog.$inferInsert;
type NoticeRow = typeof notices.$inferInsert;

export interface AnnualStoryContext {
  tx: Queryable;
  journal: { audit: { at: number; row: AuditRow }[]; notices: { at: number; row: NoticeRow; unread?: boolean }[] };
  actor(username: string): { id: number; username: string; displayName: string };
  provinceCode: string | null;
}

const COLUMNS = ['natural', 'business', 'research', 'publicWelfare', 'legal', 'otherOrg'] as const;
const OUTCOME_WEIGHTS: [string, number][] = [
  ['granted', 46], ['partial', 9],
  ['denySecret', 0.5], ['denyLaw', 0.5], ['denySafety', 0.3], ['denyThirdParty', 1.5], ['denyInternal', 1], ['denyProcess', 1.5], ['denyEnforcement', 1], ['denyInquiry', 0.7],
  ['unableNotHeld', 17], ['unableCompile', 2.5], ['unableUnclear', 2],
  ['ignorePetition', 3], ['ignoreRepeat', 2.5], ['ignorePublication', 0.5], ['ignoreMassive', 0.5], ['ignoreConfirm', 0.5],
  ['otherNoCorrection', 3], ['otherNoFee', 0.2], ['otherOther', 3.3],
];

function spread(rng: Rng, n: number, weights: [string, number][]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(weights.map(([k]) => [k, 0]));
  const total = weights.reduce((s, [, w]) => s + w, 0);
  for (let i = 0; i < n; i++) {
    let x = rng.next() * total;
    for (const [k, w] of weights) {
      x -= w;
      if (x < 0) {
        out[k]++;
        break;
      }
    }
  }
  return out;
}

/** One year's consistent report of a unit; `carriedIn` per column comes from last year's 结转下年度. */
function reportData(format: AnnualFormat, rng: Rng, unit: UnitRow, year: number, carriedIn: Record<string, number>, publishedOn: string): AnnualReportData {
  const city = unit.level === 'city';
  const cells: Record<string, number> = {};
  const set = (block: string, row: string, col: string, v: number) => (cells[cellKey(block, row, col)] = v);
  const received = city ? rng.int(40, 260) : rng.int(4, 70);
  const byApplicant = spread(rng, received, [['natural', 84], ['business', 9], ['research', 0.6], ['publicWelfare', 0.4], ['legal', 3], ['otherOrg', 3]]);
  for (const col of COLUMNS) {
    const nNew = byApplicant[col];
    const nIn = carriedIn[col] ?? 0;
    const handledTotal = nNew + nIn;
    const out = handledTotal > 0 && rng.chance(0.25) ? Math.min(handledTotal, rng.int(1, Math.max(1, Math.round(handledTotal * 0.08)))) : 0;
    const results = spread(rng, handledTotal - out, OUTCOME_WEIGHTS);
    set('applications', 'new', col, nNew);
    set('applications', 'carriedIn', col, nIn);
    for (const [k, v] of Object.entries(results)) set('applications', k, col, v);
    set('applications', 'carriedOut', col, out);
  }
  set('art20_1', 'rules', 'issued', 0);
  set('art20_1', 'rules', 'repealed', 0);
  set('art20_1', 'rules', 'inForce', 0);
  const inForce = city ? rng.int(20, 60) : rng.int(5, 30);
  set('art20_1', 'normative', 'issued', rng.int(0, city ? 8 : 4));
  set('art20_1', 'normative', 'repealed', rng.int(0, 3));
  set('art20_1', 'normative', 'inForce', inForce);
  set('art20_5', 'licensing', 'decisions', city ? rng.int(800, 6000) : rng.int(120, 2400));
  set('art20_6', 'penalty', 'decisions', city ? rng.int(40, 420) : rng.int(5, 160));
  set('art20_6', 'coercion', 'decisions', rng.int(0, city ? 12 : 5));
  set('art20_8', 'fees', 'amount', rng.chance(0.5) ? 0 : Math.round(rng.between(0.5, city ? 80 : 20) * 100) / 100);
  for (const g of ['reconsideration', 'direct', 'afterReconsideration']) {
    const max = g === 'reconsideration' ? (city ? 6 : 3) : city ? 3 : 1;
    set('litigation', 'count', `${g}Upheld`, rng.int(0, max));
    set('litigation', 'count', `${g}Corrected`, rng.chance(0.15) ? 1 : 0);
    set('litigation', 'count', `${g}Other`, rng.chance(0.2) ? 1 : 0);
    set('litigation', 'count', `${g}Pending`, rng.int(0, 1));
  }
  const full = recomputeTotals(format, cells) as Record<string, number>;
  // Totals of the 'columns' and 'rows' rules are filled; the litigation 总计 columns too.
  return {
    cells: full,
    texts: {
      overview: `${year}年，${unit.name}住房和城乡建设局认真贯彻落实《中华人民共和国政府信息公开条例》，围绕住房保障、城乡规划建设、建筑市场监管等重点领域推进政府信息主动公开，全年通过门户网站主动公开政府信息 ${rng.int(120, 1600)} 条，收到政府信息公开申请 ${full['applications.new.total']} 件，均在法定期限内答复。`,
      problems: '部分政策解读形式较为单一，依申请公开答复的规范性有待提高。下一步将加强业务培训，丰富图解、视频等解读形式。',
      otherMatters: '本年度未收取信息处理费。',
    },
    publishedUrl: `https://jsj.example.gov.cn/${unit.code}/art/${year + 1}/ndbg.html`,
    publishedOn,
  };
}

function carriedOutOf(d: AnnualReportData): Record<string, number> {
  return Object.fromEntries(COLUMNS.map((c) => [c, d.cells[cellKey('applications', 'carriedOut', c)] ?? 0]));
}

/** A report whose （七）总计 misses one application in the 自然人 column (and so in 总计): what the reviewers returned. */
function breakTotals(d: AnnualReportData): AnnualReportData {
  const cells = { ...d.cells };
  cells[cellKey('applications', 'resultTotal', 'natural')] = (cells[cellKey('applications', 'resultTotal', 'natural')] ?? 0) + 1;
  return { ...d, cells };
}

export function writeAnnualStory(ctx: AnnualStoryContext, reporting: UnitRow[]): void {
  const { tx } = ctx;
  const format = annualFormat(DEFAULT_ANNUAL_FORMAT_ID);
  const office = ctx.actor('office');
  tx.insert(annualReportYears).values({ year: 2017, formatId: format.id, due: '2018-01-31', updatedAt: '2017-12-01T01:00:00.000Z' }).run();
  const setDueAt = chinaInstant('2018-12-20', 9, 30);
  tx.insert(annualReportYears).values({ year: 2018, formatId: format.id, due: ANNUAL_DEMO_DUE, updatedAt: iso(setDueAt) }).run();
  ctx.journal.audit.push({
    at: setDueAt,
    row: {
      at: iso(setDueAt), accountId: office.id, username: office.username, reportId: null, action: 'annualReport.setDue', entity: 'annual_report_year', entityId: '2018', unitCode: null,
      before: { year: 2018, formatId: format.id, due: '2019-01-31' }, after: { year: 2018, formatId: format.id, due: ANNUAL_DEMO_DUE },
    },
  });

  for (const u of reporting) {
    const rng = streamFor(DEMO_SEED, `annual:${u.code}`);
    const reporter = ctx.actor(u.code);
    const reviewer = u.level === 'county' && u.parentCode ? ctx.actor(u.parentCode) : null;
    // 2017: accepted in February 2018, before the system existed: loaded as history (no audit rows, no notices).
    const pub17 = `2018-01-${String(rng.int(10, 30)).padStart(2, '0')}`;
    const d17 = reportData(format, rng, u, 2017, {}, pub17);
    insertReport(ctx, u, 2017, [{ data: d17, submittedAt: chinaInstant(pub17, 15, 0), by: reporter.id }], 'accepted', reviewer, office, chinaInstant(nextWorkday('2018-02-05'), 10, 0), true);

    if (ANNUAL_MISSING.includes(u.code as (typeof ANNUAL_MISSING)[number]) && u.code !== ANNUAL_DRAFT) continue;
    let carried = carriedOutOf(d17);
    if (ANNUAL_CARRY_MISMATCH.includes(u.code as (typeof ANNUAL_CARRY_MISMATCH)[number])) carried = { ...carried, natural: (carried.natural ?? 0) + 2 };
    const pub18 = ANNUAL_LATE[u.code] ?? `2019-01-${String(rng.int(8, 20)).padStart(2, '0')}`;
    const d18 = reportData(format, rng, u, 2018, carried, pub18);
    if (u.code === ANNUAL_DRAFT) {
      const draft = { ...d18, publishedUrl: null, publishedOn: null, cells: Object.fromEntries(Object.entries(d18.cells).filter(([k]) => k.startsWith('art20'))) };
      insertReport(ctx, u, 2018, [{ data: draft, submittedAt: null, by: reporter.id, createdAt: chinaInstant('2019-01-23', 16, 10) }], 'draft', reviewer, office, 0);
      continue;
    }
    const submittedAt = officeTime(rng, pub18, chinaInstant(pub18, 8, 40));
    if (ANNUAL_RETURNED.includes(u.code as (typeof ANNUAL_RETURNED)[number])) {
      insertReport(ctx, u, 2018, [{ data: breakTotals(d18), submittedAt, by: reporter.id }, { data: breakTotals(d18), submittedAt: null, by: reporter.id }], 'returned', reviewer, office, chinaInstant(workdayAfter(rng, pub18, 1, 2), 10, 15));
      continue;
    }
    const status = WAITING_CITY.has(u.code) ? 'submitted' : WAITING_OFFICE.has(u.code) ? (u.level === 'county' ? 'approved' : 'submitted') : 'accepted';
    insertReport(ctx, u, 2018, [{ data: d18, submittedAt, by: reporter.id }], status, reviewer, office, chinaInstant(workdayAfter(rng, pub18, 1, 2), 11, 0));
  }
}

interface VersionSpec {
  data: AnnualReportData;
  submittedAt: number | null;
  by: number;
  createdAt?: number;
}

const LAST_REVIEW = chinaInstant('2019-01-24', 17, 0);

/** Writes the report, its versions, review trail, notices and audit rows, as the workflow would have. */
function insertReport(
  ctx: AnnualStoryContext,
  u: UnitRow,
  year: number,
  versions: VersionSpec[],
  status: 'draft' | 'submitted' | 'approved' | 'accepted' | 'returned',
  reviewer: { id: number; username: string; displayName: string } | null,
  office: { id: number; username: string; displayName: string },
  reviewAt: number,
  history = false,
): void {
  const { tx } = ctx;
  const first = versions[0];
  const firstAt = first.submittedAt;
  const lastAt = Math.max(...versions.map((v) => v.submittedAt ?? 0)) || null;
  const reviewDay = Math.min(reviewAt, LAST_REVIEW);
  const updated = status === 'draft' ? (first.createdAt ?? 0) : status === 'submitted' ? firstAt! : reviewDay + 3_600_000;
  const report = tx
    .insert(annualReports)
    .values({
      unitCode: u.code,
      year,
      status,
      currentVersion: versions.length,
      revision: 1 + (firstAt ? 1 : 0) + (status === 'approved' ? 1 : 0) + (status === 'accepted' ? (reviewer ? 2 : 1) : 0) + (status === 'returned' ? 1 : 0),
      firstSubmittedAt: firstAt ? iso(firstAt) : null,
      lastSubmittedAt: lastAt ? iso(lastAt) : null,
      returnReason: status === 'returned' ? returnReason(versions[0].data) : null,
      updatedAt: iso(updated),
    })
    .returning()
    .get();
  versions.forEach((v, i) => {
    tx.insert(annualReportVersions)
      .values({
        reportId: report.id,
        version: i + 1,
        data: v.data,
        createdAt: iso(v.createdAt ?? (i === 0 ? (v.submittedAt ?? 0) - 1_800_000 : reviewDay)),
        createdBy: v.by,
        submittedAt: v.submittedAt ? iso(v.submittedAt) : null,
        submittedBy: v.submittedAt ? v.by : null,
        source: history ? 'seed' : 'web',
      })
      .run();
  });
  const audit = (at: number, who: { id: number; username: string }, action: string, after: unknown) =>
    !history &&
    ctx.journal.audit.push({ at, row: { at: iso(at), accountId: who.id, username: who.username, reportId: null, action, entity: 'annual_report', entityId: String(report.id), unitCode: u.code, before: null, after } });
  const notify = (at: number, unitCode: string, kind: NoticeRow['kind'], title: string, body: string) =>
    !history &&
    ctx.journal.notices.push({ at, row: { unitCode, kind, title, body, reportId: null, createdAt: iso(at) } });
  const label = `${year}年度政府信息公开工作年度报告`;
  if (status === 'draft') {
    audit(first.createdAt!, { id: first.by, username: u.code }, 'annualReport.saveDraft', { status: 'draft', version: 1 });
    return;
  }
  tx.insert(annualReviewActions).values({ reportId: report.id, version: 1, action: 'submit', accountId: first.by, at: iso(firstAt!) }).run();
  audit(firstAt!, { id: first.by, username: u.code }, 'annualReport.submit', { status: 'submitted', version: 1 });
  notify(firstAt!, reviewer ? u.parentCode! : (ctx.provinceCode ?? u.code), 'submitted', `${u.name}报送了${label}`, `${u.name}报送了${label}（第 1 版），请审核。`);
  if (status === 'submitted') return;
  let at = reviewDay;
  if (reviewer && (status === 'approved' || status === 'accepted')) {
    tx.insert(annualReviewActions).values({ reportId: report.id, version: 1, action: 'approve', accountId: reviewer.id, at: iso(at) }).run();
    audit(at, reviewer, 'annualReport.approve', { status: 'approved', version: 1 });
    notify(at, u.code, 'approved', `${label}已通过市级审核`, `${reviewer.displayName}审核通过了您单位的${label}（第 1 版）。`);
    at += 2 * 3_600_000;
  }
  if (status === 'accepted') {
    tx.insert(annualReviewActions).values({ reportId: report.id, version: 1, action: 'accept', accountId: office.id, at: iso(at) }).run();
    audit(at, office, 'annualReport.accept', { status: 'accepted', version: 1 });
    notify(at, u.code, 'accepted', `${label}已被厅办公室采纳`, `${office.displayName}采纳了您单位的${label}（第 1 版）。`);
  }
  if (status === 'returned') {
    const who = reviewer ?? office;
    const reason = returnReason(versions[0].data);
    tx.insert(annualReviewActions).values({ reportId: report.id, version: 1, action: 'return', reason, accountId: who.id, at: iso(at) }).run();
    audit(at, who, 'annualReport.return', { status: 'returned', version: 2, reason });
    notify(at, u.code, 'returned', `${label}被退回`, `${who.displayName}退回了您单位的${label}（第 1 版）。理由：${reason}`);
  }
}

function returnReason(d: AnnualReportData): string {
  const format = annualFormat(DEFAULT_ANNUAL_FORMAT_ID);
  const first = checkAnnualReport({ format, year: 2018, data: d, mode: 'submit', today: '2019-01-25' }).errors[0];
  return first ? `表格数据不一致，请核对后重新报送：${first.message}` : '请核对表格数据后重新报送';
}
