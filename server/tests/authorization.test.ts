/**
 * The authorization table: every procedure of the router, for each role and for own unit / own
 * county / another city's unit, says exactly what is allowed. It enumerates the router itself, so a
 * new procedure without an entry here fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../root';
import { DEFAULT_POLICY } from '../../shared/security-policy';
import { ADMIN_ROLES, BUSINESS_ROLES, ROLES as ALL_ROLES, type Role } from '../../shared/roles';
import { annualReports, budgetItems, ledgerTasks, periods, reports, taskReports } from '../../db/schema';
import { callerFor } from '../../tests/helpers/callers';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

type Actor = 'anon' | Role;
type Outcome = 'ok' | 'forbidden' | 'unauthorized';
const USER: Record<Role, string> = {
  office: 'office',
  leader: 'leader',
  city: '330100',
  county: '330106',
  division: '330001',
  sysadmin: 'sysadmin',
  secadmin: 'secadmin',
  auditor: 'auditor',
};
const ROLES: readonly Role[] = ALL_ROLES;

interface Case {
  as: Actor;
  input: () => unknown;
  expect: Outcome;
  label: string;
}

let s: TestServer;
/** Report ids used as targets: own county (330106, 杭州市's county), another city's county (330212, 宁波市). */
const ids = { ownReport: 0, otherReport: 0, cityReport: 0, ownFlag: 0, otherFlag: 0, ownTask: 0, otherTask: 0, ownTaskReport: 0, otherTaskReport: 0, ownAnnual: 0, otherAnnual: 0, ownBudget: 0, otherBudget: 0 };

function reportId(unitCode: string, periodCode: string): number {
  const p = s.db.select().from(periods).where(eq(periods.code, periodCode)).get()!;
  return s.db.select().from(reports).where(and(eq(reports.unitCode, unitCode), eq(reports.periodId, p.id))).get()!.id;
}

/** Every role, administrators included. */
const everyone = (outcome: Outcome, input: () => unknown = () => undefined): Case[] => ROLES.map((as) => ({ as, input, expect: outcome, label: 'any role' }));
/** The three administrators (三员) are refused business procedures: they never read report values. */
const noAdmins = (input: () => unknown = () => undefined): Case[] => ADMIN_ROLES.map((as) => ({ as, input, expect: 'forbidden', label: 'administrator' }));
/** Every business role gets the outcome; the administrators are refused. */
const all = (outcome: Outcome, input: () => unknown = () => undefined): Case[] => [
  ...BUSINESS_ROLES.map((as): Case => ({ as, input, expect: outcome, label: 'any unit' })),
  ...noAdmins(input),
];
const only = (allowed: Actor[], input: () => unknown, label = ''): Case[] =>
  ROLES.map((as) => ({ as, input, expect: allowed.includes(as) ? 'ok' : 'forbidden', label }));
const c = (as: Actor, expect: Outcome, label: string, input: () => unknown): Case => ({ as, expect, label, input });

const KEY_OWN = { unitCode: '330106', periodCode: '2018Q4' };
const KEY_OTHER = { unitCode: '330212', periodCode: '2018Q4' };
const ANNUAL_OWN = { unitCode: '330106', year: 2018 };
const ANNUAL_OTHER = { unitCode: '330212', year: 2018 };
const EMPTY_ANNUAL = { cells: {}, texts: {}, publishedUrl: null, publishedOn: null };

/** The unit's 2018 annual report (the demo's, or a draft created here). */
async function annualId(unitCode: string): Promise<number> {
  const found = s.db.select().from(annualReports).where(and(eq(annualReports.unitCode, unitCode), eq(annualReports.year, 2018))).get();
  if (found?.status === 'accepted') {
    // Reopen so that its own account can reach past the state check.
    await callerFor(s.services, 'office').annualReports.reopen({ reportId: found.id, revision: found.revision, reason: '授权测试重新开放' });
  }
  if (found) return found.id;
  return (await callerFor(s.services, unitCode).annualReports.saveDraft({ unitCode, year: 2018, revision: 0, data: EMPTY_ANNUAL })).reportId;
}

/** procedure path → cases (anonymous access is checked for every procedure separately). */
const TABLE: Record<string, { public?: boolean; cases: Case[] }> = {
  'auth.login': { public: true, cases: [c('anon', 'ok', 'public', () => ({ username: 'leader', password: 'demo2018' }))] },
  'auth.logout': { public: true, cases: [c('anon', 'ok', 'public', () => null)] },
  'auth.me': { cases: everyone('ok') },
  'auth.changePassword': { cases: everyone('ok', () => ({ currentPassword: 'wrong-one', newPassword: 'another2019' })) },
  'auth.logoutEverywhere': { cases: everyone('ok') },
  'accounts.list': { cases: only(['sysadmin', 'secadmin'], () => ({})) },
  'accounts.create': { cases: only(['sysadmin'], () => ({ accounts: [{ unitCode: '330000', displayName: '越权测试', role: 'city' }] })) },
  'accounts.importExcel': { cases: only(['sysadmin'], () => ({ fileName: 'x.xlsx', contentBase64: '' })) },
  'accounts.resetPassword': { cases: only(['sysadmin'], () => ({ id: 999999 })) },
  'accounts.setActive': { cases: only(['sysadmin'], () => ({ id: 999999, active: false, reason: '授权测试' })) },
  'accounts.unlock': { cases: only(['sysadmin'], () => ({ id: 999999 })) },
  'accounts.setRole': { cases: only(['secadmin'], () => ({ id: 999999, role: 'leader' })) },
  'security.policy': { cases: only(['secadmin'], () => undefined) },
  'security.setPolicy': { cases: only(['secadmin'], () => ({ ...DEFAULT_POLICY })) },
  'orgUnits.close': { cases: only(['sysadmin'], () => ({ code: '999999', validTo: '2019-12-31', reason: '授权测试' })) },
  'orgUnits.list': { cases: everyone('ok') },
  'orgUnits.get': {
    cases: [
      c('county', 'ok', 'own unit', () => ({ code: '330106' })),
      c('county', 'forbidden', 'another county', () => ({ code: '330108' })),
      c('division', 'ok', 'own unit', () => ({ code: '330001' })),
      c('division', 'forbidden', 'a county', () => ({ code: '330106' })),
      c('city', 'ok', 'own county', () => ({ code: '330106' })),
      c('city', 'forbidden', "another city's county", () => ({ code: '330212' })),
      c('leader', 'ok', 'any', () => ({ code: '330212' })),
      c('office', 'ok', 'any', () => ({ code: '330212' })),
      c('sysadmin', 'ok', 'maintains the org structure', () => ({ code: '330212' })),
      c('secadmin', 'forbidden', 'administrator', () => ({ code: '330212' })),
      c('auditor', 'forbidden', 'administrator', () => ({ code: '330212' })),
    ],
  },
  'periods.list': { cases: all('ok', () => ({ year: 2018 })) },
  'periods.current': { cases: all('ok') },
  'periods.update': { cases: only(['office'], () => ({ code: '2018Q1', opens: '2018-03-20', due: '2018-04-10', locks: '2018-04-30' })) },
  'periods.extendDue': { cases: only(['office'], () => ({ periodCode: '2018Q4', unitCode: '330212', due: '2019-01-20', reason: '测试延期' })) },
  'periods.statusGrid': {
    cases: [
      ...all('ok', () => ({ year: 2018 })),
      c('city', 'ok', 'own city filter', () => ({ year: 2018, cityCode: '330100' })),
      c('city', 'forbidden', 'another city filter', () => ({ year: 2018, cityCode: '330200' })),
      c('county', 'forbidden', 'a city filter', () => ({ year: 2018, cityCode: '330200' })),
    ],
  },
  'periods.remind': { cases: only(['office'], () => ({ periodCode: '2018Q4' })) },
  'reports.get': {
    cases: [
      c('county', 'ok', 'own unit', () => KEY_OWN),
      c('county', 'forbidden', 'another unit', () => KEY_OTHER),
      c('division', 'ok', 'own unit', () => ({ unitCode: '330001', periodCode: '2018Q4' })),
      c('division', 'forbidden', 'a county', () => KEY_OWN),
      c('city', 'ok', 'own county', () => KEY_OWN),
      c('city', 'ok', 'own unit', () => ({ unitCode: '330100', periodCode: '2018Q4' })),
      c('city', 'forbidden', "another city's county", () => KEY_OTHER),
      c('leader', 'ok', 'any', () => KEY_OTHER),
      c('office', 'ok', 'any', () => KEY_OTHER),
      ...noAdmins(() => KEY_OWN),
    ],
  },
  'reports.saveDraft': {
    cases: [
      c('county', 'ok', 'own unit (stale revision: a conflict, past the scope check)', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('county', 'forbidden', 'another unit', () => ({ ...KEY_OTHER, revision: 0, values: {} })),
      c('division', 'forbidden', 'a county', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('city', 'forbidden', 'own county: review, not write', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('leader', 'forbidden', 'read-only', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('office', 'forbidden', 'does not report', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      ...noAdmins(() => ({ ...KEY_OWN, revision: 0, values: {} })),
    ],
  },
  'reports.submit': {
    cases: [
      c('county', 'forbidden', 'another unit', () => ({ ...KEY_OTHER, revision: 0, values: {} })),
      c('division', 'forbidden', 'a county', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('city', 'forbidden', 'own county', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('leader', 'forbidden', 'read-only', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      c('office', 'forbidden', 'does not report', () => ({ ...KEY_OWN, revision: 0, values: {} })),
      ...noAdmins(() => ({ ...KEY_OTHER, revision: 0, values: {} })),
    ],
  },
  'reports.versions': {
    cases: [
      c('county', 'ok', 'own', () => ({ reportId: ids.ownReport })),
      c('county', 'forbidden', 'other', () => ({ reportId: ids.otherReport })),
      c('division', 'forbidden', 'a county', () => ({ reportId: ids.ownReport })),
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownReport })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport })),
      c('leader', 'ok', 'any', () => ({ reportId: ids.otherReport })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherReport })),
      ...noAdmins(() => ({ reportId: ids.ownReport })),
    ],
  },
  'reports.receipt': {
    cases: [
      c('county', 'ok', 'own (not submitted is fine)', () => ({ reportId: ids.ownReport })),
      c('county', 'forbidden', 'other', () => ({ reportId: ids.otherReport })),
      c('division', 'forbidden', 'a county', () => ({ reportId: ids.ownReport })),
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownReport })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport })),
      c('leader', 'ok', 'any', () => ({ reportId: ids.otherReport })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherReport })),
      ...noAdmins(() => ({ reportId: ids.ownReport })),
    ],
  },
  'reports.verifyReceipt': { cases: only(['office'], () => ({ hash: 'a'.repeat(64) })) },
  'reports.compare': {
    cases: [
      c('county', 'ok', 'own', () => ({ reportId: ids.ownReport, version: 1 })),
      c('county', 'forbidden', 'other', () => ({ reportId: ids.otherReport, version: 1 })),
      c('division', 'forbidden', 'a county', () => ({ reportId: ids.ownReport, version: 1 })),
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownReport, version: 1 })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport, version: 1 })),
      c('leader', 'ok', 'any', () => ({ reportId: ids.otherReport, version: 1 })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherReport, version: 1 })),
      ...noAdmins(() => ({ reportId: ids.ownReport, version: 1 })),
    ],
  },
  'reviews.queue': { cases: only(['office', 'city'], () => ({})) },
  'reviews.handled': { cases: only(['office', 'city'], () => ({})) },
  'reviews.bulk': {
    cases: [
      c('city', 'ok', 'own county (state conflict is fine)', () => ({ action: 'approve', items: [{ reportId: ids.ownReport, revision: 0 }] })),
      c('city', 'forbidden', "another city's county", () => ({ action: 'approve', items: [{ reportId: ids.ownReport, revision: 0 }, { reportId: ids.otherReport, revision: 0 }] })),
      c('city', 'forbidden', 'accepting is the office\'s step', () => ({ action: 'accept', items: [{ reportId: ids.ownReport, revision: 0 }] })),
      c('county', 'forbidden', 'own', () => ({ action: 'approve', items: [{ reportId: ids.ownReport, revision: 0 }] })),
      c('division', 'forbidden', 'does not review', () => ({ action: 'approve', items: [{ reportId: ids.ownReport, revision: 0 }] })),
      c('leader', 'forbidden', 'any', () => ({ action: 'accept', items: [{ reportId: ids.otherReport, revision: 0 }] })),
      c('office', 'ok', 'any', () => ({ action: 'accept', items: [{ reportId: ids.otherReport, revision: 0 }] })),
      c('office', 'forbidden', 'approving is the city\'s step', () => ({ action: 'approve', items: [{ reportId: ids.ownReport, revision: 0 }] })),
      ...noAdmins(() => ({ action: 'accept', items: [{ reportId: ids.ownReport, revision: 0 }] })),
    ],
  },
  'reviews.approve': {
    cases: [
      c('city', 'ok', 'own county (state conflict is fine)', () => ({ reportId: ids.ownReport, revision: 0 })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport, revision: 0 })),
      c('county', 'forbidden', 'own', () => ({ reportId: ids.ownReport, revision: 0 })),
      c('division', 'forbidden', 'does not review', () => ({ reportId: ids.ownReport, revision: 0 })),
      c('leader', 'forbidden', 'any', () => ({ reportId: ids.ownReport, revision: 0 })),
      c('office', 'forbidden', 'approving is the city\'s step', () => ({ reportId: ids.ownReport, revision: 0 })),
      ...noAdmins(() => ({ reportId: ids.ownReport, revision: 0 })),
    ],
  },
  'reviews.accept': { cases: only(['office'], () => ({ reportId: ids.otherReport, revision: 0 })) },
  'reviews.return': {
    cases: [
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownReport, revision: 0, reason: '请核实' })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport, revision: 0, reason: '请核实' })),
      c('city', 'forbidden', 'its own report', () => ({ reportId: ids.cityReport, revision: 0, reason: '请核实' })),
      c('county', 'forbidden', 'own', () => ({ reportId: ids.ownReport, revision: 0, reason: '请核实' })),
      c('division', 'forbidden', 'does not review', () => ({ reportId: ids.ownReport, revision: 0, reason: '请核实' })),
      c('leader', 'forbidden', 'any', () => ({ reportId: ids.ownReport, revision: 0, reason: '请核实' })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherReport, revision: 0, reason: '请核实' })),
      ...noAdmins(() => ({ reportId: ids.ownReport, revision: 0, reason: '请核实' })),
    ],
  },
  'reviews.reopen': { cases: only(['office'], () => ({ reportId: ids.otherReport, revision: 0, reason: '重新核查' })) },
  'reviews.flag': {
    cases: [
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: '请补充台账' })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherReport, indicatorCode: 'HS-01', comment: 'x' })),
      c('county', 'forbidden', 'own', () => ({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: 'x' })),
      c('division', 'forbidden', 'does not review', () => ({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: 'x' })),
      c('leader', 'forbidden', 'any', () => ({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: 'x' })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherReport, indicatorCode: 'HS-01', comment: '请补充' })),
      ...noAdmins(() => ({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: '请补充台账' })),
    ],
  },
  'reviews.resolveFlag': {
    cases: [
      c('city', 'ok', 'own county', () => ({ flagId: ids.ownFlag })),
      c('city', 'forbidden', "another city's county", () => ({ flagId: ids.otherFlag })),
      c('county', 'forbidden', 'own', () => ({ flagId: ids.ownFlag })),
      c('division', 'forbidden', 'does not review', () => ({ flagId: ids.ownFlag })),
      c('leader', 'forbidden', 'any', () => ({ flagId: ids.ownFlag })),
      c('office', 'ok', 'any', () => ({ flagId: ids.otherFlag })),
      ...noAdmins(() => ({ flagId: ids.ownFlag })),
    ],
  },
  'notices.list': { cases: all('ok') },
  'notices.unreadCount': { cases: all('ok') },
  // The read-only leader changes nothing, not even the office's unread marks.
  'notices.markRead': { cases: only(['office', 'city', 'county', 'division'], () => ({ ids: [999999] }), 'writers of their own unit') },
  'audit.list': { cases: only(['office', 'auditor'], () => ({})) },
  'ops.status': { cases: only(['sysadmin'], () => undefined, 'operations page') },
  'ops.backupNow': { cases: only(['sysadmin'], () => ({}), 'backup on demand') },
  'audit.verify': { cases: only(['auditor'], () => undefined) },
  'dashboard.overview': {
    cases: [
      ...all('ok', () => ({ year: 2018 })).filter((k) => k.as !== 'division'),
      c('division', 'forbidden', "the bureaus' dashboard; divisions work on the ledger", () => ({ year: 2018 })),
      c('office', 'ok', 'a city', () => ({ year: 2018, cityCode: '330200' })),
      c('city', 'ok', 'own city', () => ({ year: 2018, cityCode: '330100' })),
      c('city', 'forbidden', 'another city', () => ({ year: 2018, cityCode: '330200' })),
      c('county', 'forbidden', 'a city', () => ({ year: 2018, cityCode: '330100' })),
    ],
  },
  'dashboard.topics': {
    cases: [
      ...all('ok', () => ({ year: 2018 })).filter((k) => k.as !== 'division'),
      c('division', 'forbidden', "the bureaus' dashboard; divisions work on the ledger", () => ({ year: 2018 })),
      c('city', 'forbidden', 'another city', () => ({ year: 2018, cityCode: '330200' })),
    ],
  },
  'scheme.years': { cases: all('ok') },
  'scheme.get': { cases: all('ok', () => ({ year: 2018 })) },
  'scheme.save': { cases: only(['office'], () => ({ year: 2018, version: 0, scheme: {} })) },
  'scheme.copy': { cases: only(['office'], () => ({ fromYear: 2018, toYear: 2030 })) },
  'scores.ranking': {
    cases: [
      ...all('ok', () => ({ year: 2018 })),
      ...only(['office', 'leader'], () => ({ year: 2018, periodCode: '2018Q3' }), 'quarterly progress ranking'),
    ],
  },
  'scores.unit': {
    cases: [
      c('office', 'ok', 'any (live draft)', () => ({ year: 2018, unitCode: '330212' })),
      c('leader', 'ok', 'any (progress)', () => ({ year: 2018, unitCode: '330212', periodCode: '2018Q3' })),
      c('city', 'ok', 'own county', () => ({ year: 2018, unitCode: '330106', periodCode: '2018Q3' })),
      c('city', 'forbidden', "another city's county", () => ({ year: 2018, unitCode: '330212', periodCode: '2018Q3' })),
      c('county', 'ok', 'own', () => ({ year: 2018, unitCode: '330106', periodCode: '2018Q3' })),
      c('division', 'ok', 'own unit', () => ({ year: 2018, unitCode: '330001' })),
      c('division', 'forbidden', 'a county', () => ({ year: 2018, unitCode: '330106' })),
      c('county', 'forbidden', 'another county', () => ({ year: 2018, unitCode: '330108', periodCode: '2018Q3' })),
      ...noAdmins(() => ({ year: 2018, unitCode: '330212' })),
    ],
  },
  'scores.publish': { cases: only(['office'], () => ({ year: 2031 })) },
  'scores.publications': { cases: all('ok', () => ({ year: 2018 })) },
  'scores.adjustments': { cases: only(['office'], () => ({ year: 2018 })) },
  'scores.adjust': { cases: only(['office'], () => ({ year: 2018, unitCode: '330212', points: 0.5, reason: '授权测试' })) },
  'scores.setManualScore': { cases: only(['office'], () => ({ year: 2018, unitCode: '330212', indicatorCode: 'MC-03', points: 1, reason: '授权测试' })) },
  'annualReports.get': {
    cases: [
      c('county', 'ok', 'own unit', () => ANNUAL_OWN),
      c('county', 'forbidden', 'another unit', () => ANNUAL_OTHER),
      c('division', 'forbidden', 'a county', () => ANNUAL_OWN),
      c('city', 'ok', 'own county', () => ANNUAL_OWN),
      c('city', 'forbidden', "another city's county", () => ANNUAL_OTHER),
      c('leader', 'ok', 'any', () => ANNUAL_OTHER),
      c('office', 'ok', 'any', () => ANNUAL_OTHER),
      ...noAdmins(() => ANNUAL_OWN),
    ],
  },
  'annualReports.saveDraft': {
    cases: [
      c('county', 'ok', 'own unit (stale revision: a conflict, past the scope check)', () => ({ ...ANNUAL_OWN, revision: 999, data: EMPTY_ANNUAL })),
      c('county', 'forbidden', 'another unit', () => ({ ...ANNUAL_OTHER, revision: 0, data: EMPTY_ANNUAL })),
      c('division', 'forbidden', 'a county', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('city', 'forbidden', 'own county: review, not write', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('leader', 'forbidden', 'read-only', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('office', 'forbidden', 'does not report', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      ...noAdmins(() => ({ ...ANNUAL_OWN, revision: 999, data: EMPTY_ANNUAL })),
    ],
  },
  'annualReports.submit': {
    cases: [
      c('county', 'ok', 'own unit (stale revision)', () => ({ ...ANNUAL_OWN, revision: 999, data: EMPTY_ANNUAL })),
      c('county', 'forbidden', 'another unit', () => ({ ...ANNUAL_OTHER, revision: 0, data: EMPTY_ANNUAL })),
      c('division', 'forbidden', 'a county', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('city', 'forbidden', 'own county', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('leader', 'forbidden', 'read-only', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      c('office', 'forbidden', 'does not report', () => ({ ...ANNUAL_OWN, revision: 0, data: EMPTY_ANNUAL })),
      ...noAdmins(() => ({ ...ANNUAL_OWN, revision: 999, data: EMPTY_ANNUAL })),
    ],
  },
  'annualReports.versions': {
    cases: [
      c('county', 'ok', 'own', () => ({ reportId: ids.ownAnnual })),
      c('county', 'forbidden', 'other', () => ({ reportId: ids.otherAnnual })),
      c('division', 'forbidden', 'a county', () => ({ reportId: ids.ownAnnual })),
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownAnnual })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherAnnual })),
      c('leader', 'ok', 'any', () => ({ reportId: ids.otherAnnual })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherAnnual })),
      ...noAdmins(() => ({ reportId: ids.ownAnnual })),
    ],
  },
  'annualReports.compare': {
    cases: [
      c('county', 'ok', 'own', () => ({ reportId: ids.ownAnnual, version: 1 })),
      c('county', 'forbidden', 'other', () => ({ reportId: ids.otherAnnual, version: 1 })),
      c('division', 'forbidden', 'a county', () => ({ reportId: ids.ownAnnual, version: 1 })),
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownAnnual, version: 1 })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherAnnual, version: 1 })),
      c('leader', 'ok', 'any', () => ({ reportId: ids.otherAnnual, version: 1 })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherAnnual, version: 1 })),
      ...noAdmins(() => ({ reportId: ids.ownAnnual, version: 1 })),
    ],
  },
  'annualReports.approve': {
    cases: [
      c('city', 'ok', 'own county (state conflict is fine)', () => ({ reportId: ids.ownAnnual, revision: 999 })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherAnnual, revision: 999 })),
      c('county', 'forbidden', 'own', () => ({ reportId: ids.ownAnnual, revision: 999 })),
      c('division', 'forbidden', 'does not review', () => ({ reportId: ids.ownAnnual, revision: 999 })),
      c('leader', 'forbidden', 'any', () => ({ reportId: ids.ownAnnual, revision: 999 })),
      c('office', 'forbidden', "approving is the city's step", () => ({ reportId: ids.ownAnnual, revision: 999 })),
      ...noAdmins(() => ({ reportId: ids.ownAnnual, revision: 999 })),
    ],
  },
  'annualReports.accept': { cases: only(['office'], () => ({ reportId: ids.otherAnnual, revision: 999 })) },
  'annualReports.return': {
    cases: [
      c('city', 'ok', 'own county', () => ({ reportId: ids.ownAnnual, revision: 999, reason: '请核实' })),
      c('city', 'forbidden', "another city's county", () => ({ reportId: ids.otherAnnual, revision: 999, reason: '请核实' })),
      c('county', 'forbidden', 'own', () => ({ reportId: ids.ownAnnual, revision: 999, reason: '请核实' })),
      c('division', 'forbidden', 'does not review', () => ({ reportId: ids.ownAnnual, revision: 999, reason: '请核实' })),
      c('leader', 'forbidden', 'any', () => ({ reportId: ids.ownAnnual, revision: 999, reason: '请核实' })),
      c('office', 'ok', 'any', () => ({ reportId: ids.otherAnnual, revision: 999, reason: '请核实' })),
      ...noAdmins(() => ({ reportId: ids.ownAnnual, revision: 999, reason: '请核实' })),
    ],
  },
  'annualReports.reopen': { cases: only(['office'], () => ({ reportId: ids.otherAnnual, revision: 999, reason: '重新核查' })) },
  'annualReports.grid': {
    cases: [
      ...all('ok', () => ({ year: 2018 })),
      c('city', 'ok', 'own city filter', () => ({ year: 2018, cityCode: '330100' })),
      c('city', 'forbidden', 'another city filter', () => ({ year: 2018, cityCode: '330200' })),
      c('county', 'forbidden', 'a city filter', () => ({ year: 2018, cityCode: '330200' })),
    ],
  },
  'annualReports.summary': { cases: only(['office', 'leader'], () => ({ year: 2018 })) },
  'annualReports.setDue': { cases: only(['office'], () => ({ year: 2018, due: '2019-01-31' })) },
  'annualReports.remind': { cases: only(['office'], () => ({ year: 2030 })) },
  'scores.removeAdjustment': { cases: only(['office'], () => ({ id: 999999, reason: '授权测试' })) },
  'divisions.list': { cases: all('ok') },
  'divisions.save': { cases: only(['office'], () => ({ code: '330099', name: '测试处', duties: '授权测试' })) },
  'divisions.retire': { cases: only(['office'], () => ({ code: '330099', validTo: null })) },
  'ledger.years': { cases: all('ok') },
  'ledger.list': {
    cases: [
      ...only(['office', 'leader', 'division'], () => ({ year: 2018 }), 'bureaus do not see the department ledger; a division its own rows'),
      c('division', 'forbidden', 'another division filter', () => ({ year: 2018, division: '330003' })),
    ],
  },
  'ledger.tasks': { cases: only(['office', 'leader', 'division'], () => ({ year: 2018 })) },
  'ledger.report': {
    cases: [
      ...only(['division'], () => ({ taskId: ids.ownTask, instance: '2018Q1', revision: 99, progress: 'in_progress' }), 'divisions only'),
      c('division', 'ok', 'own task (stale revision: a conflict, past the scope check)', () => ({ taskId: ids.ownTask, instance: '2018Q1', revision: 99, progress: 'in_progress' })),
      c('division', 'forbidden', "another division's task", () => ({ taskId: ids.otherTask, instance: 'once', revision: 0, progress: 'in_progress' })),
    ],
  },
  'ledger.accept': { cases: only(['office'], () => ({ taskReportId: ids.otherTaskReport, revision: 99 })) },
  'ledger.return': { cases: only(['office'], () => ({ taskReportId: ids.otherTaskReport, revision: 99, reason: '授权测试' })) },
  'ledger.history': {
    cases: [
      ...only(['office', 'leader'], () => ({ taskReportId: ids.otherTaskReport })).filter((k) => k.as !== 'division'),
      c('division', 'ok', 'own', () => ({ taskReportId: ids.ownTaskReport })),
      c('division', 'forbidden', 'another division', () => ({ taskReportId: ids.otherTaskReport })),
    ],
  },
  'ledger.remind': { cases: only(['office'], () => ({ year: 2018 })) },
  'ledger.saveTask': {
    cases: [
      ...only(['office'], () => ({ year: 2030, task: { clause: '十四', text: '授权测试任务', owners: ['330001'], recurrence: 'once', due: '2030-12-31', evidenceRequired: '网址' } })),
    ],
  },
  'budgets.list': {
    cases: [
      ...only(['office', 'leader', 'division'], () => ({ year: 2018 }), 'bureaus do not see the department budgets; a division its own'),
      c('division', 'forbidden', 'another division filter', () => ({ year: 2018, division: '330003' })),
    ],
  },
  'budgets.save': {
    cases: [
      ...only(['division'], () => ({ revision: 0, kind: 'budget', fiscalYear: 2030, title: '授权测试', approvedOn: '2030-01-01' }), 'divisions only (a future approval date: refused past the gate)'),
      c('division', 'ok', 'own item (stale revision: a conflict, past the scope check)', () => ({ id: ids.ownBudget, revision: 99, kind: 'sangong', fiscalYear: 2018, title: '授权测试', approvedOn: '2018-12-01' })),
      c('division', 'forbidden', "another division's item", () => ({ id: ids.otherBudget, revision: 2, kind: 'budget', fiscalYear: 2018, title: '越权修改', approvedOn: '2018-02-05' })),
    ],
  },
  'budgets.accept': { cases: only(['office'], () => ({ id: ids.otherBudget, revision: 99 })) },
  'budgets.return': { cases: only(['office'], () => ({ id: ids.otherBudget, revision: 99, reason: '授权测试' })) },
  'budgets.history': {
    cases: [
      ...only(['office', 'leader'], () => ({ id: ids.otherBudget })).filter((k) => k.as !== 'division'),
      c('division', 'ok', 'own', () => ({ id: ids.ownBudget })),
      c('division', 'forbidden', 'another division', () => ({ id: ids.otherBudget })),
    ],
  },
  'department.overview': { cases: only(['office', 'leader'], () => ({ year: 2018 }), 'the whole department: office and leaders only') },
  'publicResults.settings': { cases: only(['office'], () => undefined) },
  'publicResults.setDivisionsPublic': { cases: only(['office'], () => ({ year: 2031, public: false })) },
};

beforeAll(async () => {
  s = await startTestServer();
  ids.ownReport = reportId('330106', '2018Q4');
  ids.otherReport = reportId('330212', '2018Q4');
  ids.cityReport = reportId('330100', '2018Q4');
  const tasks = s.db.select().from(ledgerTasks).where(eq(ledgerTasks.year, 2018)).all();
  ids.ownTask = tasks.find((t) => t.recurrence === 'quarterly')!.id; // 办公室's quarterly spot check
  ids.otherTask = tasks.find((t) => t.owners.length === 1 && t.owners[0] === '330005')!.id; // 住房保障处
  // The demo story's task reports of 办公室 (own) and 住房保障处 (another division).
  ids.ownTaskReport = s.db.select().from(taskReports).where(eq(taskReports.unitCode, '330001')).get()!.id;
  ids.otherTaskReport = s.db.select().from(taskReports).where(eq(taskReports.unitCode, '330005')).get()!.id;
  // Budget items: 计划财务处's from the demo (another division), and one 办公室 records here (own).
  ids.otherBudget = s.db.select().from(budgetItems).where(eq(budgetItems.unitCode, '330003')).get()!.id;
  ids.ownBudget = (
    await callerFor(s.services, '330001').budgets.save({ revision: 0, kind: 'sangong', fiscalYear: 2018, title: '授权测试：会议费公开', approvedOn: '2018-12-01', publishedOn: null })
  ).id;
  ids.ownAnnual = await annualId('330106');
  ids.otherAnnual = await annualId('330212');
  const office = callerFor(s.services, 'office');
  // Reopen 西湖区's accepted Q4 report so that its own account can reach past the scope check.
  const own = s.db.select().from(reports).where(eq(reports.id, ids.ownReport)).get()!;
  await office.reviews.reopen({ reportId: own.id, revision: own.revision, reason: '授权测试重新开放' });
  ids.ownFlag = (await office.reviews.flag({ reportId: ids.ownReport, indicatorCode: 'HS-01', comment: '核对' })).id;
  ids.otherFlag = (await office.reviews.flag({ reportId: ids.otherReport, indicatorCode: 'HS-01', comment: '核对' })).id;
});
afterAll(() => s.close());

async function outcome(path: string, as: Actor, input: unknown): Promise<{ outcome: Outcome; detail: string }> {
  const caller = callerFor(s.services, as === 'anon' ? null : USER[as]);
  const [group, name] = path.split('.');
  const proc = (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[group][name];
  try {
    await proc(input);
    return { outcome: 'ok', detail: 'ok' };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    if (err.code === 'FORBIDDEN') return { outcome: 'forbidden', detail: err.message };
    if (err.code === 'UNAUTHORIZED') return { outcome: 'unauthorized', detail: err.message };
    // Past the gate: a business answer (conflict, invalid input, not found) is not a permission answer.
    return { outcome: 'ok', detail: `${err.code}: ${err.message}` };
  }
}

describe('authorization table', () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it('has an entry for every procedure of the router, and none for procedures that do not exist', () => {
    expect(procedures.filter((p) => !TABLE[p])).toEqual([]);
    expect(Object.keys(TABLE).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it('has a row for every role (the three administrators and the business roles) for every signed-in procedure', () => {
    const missing = Object.entries(TABLE)
      .filter(([, e]) => !e.public)
      .flatMap(([path, e]) => ROLES.filter((r) => !e.cases.some((k) => k.as === r)).map((r) => `${path} × ${r}`));
    expect(missing).toEqual([]);
  });

  for (const path of procedures) {
    it(`${path}`, async () => {
      const entry = TABLE[path];
      if (!entry) return; // reported by the test above
      if (!entry.public) {
        const anon = await outcome(path, 'anon', entry.cases[0]?.input());
        expect(anon.outcome, `${path} as anonymous`).toBe('unauthorized');
      }
      for (const k of entry.cases) {
        const got = await outcome(path, k.as, k.input());
        expect(got.outcome, `${path} as ${k.as} (${k.label}): ${got.detail}`).toBe(k.expect);
      }
    });
  }
});
