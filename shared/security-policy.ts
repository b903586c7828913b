import { z } from 'zod';

/**
 * The security policy the security administrator (安全管理员) sets: password rules, lockout after
 * failed logins, session times. One home for the rules; the server enforces them, the client shows
 * them.
 */
export const SecurityPolicy = z.strictObject({
  /** Minimum password length. */
  minLength: z.int('最短长度须为整数').min(8, '最短长度不能少于 8 位').max(64, '最短长度不能超过 64 位'),
  /** How many of the four character classes (lower case, upper case, digits, symbols) a password needs. */
  minClasses: z.int('字符种类须为整数').min(2, '至少要求 2 类字符').max(4, '最多要求 4 类字符'),
  /** A password may not contain the username. */
  forbidUsername: z.boolean(),
  /** None of the last N passwords may be chosen again (0 = no check). */
  historyCount: z.int('历史密码个数须为整数').min(0, '历史密码个数不能为负').max(24, '历史密码个数不能超过 24'),
  /** A password expires after so many days (0 = never). */
  expiryDays: z.int('密码有效期须为整数').min(0, '密码有效期不能为负').max(365, '密码有效期不能超过 365 天'),
  /** Warn this many days before a password expires. */
  expiryWarnDays: z.int('提前提醒天数须为整数').min(0, '提前提醒天数不能为负').max(30, '提前提醒天数不能超过 30 天'),
  /** Lock an account after this many failed logins within the window. */
  lockoutThreshold: z.int('失败次数须为整数').min(3, '锁定阈值不能少于 3 次').max(20, '锁定阈值不能超过 20 次'),
  lockoutWindowMinutes: z.int('统计时长须为整数').min(1, '统计时长至少 1 分钟').max(1440, '统计时长不能超过 1440 分钟'),
  /** A lock ends by itself after so many minutes (an administrator may unlock sooner). */
  lockoutMinutes: z.int('锁定时长须为整数').min(1, '锁定时长至少 1 分钟').max(1440, '锁定时长不能超过 1440 分钟'),
  /** A session ends after so many idle minutes. */
  idleMinutes: z.int('空闲超时须为整数').min(5, '空闲超时至少 5 分钟').max(480, '空闲超时不能超过 480 分钟'),
  /** A session ends so many hours after login, however active. */
  sessionHours: z.int('会话最长时长须为整数').min(1, '会话最长时长至少 1 小时').max(24, '会话最长时长不能超过 24 小时'),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const DEFAULT_POLICY: SecurityPolicy = Object.freeze({
  minLength: 8,
  minClasses: 3,
  forbidUsername: true,
  historyCount: 5,
  expiryDays: 90,
  expiryWarnDays: 7,
  lockoutThreshold: 5,
  lockoutWindowMinutes: 15,
  lockoutMinutes: 15,
  idleMinutes: 30,
  sessionHours: 8,
});

/** Field names in Chinese, for the policy page and the audit trail. */
export const POLICY_LABELS: Record<keyof SecurityPolicy, string> = {
  minLength: '密码最短长度',
  minClasses: '密码须包含的字符种类数',
  forbidUsername: '密码不得包含用户名',
  historyCount: '不得与最近几次密码相同',
  expiryDays: '密码有效期（天，0 为不过期）',
  expiryWarnDays: '到期前提醒（天）',
  lockoutThreshold: '连续登录失败锁定次数',
  lockoutWindowMinutes: '失败次数统计时长（分钟）',
  lockoutMinutes: '自动解锁时长（分钟）',
  idleMinutes: '空闲超时（分钟）',
  sessionHours: '会话最长时长（小时）',
};

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/\d/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/** The password rules in Chinese, one sentence each. */
export function passwordRules(policy: SecurityPolicy): string[] {
  const rules = [`至少 ${policy.minLength} 位`, `包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`];
  if (policy.forbidUsername) rules.push('不得包含用户名');
  if (policy.historyCount > 0) rules.push(`不得与最近 ${policy.historyCount} 次使用过的密码相同`);
  if (policy.expiryDays > 0) rules.push(`有效期 ${policy.expiryDays} 天，到期须修改`);
  return rules;
}

/** What is wrong with a new password under the policy (history is checked by the server), in Chinese. */
export function passwordProblems(password: string, username: string, policy: SecurityPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  const classes = CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < policy.minClasses) problems.push(`密码须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类（当前 ${classes} 类）`);
  if (policy.forbidUsername && username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不得包含用户名');
  return problems;
}
