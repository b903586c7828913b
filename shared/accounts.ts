import { z } from 'zod';
import { UnitCode } from './org';
import { ROLES, ROLE_NAMES, type Role } from './roles';

/** Accounts are run by the system administrator; roles are changed by the security administrator. */

export const MAX_ACCOUNTS_PER_BATCH = 500;
export const PHONE_RE = /^1\d{10}$/;

export const AccountStatus = z.enum(['active', 'disabled', 'locked', 'mustChange']);
export type AccountStatus = z.infer<typeof AccountStatus>;
export const STATUS_NAMES: Record<AccountStatus, string> = { active: '正常', disabled: '已停用', locked: '已锁定', mustChange: '待修改初始密码' };

export const AccountsListInput = z
  .strictObject({
    /** Matches the username, the person's name or the unit's name or code. */
    search: z.string().trim().max(50).optional(),
    unitCode: UnitCode.optional(),
    role: z.enum(ROLES).optional(),
    status: AccountStatus.optional(),
    page: z.int().min(1).default(1),
    pageSize: z.int().min(1).max(500).default(50),
  })
  .default({ page: 1, pageSize: 50 });

export const NewAccount = z.strictObject({
  unitCode: UnitCode,
  displayName: z.string().trim().min(1, '请填写姓名').max(40, '姓名不能超过 40 个字'),
  phone: z
    .string()
    .trim()
    .regex(PHONE_RE, '手机号应为 11 位数字，以 1 开头')
    .optional(),
  role: z.enum(ROLES, '角色无效'),
});
export type NewAccount = z.infer<typeof NewAccount>;

export const AccountsCreateInput = z.strictObject({
  accounts: z.array(NewAccount).min(1, '请至少添加一个账号').max(MAX_ACCOUNTS_PER_BATCH, `一次最多创建 ${MAX_ACCOUNTS_PER_BATCH} 个账号`),
});

export const AccountsImportInput = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  /** The .xlsx file, base64. */
  contentBase64: z
    .string()
    .max(2 * 1024 * 1024, '文件超过 1.5 MB 上限')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容应为 base64 编码'),
});

export const AccountId = z.strictObject({ id: z.int().positive() });
export const SetActiveInput = z.strictObject({
  id: z.int().positive(),
  active: z.boolean(),
  reason: z.string().trim().min(1, '请填写原因').max(200, '原因不能超过 200 字'),
});
export const SetRoleInput = z.strictObject({ id: z.int().positive(), role: z.enum(ROLES, '角色无效') });

/** The columns of the account list workbook (账号清单) the system administrator uploads. */
export const IMPORT_COLUMNS = ['单位代码', '姓名', '手机号', '角色'] as const;

/** A role from its Chinese name (or code); null when unknown. */
export function roleFromText(text: string): Role | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  for (const r of ROLES) if (ROLE_NAMES[r].normalize('NFKC') === t) return r;
  return null;
}

/** 138****1234: what administrators other than the system administrator see of a phone number. */
export function maskPhone(phone: string | null): string | null {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null;
}
