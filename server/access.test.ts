import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../shared/roles';
import type { SessionUser } from './auth/sessions';
import { awaitsReviewBy, canAccessUnit, homeScope, mayReport, policyOf, readableUnitCodes, reviewableFrom, type UnitAccess } from './access';

const user = (role: Role, unitCode: string, unitLevel: SessionUser['unitLevel']): SessionUser => ({
  accountId: 1,
  username: 'u',
  displayName: 'u',
  role,
  unitCode,
  unitName: 'u',
  unitLevel,
  unitParentCode: null,
});
const office = user('office', '330000', 'province');
const leader = user('leader', '330000', 'province');
const city = user('city', '330100', 'city');
const county = user('county', '330106', 'county');

const PROVINCE = { code: '330000', parentCode: null, level: 'province' as const };
const HANGZHOU = { code: '330100', parentCode: '330000', level: 'city' as const };
const XIHU = { code: '330106', parentCode: '330100', level: 'county' as const };
const NINGBO_COUNTY = { code: '330212', parentCode: '330200', level: 'county' as const };

describe('the access module', () => {
  it('decides every role of shared/roles.ts', () => {
    for (const role of ROLES) expect(() => policyOf(role)).not.toThrow();
  });

  it('the three administrators (三员) get no unit data: no read, write or review of any unit', () => {
    for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) {
      const admin = user(role, '330000', 'province');
      for (const unit of [PROVINCE, HANGZHOU, XIHU]) for (const a of ['read', 'write', 'review'] as const) expect(canAccessUnit(admin, unit, a)).toBe(false);
      expect(readableUnitCodes(admin, () => [])).toEqual(new Set());
      expect(homeScope(admin)).toBeNull();
      expect(mayReport(admin, PROVINCE)).toBe(false);
      expect(reviewableFrom('accept', admin, HANGZHOU)).toEqual([]);
    }
    expect(canAccessUnit(user('sysadmin', '330000', 'province'), XIHU, 'org')).toBe(true);
    expect(canAccessUnit(user('auditor', '330000', 'province'), XIHU, 'org')).toBe(false);
  });

  it.each<[string, SessionUser, typeof XIHU | typeof HANGZHOU | typeof PROVINCE, UnitAccess, boolean]>([
    ['office reads a county', office, XIHU, 'read', true],
    ['office reviews a county', office, XIHU, 'review', true],
    ['office does not write for a county', office, XIHU, 'write', false],
    ['leader reads a county', leader, NINGBO_COUNTY, 'read', true],
    ['leader reviews nothing', leader, XIHU, 'review', false],
    ['leader writes nothing', leader, PROVINCE, 'write', false],
    ['city reads its county', city, XIHU, 'read', true],
    ['city reviews its county', city, XIHU, 'review', true],
    ['city does not write for its county', city, XIHU, 'write', false],
    ["city does not read another city's county", city, NINGBO_COUNTY, 'read', false],
    ["city does not review another city's county", city, NINGBO_COUNTY, 'review', false],
    ['city writes its own report', city, HANGZHOU, 'write', true],
    ['city does not review itself', city, HANGZHOU, 'review', false],
    ['county writes its own report', county, XIHU, 'write', true],
    ['county does not review itself', county, XIHU, 'review', false],
    ['county does not read its city', county, HANGZHOU, 'read', false],
  ])('%s', (_label, u, unit, access, allowed) => {
    expect(canAccessUnit(u, unit, access)).toBe(allowed);
  });

  it('readable units and the home scope follow the same policy', () => {
    const children = (code: string) => (code === '330100' ? [XIHU as never] : []);
    expect(readableUnitCodes(office, children)).toBe('all');
    expect([...(readableUnitCodes(city, children) as Set<string>)]).toEqual(['330100', '330106']);
    expect([...(readableUnitCodes(county, children) as Set<string>)]).toEqual(['330106']);
    expect(homeScope(leader)).toEqual({ level: 'province' });
    expect(homeScope(city)).toEqual({ level: 'city', code: '330100' });
    expect(homeScope(county)).toEqual({ level: 'county', code: '330106' });
  });

  it('only the unit itself reports, and only bureaus report', () => {
    expect(mayReport(county, XIHU)).toBe(true);
    expect(mayReport(city, XIHU)).toBe(false);
    expect(mayReport(office, PROVINCE)).toBe(false);
  });

  it('a county report goes city → office; a city report straight to the office', () => {
    expect(reviewableFrom('approve', city, XIHU)).toEqual(['submitted']);
    expect(reviewableFrom('approve', city, NINGBO_COUNTY)).toEqual([]);
    expect(reviewableFrom('accept', office, XIHU)).toEqual(['approved']);
    expect(reviewableFrom('accept', office, HANGZHOU)).toEqual(['submitted']);
    expect(reviewableFrom('return', office, XIHU)).toEqual(['submitted', 'approved']);
    expect(reviewableFrom('reopen', city, XIHU)).toEqual([]);
    expect(awaitsReviewBy(city, XIHU, 'submitted')).toBe(true);
    expect(awaitsReviewBy(office, XIHU, 'submitted')).toBe(false);
    expect(awaitsReviewBy(office, XIHU, 'approved')).toBe(true);
    expect(awaitsReviewBy(leader, XIHU, 'approved')).toBe(false);
  });
});
