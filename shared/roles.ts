/** Business roles: they work with units' reports and scores. */
export const BUSINESS_ROLES = ['office', 'leader', 'city', 'county'] as const;
export type BusinessRole = (typeof BUSINESS_ROLES)[number];

/**
 * 三员分立: the three administrators. Each account holds exactly one role, so no account holds two
 * of the three or an administrator role and a business role; none of them reads report values.
 * - sysadmin 系统管理员: accounts and org units;
 * - secadmin 安全管理员: security policy (passwords, lockout, sessions) and role assignment;
 * - auditor 安全审计员: reads, filters and exports the audit log, runs the chain check.
 */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ROLES = [...BUSINESS_ROLES, ...ADMIN_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  office: '厅办公室',
  leader: '厅领导',
  city: '设区市住建局',
  county: '县(市、区)住建局',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '安全审计员',
};

export function isAdminRole(role: Role): role is AdminRole {
  return (ADMIN_ROLES as readonly Role[]).includes(role);
}
export function isBusinessRole(role: Role): role is BusinessRole {
  return (BUSINESS_ROLES as readonly Role[]).includes(role);
}

export type UnitLevel = 'province' | 'city' | 'county';

/** The roles an account of a unit at this level may hold (administrators belong to the province unit). */
export const ROLES_FOR_LEVEL: Record<UnitLevel, readonly Role[]> = {
  province: ['office', 'leader', ...ADMIN_ROLES],
  city: ['city'],
  county: ['county'],
};

export const LEVEL_NAMES: Record<UnitLevel, string> = {
  province: '省',
  city: '设区市',
  county: '县(市、区)',
};

export const KIND_NAMES: Record<string, string> = {
  province: '省',
  city: '设区市',
  district: '市辖区',
  county: '县',
  'county-city': '县级市',
  'autonomous-county': '自治县',
};
