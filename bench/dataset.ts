/**
 * The national-scale synthetic dataset of `npm run bench`.
 *
 * One SQLite file built with the real migrations (`openDatabase`): the real Zhejiang demo province
 * (`seedIfEmpty({ demo: true })`: divisions, 2018 scheme, demo accounts, demo story), plus 30
 * synthetic provinces (GB/T 2260 province prefixes other than 33) × 10 cities × 9 counties, each unit
 * with an account and 2018Q1–Q4 reports. Values come from the demo story's value generator
 * (`buildUnitStory`), so they pass the real validation (cumulative figures rise quarter by quarter).
 *
 * Every report keeps 2–6 versions (mean 4: the earlier ones were returned), so that the scheme's
 * ≈ 12.5 values per report (a county reports 12 indicators, a city 17) add up to the issue's
 * ≈ 600,000 `report_values` rows. Q1–Q3 are accepted (a few missing); Q4 is mostly accepted, some
 * city reports wait for the office ('submitted') and some county reports for the city / office.
 *
 * Everything synthetic is written with raw prepared better-sqlite3 inserts in one transaction
 * (drizzle's per-row insert path would cost ~10× as much, see docs/performance.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../db/client';
import { seedIfEmpty } from '../db/seed';
import { DEMO_PASSWORD } from '../db/seed-base';
import { readScheme } from '../db/repo/schemes';
import { valueToRow } from '../db/repo/reports';
import { buildUnitStory, type Quarter, type UnitStory } from '../db/demo/values';
import { GENESIS_HASH, auditRowHash } from '../db/audit-chain';
import { streamFor, type Rng } from '../db/demo/prng';
import { addDays, chinaDay, isWorkday, prevWorkday } from '../db/demo/calendar';
import { hashPassword } from '../db/password-hash';
import type { ReportValues } from '../shared/report-values';
import type { Scheme } from '../shared/scheme';

export const BENCH_SEED = 0x5eed2018;
export const YEAR = 2018;
/** When the demo story (and therefore the app clock of the bench server) stands. */
export const SEED_NOW = new Date('2019-01-25T02:00:00.000Z');

/** Province prefixes of GB/T 2260 except 33 (浙江, the real demo province). */
const PROVINCES: [string, string][] = [
  ['11', '北京市'], ['12', '天津市'], ['13', '河北省'], ['14', '山西省'], ['15', '内蒙古自治区'],
  ['21', '辽宁省'], ['22', '吉林省'], ['23', '黑龙江省'], ['31', '上海市'], ['32', '江苏省'],
  ['34', '安徽省'], ['35', '福建省'], ['36', '江西省'], ['37', '山东省'], ['41', '河南省'],
  ['42', '湖北省'], ['43', '湖南省'], ['44', '广东省'], ['45', '广西壮族自治区'], ['46', '海南省'],
  ['50', '重庆市'], ['51', '四川省'], ['52', '贵州省'], ['53', '云南省'], ['54', '西藏自治区'],
  ['61', '陕西省'], ['62', '甘肃省'], ['63', '青海省'], ['64', '宁夏回族自治区'], ['65', '新疆维吾尔自治区'],
];
const CITIES_PER_PROVINCE = 10;
const COUNTIES_PER_CITY = 9;
const CITY_NAMES = ['江北', '河东', '山南', '湖西', '临海', '青原', '白石', '金川', '云岭', '松平'];
const COUNTY_KINDS = ['district', 'district', 'county', 'county', 'county', 'county-city', 'county', 'district', 'county'];
const COUNTY_SUFFIX: Record<string, string> = { district: '区', county: '县', 'county-city': '市' };

export interface SyntheticUnit {
  code: string;
  name: string;
  level: 'city' | 'county';
  parentCode: string;
  accountId: number;
}

export interface DatasetStats {
  units: number;
  reportingUnits: number;
  syntheticReportingUnits: number;
  accounts: number;
  reports: number;
  versions: number;
  values: number;
  reviewActions: number;
  auditRows: number;
  notices: number;
  fileBytes: number;
  buildMs: number;
  /** Where the build time went: the real demo seed (its scrypt password hashes dominate), the synthetic rows, checkpoint. */
  phases: { demoSeedMs: number; syntheticMs: number; checkpointMs: number };
}

export interface Dataset {
  dir: string;
  file: string;
  stats: DatasetStats;
  /** The synthetic cities and counties, in code order. */
  units: SyntheticUnit[];
  /** Each synthetic unit's values generator (for the deadline-day submissions). */
  story(code: string): UnitStory;
  /** Synthetic cities whose Q4 report is 'submitted' (waiting for the office's acceptance). */
  submittedCities: string[];
}

const Q_DUE: Record<Quarter, string> = { 1: '2018-04-10', 2: '2018-07-10', 3: '2018-10-10', 4: '2019-01-10' };

function atChina(day: string, hour: number, minute: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hour - 8, minute)).toISOString();
}

function workdayBefore(rng: Rng, due: string, maxDays: number): string {
  const d = addDays(due, -rng.int(0, maxDays));
  return isWorkday(d) ? d : prevWorkday(d);
}

type Q4Fate = 'accepted' | 'submitted' | 'approved' | 'missing';

/** Builds the dataset into `dir` (created when missing). */
export async function buildDataset(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-bench-'))): Promise<Dataset> {
  const t0 = performance.now();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'national.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const { db, sqlite } = openDatabase(file);
  // The real demo province first: it refuses to run on a database that already holds reports.
  await seedIfEmpty(db, { demo: true, now: SEED_NOW });
  const stored = readScheme(db, YEAR);
  if (!stored) throw new Error('bench: 2018 scheme missing after seeding');
  const scheme = stored.scheme;
  const periodIds = new Map<Quarter, number>();
  for (const p of sqlite.prepare('select id, code from periods where scheme_id = ?').all(stored.id) as { id: number; code: string }[]) {
    periodIds.set(Number(p.code.slice(5)) as Quarter, p.id);
  }
  const office = sqlite.prepare("select id from accounts where username = 'office'").get() as { id: number };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const units: SyntheticUnit[] = [];
  const stories = new Map<string, UnitStory>();
  const submittedCities: string[] = [];
  const tSeed = performance.now();
  // A big page cache for the one big transaction, so it is not spilled to the WAL page by page.
  sqlite.pragma('cache_size = -524288');
  sqlite.transaction(() => writeSynthetic(sqlite, scheme, periodIds, office.id, passwordHash, units, stories, submittedCities))();
  const tSynth = performance.now();
  // No ANALYZE: the app never runs it, so the query plans stay those of a real installation.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const phases = { demoSeedMs: tSeed - t0, syntheticMs: tSynth - tSeed, checkpointMs: performance.now() - tSynth };

  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  const stats: DatasetStats = {
    units: count('select count(*) as n from org_units'),
    reportingUnits: count("select count(*) as n from org_units where level in ('city','county')"),
    syntheticReportingUnits: units.length,
    accounts: count('select count(*) as n from accounts'),
    reports: count('select count(*) as n from reports'),
    versions: count('select count(*) as n from report_versions'),
    values: count('select count(*) as n from report_values'),
    reviewActions: count('select count(*) as n from review_actions'),
    auditRows: count('select count(*) as n from audit_log'),
    notices: count('select count(*) as n from notices'),
    fileBytes: 0,
    buildMs: 0,
    phases,
  };
  sqlite.close();
  stats.fileBytes = fs.statSync(file).size;
  stats.buildMs = performance.now() - t0;
  return {
    dir,
    file,
    stats,
    units,
    story: (code) => {
      const s = stories.get(code);
      if (!s) throw new Error(`bench: no story for ${code}`);
      return s;
    },
    submittedCities,
  };
}

function writeSynthetic(
  sqlite: Database.Database,
  scheme: Scheme,
  periodIds: Map<Quarter, number>,
  officeId: number,
  passwordHash: string,
  units: SyntheticUnit[],
  stories: Map<string, UnitStory>,
  submittedCities: string[],
): void {
  const insUnit = sqlite.prepare('insert into org_units (code, name, level, kind, parent_code) values (?, ?, ?, ?, ?)');
  const insAccount = sqlite.prepare(
    'insert into accounts (username, display_name, password_hash, role, unit_code, active, created_at) values (?, ?, ?, ?, ?, 1, ?)',
  );
  const insReport = sqlite.prepare(
    'insert into reports (unit_code, period_id, status, current_version, revision, first_submitted_at, last_submitted_at, return_reason, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insVersion = sqlite.prepare(
    'insert into report_versions (report_id, version, created_at, created_by, submitted_at, submitted_by, source) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insValue = sqlite.prepare(
    'insert into report_values (version_id, indicator_code, date, numerator, denominator, count, yes, extra, evidence_url, evidence_file, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insReview = sqlite.prepare('insert into review_actions (report_id, version, action, reason, account_id, at) values (?, ?, ?, ?, ?, ?)');
  const insNotice = sqlite.prepare('insert into notices (unit_code, kind, title, body, report_id, created_at, read_at) values (?, ?, ?, ?, ?, ?, ?)');
  const insAuditRow = sqlite.prepare(
    'insert into audit_log (at, account_id, username, action, entity, entity_id, unit_code, report_id, before, after, ip, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // Synthetic audit rows join the hash chain like the app's own (db/audit-chain.ts).
  let auditPrev: string | null = null;
  const insAudit = {
    run(...[at, accountId, username, action, entity, entityId, unitCode, reportId, before, after, ip]: [string, number, string, string, string, string, string, number, string | null, string | null, string]) {
      auditPrev ??= (sqlite.prepare('select hash from audit_log order by id desc limit 1').get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
      const hash = auditRowHash(auditPrev, { at, accountId, username, action, entity, entityId, unitCode, reportId, before, after, ip });
      insAuditRow.run(at, accountId, username, action, entity, entityId, unitCode, reportId, before, after, ip, auditPrev, hash);
      auditPrev = hash;
    },
  };
  const createdAt = '2018-01-02T01:00:00.000Z';

  // Org units and accounts.
  const accountOf = new Map<string, { id: number; username: string; name: string }>();
  for (const [prefix, provinceName] of PROVINCES) {
    const provinceCode = `${prefix}0000`;
    insUnit.run(provinceCode, provinceName, 'province', 'province', null);
    for (let c = 1; c <= CITIES_PER_PROVINCE; c++) {
      const cityCode = `${prefix}${String(c).padStart(2, '0')}00`;
      const cityName = `${provinceName.slice(0, 2)}${CITY_NAMES[c - 1]}市`;
      insUnit.run(cityCode, cityName, 'city', 'city', provinceCode);
      const cityAcc = Number(insAccount.run(cityCode, `${cityName}住房和城乡建设局`, passwordHash, 'city', cityCode, createdAt).lastInsertRowid);
      accountOf.set(cityCode, { id: cityAcc, username: cityCode, name: `${cityName}住房和城乡建设局` });
      units.push({ code: cityCode, name: cityName, level: 'city', parentCode: provinceCode, accountId: cityAcc });
      for (let k = 1; k <= COUNTIES_PER_CITY; k++) {
        const code = `${prefix}${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`;
        const kind = COUNTY_KINDS[k - 1];
        const name = `${CITY_NAMES[c - 1]}第${k}${COUNTY_SUFFIX[kind]}`;
        insUnit.run(code, name, 'county', kind, cityCode);
        const acc = Number(insAccount.run(code, `${name}住房和城乡建设局`, passwordHash, 'county', code, createdAt).lastInsertRowid);
        accountOf.set(code, { id: acc, username: code, name: `${name}住房和城乡建设局` });
        units.push({ code, name, level: 'county', parentCode: cityCode, accountId: acc });
      }
    }
  }

  // Reports, versions, values, review trail, notices, audit.
  let cityIndex = 0;
  for (const u of units) {
    const unitRng = streamFor(BENCH_SEED, `quality:${u.code}`);
    const quality = Math.min(1, Math.max(0.15, 0.35 + unitRng.next() * 0.65));
    const story = buildUnitStory(scheme, { code: u.code, level: u.level }, quality, streamFor(BENCH_SEED, `values:${u.code}`));
    stories.set(u.code, story);
    const self = accountOf.get(u.code)!;
    const city = u.level === 'county' ? accountOf.get(u.parentCode)! : null;
    const reviewerUnit = u.level === 'county' ? u.parentCode : u.parentCode.slice(0, 2) + '0000';
    if (u.level === 'city') cityIndex++;
    for (const quarter of [1, 2, 3, 4] as Quarter[]) {
      const rng = streamFor(BENCH_SEED, `report:${u.code}@${quarter}`);
      let fate: Q4Fate = 'accepted';
      if (quarter < 4) {
        if (rng.chance(0.01)) fate = 'missing';
      } else if (u.level === 'city') {
        if (cityIndex % 15 === 0) fate = 'submitted';
      } else {
        const x = rng.next();
        fate = x < 0.03 ? 'missing' : x < 0.07 ? 'approved' : x < 0.1 ? 'submitted' : 'accepted';
      }
      if (fate === 'missing') continue;
      if (fate === 'submitted' && u.level === 'city') submittedCities.push(u.code);
      const due = Q_DUE[quarter];
      const versions = rng.int(2, 6);
      const firstDay = workdayBefore(rng, due, 8);
      const values: ReportValues = story.valuesFor(quarter, due);
      // Timeline: each version is submitted on a working day; returned ones one day later.
      const days: string[] = [];
      let day = firstDay;
      for (let v = 1; v <= versions; v++) {
        days.push(day);
        day = addDays(day, 1);
      }
      const lastDay = days[days.length - 1];
      const status = fate;
      const firstSubmittedAt = atChina(firstDay, 10, 0);
      const lastSubmittedAt = atChina(lastDay, 10, 0);
      const reviewDay = addDays(lastDay, 1);
      const finalAt = status === 'accepted' ? atChina(reviewDay, 16, 0) : status === 'approved' ? atChina(reviewDay, 11, 0) : lastSubmittedAt;
      const revision = versions * 2 + (status === 'accepted' ? (city ? 2 : 1) : status === 'approved' ? 1 : 0);
      const reportId = Number(
        insReport.run(u.code, periodIds.get(quarter)!, status, versions, revision, firstSubmittedAt, lastSubmittedAt, null, finalAt).lastInsertRowid,
      );
      const valuesJson = JSON.stringify(values);
      for (let v = 1; v <= versions; v++) {
        const submitAt = atChina(days[v - 1], 10, 0);
        const versionId = Number(insVersion.run(reportId, v, atChina(days[v - 1], 9, 0), self.id, submitAt, self.id, rng.chance(0.15) ? 'excel' : 'web').lastInsertRowid);
        for (const [code, value] of Object.entries(values)) {
          const r = valueToRow(versionId, code, value);
          insValue.run(
            versionId,
            code,
            r.date ?? null,
            r.numerator ?? null,
            r.denominator ?? null,
            r.count ?? null,
            r.yes == null ? null : r.yes ? 1 : 0,
            r.extra == null ? null : JSON.stringify(r.extra),
            r.evidenceUrl ?? null,
            r.evidenceFile ?? null,
            r.note ?? null,
          );
        }
        insReview.run(reportId, v, 'submit', null, self.id, submitAt);
        insNotice.run(reviewerUnit, 'submitted', `${u.name}报送了报告`, `${u.name}报送了${YEAR}年第${quarter}季度报告（第 ${v} 版），请审核。`, reportId, submitAt, submitAt);
        insAudit.run(submitAt, self.id, self.username, 'report.submit', 'report', String(reportId), u.code, reportId, null, `{"status":"submitted","version":${v},"values":${valuesJson}}`, '10.0.0.1');
        if (v < versions) {
          const at = atChina(days[v - 1], 15, 0);
          const by = city ?? { id: officeId, username: 'office' };
          insReview.run(reportId, v, 'return', '数据有误，请核对后重新报送', by.id, at);
          insNotice.run(u.code, 'returned', '报告被退回', `报告（第 ${v} 版）被退回。理由：数据有误，请核对后重新报送`, reportId, at, at);
          insAudit.run(at, by.id, by.username, 'report.return', 'report', String(reportId), u.code, reportId, `{"status":"submitted","version":${v}}`, `{"status":"returned","version":${v + 1}}`, '10.0.0.2');
        }
      }
      if (status === 'approved' || (status === 'accepted' && city)) {
        const at = atChina(reviewDay, 11, 0);
        insReview.run(reportId, versions, 'approve', null, city!.id, at);
        insNotice.run(u.code, 'approved', '报告已通过市级审核', `${city!.name}审核通过了您单位的报告（第 ${versions} 版）。`, reportId, at, at);
        insAudit.run(at, city!.id, city!.username, 'report.approve', 'report', String(reportId), u.code, reportId, `{"status":"submitted","version":${versions}}`, `{"status":"approved","version":${versions},"reason":null}`, '10.0.0.3');
      }
      if (status === 'accepted') {
        const at = atChina(reviewDay, 16, 0);
        insReview.run(reportId, versions, 'accept', null, officeId, at);
        insNotice.run(u.code, 'accepted', '报告已被厅办公室采纳', `厅办公室采纳了您单位的报告（第 ${versions} 版）。`, reportId, at, at);
        insAudit.run(at, officeId, 'office', 'report.accept', 'report', String(reportId), u.code, reportId, `{"status":"${city ? 'approved' : 'submitted'}","version":${versions}}`, `{"status":"accepted","version":${versions},"reason":null}`, '10.0.0.4');
      }
    }
  }
}

/** The deadline day of Q4 (China 14:00 on the due date): when the bench's submissions happen. */
export const DEADLINE_NOW = new Date('2019-01-10T06:00:00.000Z');
export const DEADLINE_DAY = chinaDay(DEADLINE_NOW.getTime());

/**
 * A copy of the dataset as it stood on the morning of the Q4 deadline for the synthetic units: their
 * Q4 reports (with versions, values, review trail and notices) removed, so every one can submit.
 */
export function makeDeadlineDayDb(ds: Dataset, file: string): void {
  copyDb(ds.file, file);
  const { sqlite } = openDatabase(file, { migrate: false });
  // Children first with foreign keys off: notices.report_id has no index, so letting ON DELETE
  // CASCADE find them would scan the notices table once per deleted report.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.transaction(() => {
    sqlite.exec("create temp table gone as select r.id as id from reports r join periods p on p.id = r.period_id where p.code = '2018Q4' and r.unit_code not like '33%'");
    sqlite.exec('delete from report_values where version_id in (select v.id from report_versions v where v.report_id in (select id from gone))');
    sqlite.exec('delete from report_versions where report_id in (select id from gone)');
    sqlite.exec('delete from review_actions where report_id in (select id from gone)');
    sqlite.exec('delete from review_flags where report_id in (select id from gone)');
    sqlite.exec('delete from notices where report_id in (select id from gone)');
    sqlite.exec('delete from reports where id in (select id from gone)');
    sqlite.exec('drop table gone');
  })();
  sqlite.pragma('foreign_keys = ON');
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length) throw new Error(`bench: deadline-day copy has ${broken.length} dangling references`);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

/** Copies a checkpointed database file (no -wal / -shm left behind by a clean close). */
export function copyDb(from: string, to: string): void {
  for (const f of [to, `${to}-wal`, `${to}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(from, to);
}
