import { z } from 'zod';
import { UnitCode } from './org';
import { IsoDate } from './scheme';
import { formatCents, toFixedHalfUp } from './format';
import { formatDateTimeZh, formatDateZh } from './dates';
import { periodLabel } from './periods';
import { REPORT_STATUS_NAMES } from './reports';
import { ROLE_NAMES } from './roles';
import { PROGRESS_NAMES, TASK_REPORT_STATUS_NAMES } from './ledger';
import { BUDGET_KIND_NAMES, BUDGET_STATUS_NAMES } from './budget';
import { POLICY_LABELS, type SecurityPolicy } from './security-policy';

/**
 * The audit log in Chinese: every action the server writes, its category, and its details as
 * 字段：修改前 → 修改后. The one formatter behind the office's audit page, the auditor's page and the
 * audit Excel export. `writeAudit` only accepts actions listed here, so a new action cannot be written
 * without a Chinese name (and `shared/audit.test.ts` fails until its details format too).
 */

export const AUDIT_CATEGORIES = {
  report: '报告填报与审核',
  period: '期次与催报',
  scheme: '考核方案',
  scores: '评分与发布',
  auth: '登录与密码',
  account: '账号与权限',
  export: '导出与下载',
  audit: '审计日志管理',
  org: '组织机构',
  ledger: '任务台账与预算公开',
  ops: '运维与备份',
} as const;
export type AuditCategory = keyof typeof AUDIT_CATEGORIES;
export const AUDIT_CATEGORY_KEYS = Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]];

export const AUDIT_ACTIONS = {
  'report.saveDraft': { name: '保存草稿', category: 'report' },
  'report.submit': { name: '报送报告', category: 'report' },
  'report.approve': { name: '市级审核通过', category: 'report' },
  'report.accept': { name: '采纳报告', category: 'report' },
  'report.return': { name: '退回报告', category: 'report' },
  'report.reopen': { name: '重新开放报告', category: 'report' },
  'report.flag': { name: '标记待跟进', category: 'report' },
  'report.resolveFlag': { name: '标记已跟进', category: 'report' },
  'excel.upload': { name: '上传 Excel 填报表', category: 'report' },
  'annualReport.saveDraft': { name: '保存年度报告草稿', category: 'report' },
  'annualReport.submit': { name: '报送年度报告', category: 'report' },
  'annualReport.approve': { name: '市级审核通过年度报告', category: 'report' },
  'annualReport.accept': { name: '采纳年度报告', category: 'report' },
  'annualReport.return': { name: '退回年度报告', category: 'report' },
  'annualReport.reopen': { name: '重新开放年度报告', category: 'report' },
  'annualReport.setDue': { name: '修改年度报告截止日期', category: 'period' },
  'annualReport.remind': { name: '催报年度报告', category: 'period' },
  'evidence.upload': { name: '上传证明材料', category: 'report' },
  'period.update': { name: '修改期次日期', category: 'period' },
  'period.extendDue': { name: '延长截止日期', category: 'period' },
  'period.remind': { name: '催报', category: 'period' },
  'scheme.save': { name: '保存考核方案', category: 'scheme' },
  'scheme.copy': { name: '复制考核方案', category: 'scheme' },
  'scores.adjust': { name: '加减分', category: 'scores' },
  'scores.removeAdjustment': { name: '撤销加减分', category: 'scores' },
  'scores.setManualScore': { name: '人工评分', category: 'scores' },
  'scores.publish': { name: '发布考核结果', category: 'scores' },
  'auth.login': { name: '登录', category: 'auth' },
  'auth.changePassword': { name: '修改密码', category: 'auth' },
  'account.create': { name: '创建账号', category: 'account' },
  'excel.template': { name: '下载填报模板', category: 'export' },
  'excel.templatesZip': { name: '批量下载所辖县填报模板', category: 'export' },
  'excel.marked': { name: '下载标红的原表', category: 'export' },
  'excel.assessment': { name: '导出考核结果工作簿', category: 'export' },
  'excel.table': { name: '导出表格', category: 'export' },
  'excel.annualTemplate': { name: '下载年度报告填报模板', category: 'export' },
  'excel.annualReport': { name: '导出年度报告', category: 'export' },
  'excel.annualSummary': { name: '导出年度报告全省汇总', category: 'export' },
  'evidence.download': { name: '下载证明材料', category: 'export' },
  'audit.export': { name: '导出审计日志', category: 'export' },
  'audit.verify': { name: '校验审计日志完整性', category: 'audit' },
  'audit.archive': { name: '归档审计日志', category: 'audit' },
  'auth.loginFailed': { name: '登录失败', category: 'auth' },
  'auth.changePasswordFailed': { name: '修改密码失败', category: 'auth' },
  'auth.logout': { name: '退出登录', category: 'auth' },
  'auth.logoutEverywhere': { name: '退出所有设备', category: 'auth' },
  'account.lock': { name: '账号锁定', category: 'account' },
  'account.unlock': { name: '解除锁定', category: 'account' },
  'account.resetPassword': { name: '重置密码', category: 'account' },
  'account.disable': { name: '停用账号', category: 'account' },
  'account.enable': { name: '启用账号', category: 'account' },
  'account.setRole': { name: '修改角色', category: 'account' },
  'security.setPolicy': { name: '修改安全策略', category: 'account' },
  'orgUnit.close': { name: '撤销单位', category: 'org' },
  'division.create': { name: '新增处室', category: 'org' },
  'division.update': { name: '修改处室', category: 'org' },
  'division.retire': { name: '撤销处室', category: 'org' },
  'task.create': { name: '新增台账任务', category: 'ledger' },
  'task.update': { name: '修改台账任务', category: 'ledger' },
  'task.submit': { name: '报送任务进展', category: 'ledger' },
  'task.accept': { name: '确认任务进展', category: 'ledger' },
  'task.return': { name: '退回任务进展', category: 'ledger' },
  'task.remind': { name: '催办逾期任务', category: 'ledger' },
  'budget.submit': { name: '登记预算决算公开事项', category: 'ledger' },
  'budget.accept': { name: '确认预算决算公开事项', category: 'ledger' },
  'budget.return': { name: '退回预算决算公开事项', category: 'ledger' },
  'excel.ledger': { name: '导出任务台账', category: 'export' },
  'public.divisions': { name: '设置处室排名是否公开', category: 'scores' },
  'backup.create': { name: '备份数据库', category: 'ops' },
  'backup.offsite': { name: '异地复制备份', category: 'ops' },
  'backup.failed': { name: '备份失败', category: 'ops' },
} as const satisfies Record<string, { name: string; category: AuditCategory }>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_CODES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, code);
}

/** '保存草稿'; a code the product does not know (an old database) reads '未登记的操作'. */
export function auditActionName(code: string): string {
  return isAuditAction(code) ? AUDIT_ACTIONS[code].name : '未登记的操作';
}

export function auditActionCategory(code: string): AuditCategory | null {
  return isAuditAction(code) ? AUDIT_ACTIONS[code].category : null;
}

export function actionsOfCategory(category: AuditCategory): AuditAction[] {
  return AUDIT_ACTION_CODES.filter((a) => AUDIT_ACTIONS[a].category === category);
}

export const AUDIT_ENTITY_NAMES: Record<string, string> = {
  report: '报告',
  review_flag: '标记',
  period: '期次',
  due_extension: '延期',
  account: '账号',
  evidence_file: '证明材料',
  scheme: '考核方案',
  adjustment: '加减分',
  manual_score: '人工评分',
  ranking_publication: '考核结果发布',
  audit_log: '审计日志',
  export: '导出',
  annual_report: '年度报告',
  annual_report_year: '年度报告期',
  org_unit: '单位',
  ledger_task: '台账任务',
  task_report: '任务进展报告',
  budget_item: '预算决算公开事项',
  ledger: '任务台账',
  security_policy: '安全策略',
  setting: '设置',
};

/** Filters of the audit log (the office's page and the auditor's page). Dates are China dates. */
export const AuditListInput = z.strictObject({
  unitCode: UnitCode.optional(),
  category: z.enum(AUDIT_CATEGORY_KEYS).optional(),
  /** The account that acted (exact username). */
  username: z.string().trim().min(1).max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type AuditListInput = z.infer<typeof AuditListInput>;

// ---------------------------------------------------------------------------------------------
// Details: 字段：修改前 → 修改后

export interface AuditDetail {
  /** Chinese field label, e.g. '状态' or '杭州市 · 已完成改造套数'. */
  field: string;
  /** Formatted value before the change; null when the entry has no "before" (a creation or an event). */
  before: string | null;
  after: string | null;
}

/** Names the formatter looks up; without them codes are shown as they are. */
export interface AuditLookup {
  unitName?(code: string): string | undefined;
  indicatorName?(code: string): string | undefined;
  /** The scheme's label of an indicator's extra figure (`extra: { evaluationScore: '绩效评价得分' }`). */
  extraLabel?(indicatorCode: string, key: string): string | undefined;
}

export interface AuditEntryLike {
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
}

type Fmt = (v: unknown, lookup: AuditLookup) => string;

const NONE = '（无）';
const text: Fmt = (v) => (v === null || v === undefined || v === '' ? NONE : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v));
const points: Fmt = (v) => (typeof v === 'number' ? `${formatCents(v)} 分` : text(v, {}));
const signedPoints: Fmt = (v) => (typeof v === 'number' ? `${v > 0 ? '+' : ''}${formatCents(v)} 分` : text(v, {}));
const date: Fmt = (v) => (typeof v === 'string' && v ? formatDateZh(v) : text(v, {}));
const dateTime: Fmt = (v) => (typeof v === 'string' && v ? formatDateTimeZh(v) : text(v, {}));
const version: Fmt = (v) => (typeof v === 'number' ? `第 ${v} 版` : text(v, {}));
const year: Fmt = (v) => (typeof v === 'number' ? `${v} 年度` : text(v, {}));
const yesNo: Fmt = (v) => (v === true ? '是' : v === false ? '否' : text(v, {}));
const period: Fmt = (v) => (typeof v === 'string' ? periodLabel(v) : text(v, {}));
const unit: Fmt = (v, l) => {
  if (typeof v !== 'string') return text(v, l);
  const name = l.unitName?.(v);
  return name ? `${name}（${v}）` : v;
};
const units: Fmt = (v, l) => {
  if (v === 'all') return '全部单位';
  if (!Array.isArray(v)) return text(v, l);
  const names = v.slice(0, 10).map((c) => (typeof c === 'string' ? (l.unitName?.(c) ?? c) : text(c, l)));
  return `共 ${v.length} 个单位${v.length ? `：${names.join('、')}${v.length > 10 ? '等' : ''}` : ''}`;
};
const indicator: Fmt = (v, l) => (typeof v === 'string' ? (l.indicatorName?.(v) ?? v) : text(v, l));
const named =
  (names: Record<string, string>): Fmt =>
  (v, l) =>
    typeof v === 'string' ? (names[v] ?? v) : text(v, l);
const bytes: Fmt = (v) => {
  if (typeof v !== 'number') return text(v, {});
  if (v < 1024) return `${v} 字节`;
  if (v < 1024 * 1024) return `${toFixedHalfUp(v / 1024, 1)} KB`;
  return `${toFixedHalfUp(v / 1024 / 1024, 1)} MB`;
};
const count =
  (unitWord: string): Fmt =>
  (v) =>
    typeof v === 'number' ? `${v} ${unitWord}` : text(v, {});
const percent: Fmt = (v) => (typeof v === 'number' ? `${toFixedHalfUp(v * 100, 2).replace(/\.?0+$/, '')}%` : text(v, {}));
const cityResults: Fmt = (v, l) => {
  if (!Array.isArray(v)) return text(v, l);
  return v
    .map((c: { code?: unknown; rank?: unknown; S?: unknown }) => `${typeof c.code === 'string' ? (l.unitName?.(c.code) ?? c.code) : ''}：第 ${String(c.rank)} 名，${points(c.S, l)}`)
    .join('；');
};

const LEVEL_NAMES_ZH: Record<string, string> = { province: '省级', city: '设区市', county: '县(市、区)', division: '厅机关处室' };
const taskInstance: Fmt = (v, l) => (v === 'once' ? '一次性任务' : period(v, l));

/** The security policy's fields, labelled as on the policy page (POLICY_LABELS is their one home). */
const POLICY_FIELDS = Object.fromEntries(
  (Object.keys(POLICY_LABELS) as (keyof SecurityPolicy)[]).map((k) => [k, { label: POLICY_LABELS[k], fmt: k === 'forbidUsername' ? yesNo : text }]),
) as Record<keyof SecurityPolicy, { label: string; fmt: Fmt }>;

/** Every key the server writes into `before`/`after`, with its Chinese label and value format. */
const FIELDS: Record<string, { label: string; fmt: Fmt }> = {
  ...POLICY_FIELDS,
  // org units and divisions
  level: { label: '层级', fmt: named(LEVEL_NAMES_ZH) },
  kind: { label: '类别', fmt: named({ ...LEVEL_NAMES_ZH, bureau: '住建局' }) },
  parentCode: { label: '上级单位', fmt: unit },
  validFrom: { label: '设立日期', fmt: date },
  // the task ledger
  taskId: { label: '台账任务编号', fmt: count('号') },
  instance: { label: '任务期次', fmt: taskInstance },
  progress: { label: '进展', fmt: named(PROGRESS_NAMES) },
  completedOn: { label: '完成日期', fmt: date },
  clause: { label: '条款', fmt: (v, l) => (typeof v === 'string' && v ? `第${v}条` : text(v, l)) },
  text: { label: '任务内容', fmt: text },
  owners: { label: '责任处室', fmt: units },
  recurrence: { label: '周期', fmt: named({ once: '一次性', quarterly: '每季度' }) },
  quarterDueDays: { label: '季度结束后完成天数', fmt: count('天') },
  firstQuarter: { label: '起始季度', fmt: (v, l) => (typeof v === 'number' ? `第 ${v} 季度` : text(v, l)) },
  evidenceRequired: { label: '需提供的佐证材料', fmt: text },
  position: { label: '排序', fmt: count('号') },
  // budgets and final accounts
  fiscalYear: { label: '预算年度', fmt: year },
  approvedOn: { label: '批复日期', fmt: date },
  publishedOn: { label: '公开日期', fmt: date },
  url: { label: '公开网址', fmt: text },
  lockedUntil: { label: '锁定至', fmt: dateTime },
  failures: { label: '失败次数', fmt: count('次') },
  sessions: { label: '结束的会话', fmt: count('个') },
  active: { label: '启用', fmt: yesNo },
  validTo: { label: '撤销日期', fmt: date },
  public: { label: '向社会公开', fmt: yesNo },
  exitCode: { label: '退出码', fmt: text },
  output: { label: '输出', fmt: text },
  error: { label: '错误', fmt: text },
  tasks: { label: '任务数', fmt: count('项') },
  budgets: { label: '预算决算公开事项数', fmt: count('项') },
  divisions: { label: '处室', fmt: units },
  duties: { label: '职责', fmt: text },
  integrity: { label: '完整性检查', fmt: text },
  auditRows: { label: '审计记录数', fmt: count('行') },
  pruned: { label: '清理的旧备份', fmt: (v, l) => (Array.isArray(v) ? (v.length ? v.join('、') : '（无）') : text(v, l)) },
  trigger: { label: '触发方式', fmt: named({ schedule: '定时', manual: '手动' }) },
  today: { label: '日期', fmt: date },
  status: { label: '状态', fmt: named({ ...REPORT_STATUS_NAMES, draft: '草稿', published: '已发布' }) },
  version: { label: '版本', fmt: version },
  reason: { label: '理由', fmt: text },
  source: { label: '填报方式', fmt: named({ web: '网页填报', excel: 'Excel 模板' }) },
  fileName: { label: '文件名', fmt: text },
  originalName: { label: '文件名', fmt: text },
  size: { label: '文件大小', fmt: bytes },
  bytes: { label: '文件大小', fmt: bytes },
  sha256: { label: '文件哈希', fmt: text },
  receiptHash: { label: '回执哈希', fmt: text },
  mime: { label: '文件类型', fmt: named({ 'application/pdf': 'PDF', 'image/jpeg': 'JPG 图片', 'image/png': 'PNG 图片' }) },
  stored: { label: '存储', fmt: named({ new: '新文件', existing: '与已有文件相同，未重复存储' }) },
  periodCode: { label: '期次', fmt: period },
  schemeVersion: { label: '考核方案版本', fmt: version },
  submitted: { label: '同时报送', fmt: yesNo },
  indicators: { label: '指标数', fmt: count('项') },
  code: { label: '期次', fmt: period },
  name: { label: '名称', fmt: text },
  opens: { label: '开始填报日期', fmt: date },
  due: { label: '截止日期', fmt: date },
  dueOf: { label: '截止日期', fmt: date },
  formatId: { label: '年度报告格式', fmt: text },
  locks: { label: '锁定日期', fmt: date },
  annual: { label: '年度报告期', fmt: yesNo },
  units: { label: '涉及单位', fmt: units },
  templates: { label: '模板数', fmt: count('份') },
  title: { label: '标题', fmt: text },
  columns: { label: '列数', fmt: count('列') },
  year: { label: '年度', fmt: year },
  fromYear: { label: '复制自', fmt: year },
  fromVersion: { label: '源方案版本', fmt: version },
  unitCode: { label: '单位', fmt: unit },
  indicatorCode: { label: '指标', fmt: indicator },
  comment: { label: '意见', fmt: text },
  resolvedAt: { label: '跟进时间', fmt: dateTime },
  publishedAt: { label: '发布时间', fmt: dateTime },
  cities: { label: '各设区市结果', fmt: cityResults },
  S: { label: '总分', fmt: points },
  username: { label: '用户名', fmt: text },
  displayName: { label: '姓名', fmt: text },
  role: { label: '角色', fmt: named(ROLE_NAMES) },
  // audit.archive / audit.verify / audit.export
  file: { label: '归档文件', fmt: text },
  firstId: { label: '起始行', fmt: count('号') },
  lastId: { label: '截止行', fmt: count('号') },
  rows: { label: '行数', fmt: count('行') },
  before: { label: '归档截止时间', fmt: dateTime },
  lastHash: { label: '末行哈希', fmt: text },
  ok: { label: '校验结果', fmt: (v) => (v === true ? '完整' : v === false ? '发现篡改' : text(v, {})) },
  brokenId: { label: '首个异常行', fmt: count('号') },
  headId: { label: '最新行', fmt: count('号') },
  headHash: { label: '最新行哈希', fmt: text },
  filters: { label: '筛选条件', fmt: text },
};

/** Fields whose meaning depends on the entity (a task report's status, a unit's code). */
const ENTITY_FIELDS: Record<string, Record<string, { label: string; fmt: Fmt }>> = {
  task_report: { status: { label: '状态', fmt: named(TASK_REPORT_STATUS_NAMES) } },
  budget_item: { status: { label: '状态', fmt: named(BUDGET_STATUS_NAMES) }, kind: { label: '类别', fmt: named(BUDGET_KIND_NAMES) }, title: { label: '公开事项', fmt: text } },
  ledger_task: { status: { label: '状态', fmt: named(TASK_REPORT_STATUS_NAMES) } },
  org_unit: { code: { label: '单位代码', fmt: text } },
};

/** Keys not shown: internal ids and the time the row itself carries. */
const HIDDEN = new Set(['id', 'accountId', 'schemeId', 'periodId', 'reportId', 'at', 'uploadedBy', 'uploadedAt', 'createdAt', 'updatedAt']);

const VALUE_FIELDS: Record<string, { label: string; fmt: Fmt }> = {
  date: { label: '日期', fmt: date },
  numerator: { label: '分子', fmt: text },
  denominator: { label: '分母', fmt: text },
  count: { label: '数量', fmt: text },
  yes: { label: '是否', fmt: yesNo },
  evidenceUrl: { label: '证明材料链接', fmt: text },
  evidenceFile: { label: '证明材料文件', fmt: text },
  note: { label: '备注', fmt: text },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Flattens one side into label → formatted value, in a stable order. */
function flatten(side: unknown, entry: AuditEntryLike, lookup: AuditLookup, out: Map<string, string>): void {
  if (!isRecord(side)) return;
  for (const [key, value] of Object.entries(side)) {
    if (HIDDEN.has(key)) continue;
    if (key === 'values' && isRecord(value)) {
      for (const [code, iv] of Object.entries(value)) {
        if (!isRecord(iv)) continue;
        const ind = lookup.indicatorName?.(code) ?? code;
        for (const [f, fv] of Object.entries(iv)) {
          if (f === 'extra' && isRecord(fv)) {
            for (const [name, x] of Object.entries(fv)) out.set(`${ind} · ${lookup.extraLabel?.(code, name) ?? name}`, text(x, lookup));
          } else if (fv !== null && fv !== undefined && fv !== '') {
            const spec = VALUE_FIELDS[f];
            out.set(`${ind} · ${spec?.label ?? f}`, (spec?.fmt ?? text)(fv, lookup));
          }
        }
      }
    } else if (key === 'data' && isRecord(value)) {
      // An annual report's content: summarised; any change shows as 内容已修改.
      out.set('年度报告内容', `${leafCount(value)} 项${hashOf(value)}`);
    } else if (key === 'scheme' && isRecord(value)) {
      flattenScheme(value, out);
    } else if (key === 'cents') {
      out.set(entry.entity === 'manual_score' ? '评分' : '加减分值', (entry.entity === 'manual_score' ? points : signedPoints)(value, lookup));
    } else if (key === 'disclosureWeight') {
      out.set('计入年度考核权重', percent(value, lookup));
    } else {
      const spec = fieldSpec(entry.entity, key);
      out.set(spec?.label ?? key, (spec?.fmt ?? text)(value, lookup));
    }
  }
}

/** The label and format of a top-level key: the entity's own first, then the shared fields, then a value field. */
function fieldSpec(entity: string, key: string): { label: string; fmt: Fmt } | undefined {
  return ENTITY_FIELDS[entity]?.[key] ?? FIELDS[key] ?? VALUE_FIELDS[key];
}

/** Keys the server wrote that have no Chinese name (they would show raw); empty for every known shape (tested). */
export function unnamedDetailKeys(entry: AuditEntryLike, lookup: AuditLookup = {}): string[] {
  const out = new Set<string>();
  for (const side of [entry.before, entry.after]) {
    if (!isRecord(side)) continue;
    for (const key of Object.keys(side)) {
      if (HIDDEN.has(key) || SPECIAL_KEYS.has(key)) continue;
      if (!fieldSpec(entry.entity, key)) out.add(key);
    }
    if (isRecord(side.values)) {
      for (const [code, iv] of Object.entries(side.values)) {
        if (!isRecord(iv)) continue;
        for (const f of Object.keys(iv)) if (f !== 'extra' && !VALUE_FIELDS[f]) out.add(`values.${f}`);
        if (lookup.extraLabel && isRecord(iv.extra)) for (const x of Object.keys(iv.extra)) if (!lookup.extraLabel(code, x)) out.add(`values.${code}.extra.${x}`);
      }
    }
  }
  return [...out];
}

/** Keys `flatten` formats by hand. */
const SPECIAL_KEYS = new Set(['values', 'data', 'scheme', 'cents', 'disclosureWeight']);

function leafCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + leafCount(x), 0);
  if (isRecord(v)) return Object.values(v).reduce((n: number, x) => n + leafCount(x), 0);
  return v === null || v === undefined || v === '' ? 0 : 1;
}

/** A scheme is summarised (title, weight, indicators by name) rather than dumped. */
function flattenScheme(scheme: Record<string, unknown>, out: Map<string, string>): void {
  if (typeof scheme.title === 'string') out.set('方案标题', scheme.title);
  if (typeof scheme.disclosureWeight === 'number') out.set('计入年度考核权重', percent(scheme.disclosureWeight, {}));
  const indicators = Array.isArray(scheme.indicators) ? scheme.indicators.filter(isRecord) : [];
  out.set('指标数', `${indicators.length} 项`);
  for (const ind of indicators) {
    const pts = isRecord(ind.points) ? ind.points : {};
    const parts = [typeof pts.city === 'number' ? `设区市 ${pts.city} 分` : null, typeof pts.county === 'number' ? `县(市、区) ${pts.county} 分` : null].filter(Boolean);
    // The whole definition decides "changed"; the label shows what a reader recognises.
    out.set(`指标 · ${typeof ind.name === 'string' ? ind.name : String(ind.code)}`, `${parts.join('，') || '无分值'}${hashOf(ind)}`);
  }
}

/** A short, stable marker of an indicator's full definition, so edits that keep the points still show. */
function hashOf(v: unknown): string {
  const s = JSON.stringify(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return `\uE000${h}`;
}

const stripMarker = (s: string | null) => (s === null ? null : s.replace(/\uE000-?\d+$/, ''));

/** Actions whose `before` is a record that was removed and whose `after` says why. */
const REMOVALS = new Set<string>(['scores.removeAdjustment']);

/**
 * An entry's details as 字段：修改前 → 修改后. With both sides, only what changed (a field that was
 * added shows （无） before); with one side, every field of that side.
 */
export function formatAuditDetails(entry: AuditEntryLike, lookup: AuditLookup = {}): AuditDetail[] {
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  flatten(entry.before, entry, lookup, before);
  flatten(entry.after, entry, lookup, after);
  if (REMOVALS.has(entry.action)) {
    // What was removed, then why: not a field-by-field change.
    return [
      ...[...before].map(([field, v]) => ({ field, before: stripMarker(v), after: null })),
      ...[...after].map(([field, v]) => ({ field: field === '理由' ? '撤销理由' : field, before: null, after: stripMarker(v) })),
    ];
  }
  const hasBefore = isRecord(entry.before);
  const hasAfter = isRecord(entry.after);
  const out: AuditDetail[] = [];
  const labels = [...new Set([...before.keys(), ...after.keys()])];
  for (const field of labels) {
    const b = before.get(field) ?? null;
    const a = after.get(field) ?? null;
    // A field absent on one side and empty on the other did not change.
    if (hasBefore && hasAfter && (b ?? NONE) === (a ?? NONE)) continue;
    out.push({ field, before: hasBefore ? stripMarker(b ?? NONE) : null, after: hasAfter ? stripMarker(a ?? NONE) : null });
  }
  // A summarised value (an indicator, an annual report's content) changed though its summary did not: say so.
  for (const d of out) if (d.before !== null && d.after !== null && d.before === d.after) d.after = `${d.after}（内容已修改）`;
  return out;
}

/** One detail as a line: '状态：已报送 → 已采纳'; '理由：数据有误' when only one side exists. */
export function auditDetailLine(d: AuditDetail): string {
  if (d.before === null) return `${d.field}：${d.after ?? NONE}`;
  if (d.after === null) return `${d.field}：${d.before}`;
  return `${d.field}：${d.before} → ${d.after}`;
}

/** Labels the formatter knows; a detail whose field is not built from them is a gap (tested). */
export function isKnownDetailLabel(field: string): boolean {
  const known = new Set([
    ...Object.values(FIELDS).map((f) => f.label),
    ...Object.values(VALUE_FIELDS).map((f) => f.label),
    ...Object.values(ENTITY_FIELDS).flatMap((fs) => Object.values(fs).map((f) => f.label)),
    '评分',
    '加减分值',
    '计入年度考核权重',
    '方案标题',
    '撤销理由',
    '年度报告内容',
  ]);
  if (known.has(field)) return true;
  if (field.startsWith('指标 · ')) return true;
  const m = /^.+ · (.+)$/.exec(field);
  return Boolean(m && (known.has(m[1]) || !/[A-Za-z]/.test(m[1])));
}
