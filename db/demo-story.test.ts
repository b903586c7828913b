import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { openDatabase, type Database_ } from './client';
import { seedIfEmpty } from './seed';
import { seedDefaultScheme, seedDepartmentDivisions, seedDivisions, seedLedger } from './seed-base';
import { accounts, auditLog, dueExtensions, ledgerTasks, notices, orgUnits, periods, reportVersions, reports, reviewActions, settings, taskReportVersions, taskReports } from './schema';
import { taskInstances } from '../shared/ledger';
import { readValuesOf } from './repo/reports';
import { readScheme } from './repo/schemes';
import { DEMO_CLOCK_SETTING, DEMO_CLOCK_START, DEMO_TODAY, demoStorySummary, seedDemoStory } from './demo-story';
import { mulberry32 } from './demo/prng';
import type { ReportValues } from '../shared/report-values';
import type { Scheme } from '../shared/scheme';
import { quarterEnd, timeliness } from '../shared/periods';
import { validateReport } from '../shared/validation';
import { scoreUnit } from '../shared/scoring';
import { chinaDateOf, daysBetween } from '../shared/dates';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-demo-story-'));
const NOW = new Date('2019-03-01T00:00:00Z');
const TODAY = '2019-01-25';

let a: Database_;
let b: Database_;

beforeAll(async () => {
  a = openDatabase(path.join(DIR, 'a.db'));
  b = openDatabase(path.join(DIR, 'b.db'));
  await seedIfEmpty(a.db, { demo: true, now: NOW });
  await seedIfEmpty(b.db, { demo: true, now: NOW });
}, 120_000);

afterAll(() => {
  a?.close();
  b?.close();
  fs.rmSync(DIR, { recursive: true, force: true });
});

type ReportRow = typeof reports.$inferSelect;
type VersionRow = typeof reportVersions.$inferSelect;

interface Story {
  scheme: Scheme;
  units: (typeof orgUnits.$inferSelect)[];
  periods: (typeof periods.$inferSelect)[];
  reports: ReportRow[];
  versions: VersionRow[];
  values: Map<number, ReportValues>;
  reviews: (typeof reviewActions.$inferSelect)[];
  audit: (typeof auditLog.$inferSelect)[];
  notices: (typeof notices.$inferSelect)[];
  /** `unit@period` → report */
  byKey: Map<string, ReportRow>;
  periodCode: Map<number, string>;
  current(r: ReportRow): VersionRow;
}

let cached: Story | null = null;
function story(): Story {
  if (cached) return cached;
  const db = a.db;
  const scheme = readScheme(db, 2018)!.scheme;
  const ps = db.select().from(periods).orderBy(asc(periods.code)).all();
  const periodCode = new Map(ps.map((p) => [p.id, p.code]));
  // The bureaus' story; the department's divisions (ledger, annual reports) are checked on their own below.
  const divisions = new Set(db.select().from(orgUnits).all().filter((u) => u.level === 'division').map((u) => u.code));
  const rs = db.select().from(reports).orderBy(asc(reports.id)).all().filter((r) => !divisions.has(r.unitCode));
  const vs = db.select().from(reportVersions).orderBy(asc(reportVersions.id)).all();
  const byKey = new Map(rs.map((r) => [`${r.unitCode}@${periodCode.get(r.periodId)}`, r]));
  cached = {
    scheme,
    units: db.select().from(orgUnits).orderBy(asc(orgUnits.code)).all(),
    periods: ps,
    reports: rs,
    versions: vs,
    values: readValuesOf(
      db,
      vs.map((v) => v.id),
    ),
    reviews: db.select().from(reviewActions).orderBy(asc(reviewActions.id)).all().filter((x) => rs.some((r) => r.id === x.reportId)),
    audit: db.select().from(auditLog).orderBy(asc(auditLog.id)).all(),
    notices: db.select().from(notices).orderBy(asc(notices.id)).all().filter((n) => !divisions.has(n.unitCode) && !n.title.includes('台账任务')),
    byKey,
    periodCode,
    current: (r) => vs.find((v) => v.reportId === r.id && v.version === r.currentVersion)!,
  };
  return cached;
}

const q4Values = (s: Story, unitCode: string): ReportValues | null => {
  const r = s.byKey.get(`${unitCode}@2018Q4`);
  return r && r.status === 'accepted' ? s.values.get(s.current(r).id)! : null;
};

/** The values of the unit's latest accepted report of an earlier quarter of 2018. */
const previousAccepted = (s: Story, unitCode: string, periodCode: string): ReportValues | null => {
  let out: ReportValues | null = null;
  for (const p of s.periods) {
    if (p.code >= periodCode) break;
    const r = s.byKey.get(`${unitCode}@${p.code}`);
    if (r?.status === 'accepted') out = s.values.get(s.current(r).id)!;
  }
  return out;
};

const DUMPS = {
  reports: 'SELECT * FROM reports ORDER BY id',
  versions: 'SELECT * FROM report_versions ORDER BY id',
  values: 'SELECT * FROM report_values ORDER BY version_id, indicator_code',
  reviews: 'SELECT * FROM review_actions ORDER BY id',
  audit: 'SELECT * FROM audit_log ORDER BY id',
  notices: 'SELECT * FROM notices ORDER BY id',
  extensions: 'SELECT * FROM due_extensions ORDER BY id',
  settings: 'SELECT * FROM settings ORDER BY key',
} as const;

function dump(d: Database_): Record<keyof typeof DUMPS, unknown[]> {
  const out = {} as Record<keyof typeof DUMPS, unknown[]>;
  for (const [name, query] of Object.entries(DUMPS) as [keyof typeof DUMPS, string][]) out[name] = d.sqlite.prepare(query).all();
  return out;
}

describe('mulberry32', () => {
  it('is a deterministic stream in [0, 1)', () => {
    const x = mulberry32(42);
    const y = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => x.next());
    expect(xs).toEqual(Array.from({ length: 100 }, () => y.next()));
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(xs).size).toBe(100);
  });
});

describe('demo story', () => {
  it('exports the demo clock and stores it in settings', () => {
    expect(new Date(DEMO_TODAY).toISOString()).toBe(DEMO_CLOCK_START);
    const row = a.db.select().from(settings).all().find((r) => r.key === DEMO_CLOCK_SETTING);
    expect(row?.value).toBe(DEMO_CLOCK_START);
  });

  it('is deterministic: two databases hold identical reports, values, actions, notices and timestamps', () => {
    const da = dump(a);
    const db2 = dump(b);
    expect(da.values.length).toBeGreaterThan(4000);
    expect(da.reports.length).toBeGreaterThan(350);
    expect(db2).toEqual(da);
  });

  it('runs quickly on a fresh database and does not depend on the seeding time', () => {
    const c = openDatabase(path.join(DIR, 'c.db'));
    try {
      c.db.transaction((tx) => {
        seedDivisions(tx);
        seedDepartmentDivisions(tx);
        seedDefaultScheme(tx, NOW);
        seedLedger(tx, NOW);
      });
      // Accounts in the order the demo seed creates them, without the slow password hashing.
      const units = c.db.select().from(orgUnits).all();
      const at = '2030-01-01T00:00:00.000Z';
      c.db.insert(accounts).values({ username: 'office', displayName: '厅办公室', role: 'office', unitCode: '330000', passwordHash: 'x', createdAt: at }).run();
      c.db.insert(accounts).values({ username: 'leader', displayName: '厅领导', role: 'leader', unitCode: '330000', passwordHash: 'x', createdAt: at }).run();
      for (const u of units) {
        if (u.level === 'province') continue;
        const displayName = u.level === 'division' ? `厅${u.name}` : `${u.name}住房和城乡建设局`;
        c.db.insert(accounts).values({ username: u.code, displayName, role: u.level, unitCode: u.code, passwordHash: 'x', createdAt: at }).run();
      }
      const t0 = performance.now();
      seedDemoStory(c.db, { now: new Date('2030-01-01T00:00:00Z') });
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(5000); // ~0.6 s on a quiet machine
      const da = dump(a);
      const dc = dump(c);
      expect(dc.values).toEqual(da.values);
      expect(dc.reviews).toEqual(da.reviews);
      expect(dc.notices).toEqual(da.notices);
    } finally {
      c.close();
    }
  });

  it('only cities and counties report, 2018Q1–Q4, each report with versions 1..N', () => {
    const s = story();
    expect(s.reports.some((r) => r.unitCode === '330000')).toBe(false);
    expect(new Set(s.reports.map((r) => s.periodCode.get(r.periodId)))).toEqual(new Set(['2018Q1', '2018Q2', '2018Q3', '2018Q4']));
    for (const r of s.reports) {
      const mine = s.versions.filter((v) => v.reportId === r.id).map((v) => v.version);
      expect(mine).toEqual(Array.from({ length: r.currentVersion }, (_, i) => i + 1));
    }
  });

  it('every city has an accepted Q4 report; exactly 滨江区, 景宁 and 嵊泗 have no Q4 report; 西湖区 is accepted all year', () => {
    const s = story();
    const cities = s.units.filter((u) => u.level === 'city');
    expect(cities).toHaveLength(11);
    for (const c of cities) expect(s.byKey.get(`${c.code}@2018Q4`)?.status).toBe('accepted');
    const counties = s.units.filter((u) => u.level === 'county');
    const noQ4 = counties.filter((u) => !s.byKey.has(`${u.code}@2018Q4`)).map((u) => u.code);
    expect(noQ4.sort()).toEqual(['330108', '330922', '331127']);
    for (const p of ['2018Q1', '2018Q2', '2018Q3', '2018Q4']) expect(s.byKey.get(`330106@${p}`)?.status).toBe('accepted');
  });

  it('timeliness: the late, missing and never-submitted reports are exactly the designed ones', () => {
    const s = story();
    const design = demoStorySummary();
    const ext = a.db.select().from(dueExtensions).all();
    expect(ext).toHaveLength(1);
    expect(ext[0]).toMatchObject({ unitCode: '330881', due: '2018-10-17' });
    const late: string[] = [];
    const missing: string[] = [];
    // The bureaus' quarterly reporting; divisions report on the ledger (and only the annual report).
    for (const u of s.units.filter((x) => x.level === 'city' || x.level === 'county')) {
      for (const p of s.periods) {
        const key = `${u.code}@${p.code}`;
        const r = s.byKey.get(key);
        const extendedDue = ext.find((e) => e.unitCode === u.code && e.periodId === p.id)?.due ?? null;
        const t = timeliness({ due: p.due, extendedDue, submittedAt: r?.firstSubmittedAt ?? null, today: TODAY });
        if (t.status === 'late') late.push(key);
        if (t.status === 'missing') missing.push(key);
        if (t.status === 'late') expect(t.daysLate).toBeGreaterThanOrEqual(1);
        if (t.status === 'late') expect(t.daysLate).toBeLessThanOrEqual(20);
      }
    }
    expect(late.sort()).toEqual(design.late);
    expect(design.late).toHaveLength(10);
    expect(missing.sort()).toEqual([...design.missing, ...design.neverSubmitted].sort());
    // Q1–Q3: three reports missing (two without a report, one draft never submitted).
    expect(missing.filter((k) => !k.endsWith('Q4')).sort()).toEqual(['330328@2018Q1', '330822@2018Q3', '331127@2018Q2']);
    expect(s.byKey.get('330822@2018Q3')?.status).toBe('draft');
    // 江山市 submitted after the due date but within its extension.
    expect(chinaDateOf(s.byKey.get('330881@2018Q3')!.firstSubmittedAt!)).toBe('2018-10-16');
  });

  it('Q1–Q3 are nearly all accepted; Q4 has reports awaiting the city, awaiting the office and one returned', () => {
    const s = story();
    const design = demoStorySummary();
    const early = s.reports.filter((r) => s.periodCode.get(r.periodId) !== '2018Q4');
    expect(early.filter((r) => r.status === 'accepted').length).toBe(early.length - 1);
    const q4 = s.reports.filter((r) => s.periodCode.get(r.periodId) === '2018Q4');
    const keysWith = (status: string) => q4.filter((r) => r.status === status).map((r) => `${r.unitCode}@2018Q4`).sort();
    expect(keysWith('submitted')).toEqual(design.awaitingCity);
    expect(keysWith('approved')).toEqual(design.awaitingOffice);
    expect(keysWith('returned')).toEqual(design.returnedNow);
    expect(keysWith('draft')).toEqual([]);
    expect(design.awaitingCity.length).toBeGreaterThanOrEqual(2);
    expect(design.awaitingOffice.length).toBeGreaterThanOrEqual(2);
    expect(q4.filter((r) => r.status === 'accepted').length).toBe(100 - 3 - design.awaitingCity.length - design.awaitingOffice.length - design.returnedNow.length);
  });

  it('returned reports: reason, notice, version N+1 copied; the designed ones were resubmitted and accepted', () => {
    const s = story();
    const design = demoStorySummary();
    const returned = s.reports.filter((r) => s.reviews.some((x) => x.reportId === r.id && x.action === 'return'));
    const resubmitted = returned.filter((r) => r.status === 'accepted').map((r) => `${r.unitCode}@${s.periodCode.get(r.periodId)}`);
    expect(resubmitted.sort()).toEqual(design.returnedResubmitted);
    expect(design.returnedResubmitted.length).toBeGreaterThanOrEqual(3);
    for (const r of returned) {
      const ret = s.reviews.find((x) => x.reportId === r.id && x.action === 'return')!;
      expect(ret.reason?.length).toBeGreaterThan(10);
      const unit = s.units.find((u) => u.code === r.unitCode)!;
      const reviewer = a.db.select().from(accounts).all().find((x) => x.id === ret.accountId)!;
      expect([unit.parentCode, 'office']).toContain(reviewer.username);
      if (unit.level === 'city') expect(reviewer.username).toBe('office');
      const notice = s.notices.find((n) => n.reportId === r.id && n.kind === 'returned')!;
      expect(notice.unitCode).toBe(r.unitCode);
      expect(notice.title).toMatch(/^2018年第.季度(暨年度)?报告被退回$/);
      expect(notice.body).toContain(ret.reason!);
      expect(r.currentVersion).toBe(2);
      const v2 = s.versions.find((v) => v.reportId === r.id && v.version === 2)!;
      expect(v2.createdAt).toBe(ret.at);
      if (r.status === 'returned') {
        expect(r.returnReason).toBe(ret.reason);
        expect(v2.submittedAt).toBeNull();
        const v1 = s.versions.find((v) => v.reportId === r.id && v.version === 1)!;
        expect(s.values.get(v2.id)).toEqual(s.values.get(v1.id));
      } else {
        expect(r.returnReason).toBeNull();
        expect(v2.submittedAt).not.toBeNull();
        const v1 = s.versions.find((v) => v.reportId === r.id && v.version === 1)!;
        expect(s.values.get(v2.id)).not.toEqual(s.values.get(v1.id));
      }
    }
  });

  it('catalogues: several counties finished after 2018-12-31, a couple not at all', () => {
    const s = story();
    const counties = s.units.filter((u) => u.level === 'county');
    const dates = counties.map((u) => {
      const r = s.byKey.get(`${u.code}@2018Q4`);
      return r ? (s.values.get(s.current(r).id)!['CAT-01']?.date ?? null) : undefined;
    });
    const after = dates.filter((d): d is string => typeof d === 'string' && d > '2018-12-31');
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after).toEqual(expect.arrayContaining(['2019-01-07', '2019-01-18']));
    expect(dates.filter((d) => d === null).length).toBeGreaterThanOrEqual(2);
    // Accepted annual reports among them.
    const acceptedAfter = counties.filter((u) => (q4Values(s, u.code)?.['CAT-01']?.date ?? '') > '2018-12-31');
    expect(acceptedAfter.length).toBeGreaterThanOrEqual(2);
  });

  it('every submitted version passes submit validation against the previous accepted quarter; drafts pass draft validation', () => {
    const s = story();
    let checked = 0;
    for (const r of s.reports) {
      const unit = s.units.find((u) => u.code === r.unitCode)!;
      const code = s.periodCode.get(r.periodId)!;
      const period = s.scheme.periods.find((p) => p.code === code)!;
      for (const v of s.versions.filter((x) => x.reportId === r.id)) {
        const values = s.values.get(v.id)!;
        const reportDate = v.submittedAt ? chinaDateOf(v.submittedAt) : TODAY;
        const result = validateReport({
          scheme: s.scheme,
          level: unit.level as 'city' | 'county',
          period,
          values,
          reportDate,
          previous: previousAccepted(s, r.unitCode, code),
          mode: v.submittedAt ? 'submit' : 'draft',
        });
        expect(result.errors, `${r.unitCode}@${code} v${v.version}`).toEqual([]);
        if (v.submittedAt) {
          checked++;
          expect(result.warnings, `${r.unitCode}@${code} v${v.version}`).toEqual([]);
        }
      }
    }
    expect(checked).toBeGreaterThan(380);
  });

  it('values: figures rise quarter by quarter, annual plans stay put, yes/no turn yes, evidence on the unit site', () => {
    const s = story();
    const hs = ['330106', '330100'].map((u) => ['2018Q1', '2018Q2', '2018Q3', '2018Q4'].map((p) => s.values.get(s.current(s.byKey.get(`${u}@${p}`)!).id)!));
    const [xihu, hangzhou] = hs;
    expect(new Set(xihu.map((v) => v['RH-01']?.denominator)).size).toBe(1);
    for (let k = 1; k < 4; k++) {
      expect(xihu[k]['HS-01']!.numerator!).toBeGreaterThanOrEqual(xihu[k - 1]['HS-01']!.numerator!);
      expect(xihu[k]['HS-01']!.denominator).toBe(xihu[0]['HS-01']!.denominator);
      expect(hangzhou[k]['MC-04']!.count!).toBeGreaterThanOrEqual(hangzhou[k - 1]['MC-04']!.count!);
    }
    expect(hangzhou[3]['MC-04']!.count).toBe(4);
    // Cities do not report rollups.
    for (const v of hangzhou) for (const c of ['CAT-02', 'HS-01', 'RH-01', 'RH-02']) expect(v[c]).toBeUndefined();
    const yesQ1 = s.reports.filter((r) => s.periodCode.get(r.periodId) === '2018Q1').flatMap((r) => Object.values(s.values.get(s.current(r).id)!)).filter((v) => v.yes === true).length;
    const yesQ4 = s.reports.filter((r) => s.periodCode.get(r.periodId) === '2018Q4').flatMap((r) => Object.values(s.values.get(s.current(r).id)!)).filter((v) => v.yes === true).length;
    expect(yesQ4).toBeGreaterThan(yesQ1 * 1.5);
    const urls = Object.values(hangzhou[3]).flatMap((v) => (v.evidenceUrl ? [v.evidenceUrl] : []));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url).toMatch(/^https:\/\/jsj\.hangzhou\.gov\.cn\/zwgk\//);
  });

  it('the workflow trail is consistent: review actions, audit rows, revisions, submission times', () => {
    const s = story();
    const auditByReport = new Map<number, typeof s.audit>();
    for (const row of s.audit) if (row.reportId != null) auditByReport.set(row.reportId, [...(auditByReport.get(row.reportId) ?? []), row]);
    for (const r of s.reports) {
      const trail = s.reviews.filter((x) => x.reportId === r.id);
      const audit = auditByReport.get(r.id) ?? [];
      expect(r.revision).toBe(audit.length);
      expect(r.updatedAt).toBe(audit.map((x) => x.at).sort().at(-1));
      for (const x of trail) {
        expect(audit.some((y) => y.at === x.at && y.action === `report.${x.action}` && y.accountId === x.accountId)).toBe(true);
      }
      const submits = trail.filter((x) => x.action === 'submit');
      const versions = s.versions.filter((v) => v.reportId === r.id && v.submittedAt);
      expect(submits.map((x) => x.at)).toEqual(versions.map((v) => v.submittedAt));
      expect(r.firstSubmittedAt).toBe(submits[0]?.at ?? null);
      expect(r.lastSubmittedAt).toBe(submits.at(-1)?.at ?? null);
      for (const v of versions) expect(v.submittedBy).toBe(s.versions.find((x) => x.reportId === r.id && x.version === 1)!.createdBy);
      // Status follows the last action.
      const lastAction = trail.at(-1)?.action;
      const expected = { submit: 'submitted', approve: 'approved', accept: 'accepted', return: 'returned', reopen: 'draft' } as const;
      expect(r.status).toBe(lastAction ? expected[lastAction] : 'draft');
      // Reviews come 1–7 days after the submission they review, in order.
      let submittedDay = '';
      let prev = '';
      for (const x of trail) {
        expect(x.at > prev).toBe(true);
        prev = x.at;
        if (x.action === 'submit') submittedDay = chinaDateOf(x.at);
        else {
          const d = daysBetween(submittedDay, chinaDateOf(x.at));
          expect(d, `${r.unitCode} ${x.action}`).toBeGreaterThanOrEqual(1);
          expect(d, `${r.unitCode} ${x.action}`).toBeLessThanOrEqual(7);
        }
      }
      // Submissions in office hours (China time).
      for (const x of submits) {
        const h = (new Date(x.at).getUTCHours() + 8) % 24;
        expect(h).toBeGreaterThanOrEqual(8);
        expect(h).toBeLessThan(19);
      }
    }
    // County reports are approved by their own city; acceptances come from the office.
    const accountName = new Map(a.db.select().from(accounts).all().map((x) => [x.id, x.username]));
    for (const x of s.reviews) {
      const r = s.reports.find((y) => y.id === x.reportId)!;
      const unit = s.units.find((u) => u.code === r.unitCode)!;
      if (x.action === 'approve') expect(accountName.get(x.accountId!)).toBe(unit.parentCode);
      if (x.action === 'accept') expect(accountName.get(x.accountId!)).toBe('office');
      if (x.action === 'submit') expect(accountName.get(x.accountId!)).toBe(unit.code);
    }
    // Notices: one per approval and acceptance; reminders exist.
    expect(s.notices.filter((n) => n.kind === 'approved' && n.reportId !== null)).toHaveLength(s.reviews.filter((x) => x.action === 'approve').length);
    expect(s.notices.filter((n) => n.kind === 'accepted' && n.reportId !== null)).toHaveLength(s.reviews.filter((x) => x.action === 'accept').length);
    const reminders = s.notices.filter((n) => n.kind === 'reminder');
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(reminders.some((n) => n.unitCode === '330108' && n.title === '请尽快报送2018年第四季度暨年度报告')).toBe(true);
    expect(reminders.some((n) => n.unitCode === '330881' && n.title === '2018年第三季度报告截止日期已延至2018年10月17日')).toBe(true);
    // Reviewers hear of every submission: the city for its counties, the department for cities.
    const submittedNotices = s.notices.filter((n) => n.kind === 'submitted' && n.reportId !== null);
    expect(submittedNotices).toHaveLength(s.reviews.filter((x) => x.action === 'submit').length);
    for (const n of submittedNotices) {
      const r = s.reports.find((y) => y.id === n.reportId)!;
      const unit = s.units.find((u) => u.code === r.unitCode)!;
      expect(n.unitCode).toBe(unit.level === 'county' ? unit.parentCode : '330000');
    }
  });

  it("the department's ledger: mostly on time and confirmed, some late, one returned, one awaiting the office, two unfinished", () => {
    const rows = a.db
      .select({ status: taskReports.status, progress: taskReportVersions.progress, completedOn: taskReportVersions.completedOn, unitCode: taskReports.unitCode, taskId: taskReports.taskId, instance: taskReports.instance })
      .from(taskReports)
      .innerJoin(taskReportVersions, eq(taskReportVersions.taskReportId, taskReports.id))
      .all();
    const tasks = new Map(a.db.select().from(ledgerTasks).all().map((t) => [t.id, t]));
    const due = (r: (typeof rows)[number]) => taskInstances(tasks.get(r.taskId)!).find((i) => i.instance === r.instance)!.due;
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(16);
    expect(rows.filter((r) => r.status === 'returned').map((r) => r.unitCode)).toEqual(['330009']);
    expect(rows.filter((r) => r.status === 'submitted').map((r) => r.unitCode).sort()).toEqual(['330001', '330006', '330007']);
    expect(rows.filter((r) => r.progress !== 'done')).toHaveLength(2);
    const late = rows.filter((r) => r.completedOn && r.completedOn > due(r)).map((r) => `${r.unitCode}@${r.completedOn}`);
    expect(late.sort()).toEqual(['330001@2018-07-13', '330002@2018-01-19', '330006@2019-01-15', '330009@2018-07-16']);
    // Every division has an accepted 2018 annual report.
    const annual = a.db.select().from(reports).all().filter((r) => /^3300\d\d$/.test(r.unitCode));
    expect(annual).toHaveLength(13);
    expect(annual.every((r) => r.status === 'accepted' && r.firstSubmittedAt! < '2019-01-10T16:00:00.000Z')).toBe(true);
  });

  it('nothing is dated after the demo day', () => {
    const s = story();
    const stamps: string[] = [];
    for (const r of s.reports) stamps.push(r.updatedAt, ...[r.firstSubmittedAt, r.lastSubmittedAt].filter((x): x is string => x !== null));
    for (const v of s.versions) stamps.push(v.createdAt, ...(v.submittedAt ? [v.submittedAt] : []));
    for (const x of s.reviews) stamps.push(x.at);
    for (const x of s.audit) stamps.push(x.at);
    for (const n of s.notices) stamps.push(n.createdAt, ...(n.readAt ? [n.readAt] : []));
    for (const e of a.db.select().from(dueExtensions).all()) stamps.push(e.at);
    expect(stamps.length).toBeGreaterThan(2000);
    for (const t of stamps) {
      expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(t <= DEMO_CLOCK_START, t).toBe(true);
      // The 2017 plan's ledger tasks begin in October 2017; the bureaus' reporting on 2018-03-20.
      expect(t >= '2017-10-01', t).toBe(true);
    }
    for (const vals of s.values.values()) for (const v of Object.values(vals)) if (v.date) expect(v.date <= TODAY).toBe(true);
    const n = a.db.select({ n: sql<number>`count(*)` }).from(auditLog).get()!.n;
    expect(n).toBe(s.audit.length);
  });

  it('the audit chain runs in time order: bureau, annual-report and department rows interleaved', () => {
    const rows = a.db.select({ id: auditLog.id, at: auditLog.at, entity: auditLog.entity }).from(auditLog).orderBy(auditLog.id).all();
    const backwards = rows.filter((r, i) => i > 0 && r.at < rows[i - 1].at).map((r) => `${r.id} ${r.at}`);
    expect(backwards).toEqual([]);
    // The department's rows are not all at the end: its 2017 tasks come before the bureaus' 2018 reports.
    const firstReport = rows.findIndex((r) => r.entity === 'report');
    expect(rows.slice(0, firstReport).some((r) => r.entity === 'task_report')).toBe(true);
  });

  it('the 2018 city ranking has a visible spread: 11 distinct S values and at least 3 grades', () => {
    const s = story();
    const results = s.units
      .filter((u) => u.level === 'city')
      .map((c) =>
        scoreUnit({
          scheme: s.scheme,
          level: 'city',
          unit: { code: c.code, name: c.name },
          values: q4Values(s, c.code),
          children: s.units.filter((u) => u.parentCode === c.code).map((k) => ({ code: k.code, name: k.name, values: q4Values(s, k.code) })),
          adjustments: [],
          asOf: TODAY,
        }),
      )
      .sort((x, y) => y.S - x.S);
    const S = results.map((r) => r.S);
    expect(new Set(S).size).toBe(11);
    expect(new Set(results.map((r) => r.grade)).size).toBeGreaterThanOrEqual(3);
    expect(results.slice(0, 2).map((r) => r.unit.code).sort()).toEqual(['330100', '330200']);
    expect(results.slice(-2).map((r) => r.unit.code).sort()).toEqual(['330800', '331100']);
    expect(results.every((r) => r.hasReport)).toBe(true);
  });

  it('the story dates come from the quarters, not from the seeding time', () => {
    const s = story();
    for (const r of s.reports) {
      const code = s.periodCode.get(r.periodId)!;
      if (r.firstSubmittedAt) expect(chinaDateOf(r.firstSubmittedAt) > quarterEnd(code)).toBe(true);
      if (r.firstSubmittedAt) expect(daysBetween(quarterEnd(code), chinaDateOf(r.firstSubmittedAt))).toBeLessThanOrEqual(35);
    }
  });
});
