import { isAdminRole } from '../shared/roles';
import type { SessionUser } from './auth/sessions';
import type { OrgUnit } from './services/unit-directory';

/**
 * What an account may do with a unit's data:
 * - read: see its reports and scores;
 * - write: edit and submit its own reports;
 * - review: approve or return its reports (a city for its counties; the office for all);
 * - org: see it in the organisation structure (name, code, parent, children), no report data.
 * The three administrators (三员) never read, write or review unit data; the system administrator
 * sees the organisation structure, which it maintains.
 */
export type UnitAccess = 'read' | 'write' | 'review' | 'org';

/** Who reads (and exports) the audit log: the security auditor, and the office for its business history. */
export const AUDIT_READER_ROLES = ['office', 'auditor'] as const;

/** The one rule for unit scope. Every procedure that takes a unit goes through it. */
export function canAccessUnit(user: SessionUser, unit: Pick<OrgUnit, 'code' | 'parentCode'>, access: UnitAccess): boolean {
  if (access === 'org') return user.role === 'sysadmin' || canAccessUnit(user, unit, 'read');
  switch (user.role) {
    case 'sysadmin':
    case 'secadmin':
    case 'auditor':
      return false;
    case 'office':
      return access !== 'write' || unit.code === user.unitCode;
    case 'leader':
      return access === 'read';
    case 'city':
      if (unit.code === user.unitCode) return access !== 'review';
      return unit.parentCode === user.unitCode && (access === 'read' || access === 'review');
    case 'county':
      return unit.code === user.unitCode && access !== 'review';
  }
}

/** Codes of the units an account may read, or 'all'. */
export function readableUnitCodes(user: SessionUser, childrenOf: (code: string) => OrgUnit[]): 'all' | Set<string> {
  if (user.role === 'office' || user.role === 'leader') return 'all';
  if (isAdminRole(user.role)) return new Set();
  const codes = new Set([user.unitCode]);
  if (user.role === 'city') for (const c of childrenOf(user.unitCode)) codes.add(c.code);
  return codes;
}
