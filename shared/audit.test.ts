import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_CODES,
  AUDIT_CATEGORIES,
  actionsOfCategory,
  auditActionName,
  auditDetailLine,
  formatAuditDetails,
  isKnownDetailLabel,
  unnamedDetailKeys,
  type AuditAction,
  type AuditEntryLike,
} from './audit';
import { DEFAULT_POLICY } from './security-policy';

/** Every action string the server, the seed and the scripts write into the audit log. */
function actionsInSource(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/\baction:\s*['"`]([a-z]+\.[A-Za-z]+)['"`]/g)) found.add(m[1]);
        for (const m of src.matchAll(/\b(?:officeAudit|writeAudit|audit)\([^)]*?['"]([a-z]+\.[A-Za-z]+)['"]/g)) found.add(m[1]);
        // `report.${action}` with a union of literals: each member.
        for (const m of src.matchAll(/action:\s*`([a-z]+)\.\$\{/g)) for (const a of AUDIT_ACTION_CODES) if (a.startsWith(`${m[1]}.`)) found.add(a);
      }
    }
  };
  for (const d of ['server', 'db', 'scripts']) walk(d);
  return found;
}

const UNITS: Record<string, string> = { '330100': '杭州市', '330106': '西湖区', '330108': '滨江区' };
const lookup = { unitName: (c: string) => UNITS[c], indicatorName: (c: string) => (c === 'HS-01' ? '棚户区改造' : c === 'GK-02' ? '政府信息公开目录' : undefined) };

/** A ledger task as `saveTask` writes it. */
const TASK = { year: 2018, clause: '十五', text: '网站季度抽查', owners: ['330100'], recurrence: 'quarterly', due: null, quarterDueDays: 10, firstQuarter: 1, evidenceRequired: '抽查情况公开网址' };

/** What the server writes for each action (shapes taken from the writing code). */
const SAMPLES: Record<AuditAction, Omit<AuditEntryLike, 'action'>> = {
  'report.saveDraft': { entity: 'report', before: { version: 1, values: { 'HS-01': { numerator: 12, denominator: 15 } } }, after: { version: 1, values: { 'HS-01': { numerator: 13, denominator: 15 } }, source: 'web' } },
  'report.submit': { entity: 'report', before: { status: 'draft', version: 1, values: {} }, after: { status: 'submitted', version: 1, values: { 'GK-02': { date: '2018-12-31', yes: true, note: '已完成' } }, source: 'excel', receiptHash: 'ab'.repeat(32) } },
  'report.approve': { entity: 'report', before: { status: 'submitted', version: 2 }, after: { status: 'approved', version: 2, reason: null } },
  'report.accept': { entity: 'report', before: { status: 'approved', version: 2 }, after: { status: 'accepted', version: 2, reason: null } },
  'report.return': { entity: 'report', before: { status: 'submitted', version: 1 }, after: { status: 'returned', version: 2, reason: '数据有误' } },
  'report.reopen': { entity: 'report', before: { status: 'accepted', version: 2 }, after: { status: 'returned', version: 3, reason: '需补充材料' } },
  'report.flag': { entity: 'review_flag', before: null, after: { id: 3, reportId: 9, version: 1, indicatorCode: 'HS-01', comment: '请核实', accountId: 1, at: '2019-01-05T02:00:00.000Z', resolvedAt: null } },
  'report.resolveFlag': { entity: 'review_flag', before: { id: 3, reportId: 9, version: 1, indicatorCode: 'HS-01', comment: '请核实', accountId: 1, at: '2019-01-05T02:00:00.000Z', resolvedAt: null }, after: null },
  'excel.upload': {
    entity: 'report',
    before: null,
    after: { fileName: '西湖区.xlsx', size: 48213, sha256: 'ab'.repeat(32), periodCode: '2018Q4', schemeVersion: 1, submitted: true, version: 1, indicators: 28 },
  },
  'annualReport.saveDraft': { entity: 'annual_report', before: { status: 'draft', version: 1, data: { a: { b: 1 } } }, after: { status: 'draft', version: 1, data: { a: { b: 2 } }, source: 'web', dueOf: '2019-01-31' } },
  'annualReport.submit': { entity: 'annual_report', before: { status: 'draft', version: 1, data: { a: 1 } }, after: { status: 'submitted', version: 1, data: { a: 1, b: 2 }, source: 'excel', dueOf: '2019-01-31' } },
  'annualReport.approve': { entity: 'annual_report', before: { status: 'submitted', version: 1 }, after: { status: 'approved', version: 1, reason: null } },
  'annualReport.accept': { entity: 'annual_report', before: { status: 'approved', version: 1 }, after: { status: 'accepted', version: 1, reason: null } },
  'annualReport.return': { entity: 'annual_report', before: { status: 'submitted', version: 1 }, after: { status: 'returned', version: 2, reason: '缺少第五部分' } },
  'annualReport.reopen': { entity: 'annual_report', before: { status: 'accepted', version: 1 }, after: { status: 'returned', version: 2, reason: '需更正' } },
  'annualReport.setDue': { entity: 'annual_report_year', before: { year: 2018, formatId: 'gb-2019', due: '2019-01-31', updatedAt: '2019-01-01T00:00:00.000Z' }, after: { year: 2018, formatId: 'gb-2019', due: '2019-02-15', updatedAt: '2019-01-02T00:00:00.000Z' } },
  'annualReport.remind': { entity: 'annual_report_year', before: null, after: { units: ['330106'] } },
  'evidence.upload': { entity: 'evidence_file', before: null, after: { originalName: '目录.pdf', mime: 'application/pdf', size: 2_400_000, stored: 'new' } },
  'period.update': {
    entity: 'period',
    before: { id: 4, schemeId: 1, code: '2018Q4', name: '第四季度', opens: '2018-12-01', due: '2019-01-15', locks: '2019-01-31', annual: true },
    after: { id: 4, schemeId: 1, code: '2018Q4', name: '第四季度', opens: '2018-12-01', due: '2019-01-20', locks: '2019-01-31', annual: true },
  },
  'period.extendDue': { entity: 'due_extension', before: null, after: { id: 1, periodId: 4, unitCode: '330108', due: '2019-01-25', reason: '系统故障', accountId: 1, at: '2019-01-10T02:00:00.000Z' } },
  'period.remind': { entity: 'period', before: null, after: { units: ['330106', '330108'] } },
  'scheme.save': {
    entity: 'scheme',
    before: { version: 1, scheme: { year: 2018, title: '2018年度考核方案', disclosureWeight: 0.04, indicators: [{ code: 'HS-01', name: '棚户区改造', points: { city: 8, county: 8 } }] } },
    after: { version: 2, scheme: { year: 2018, title: '2018年度考核方案', disclosureWeight: 0.05, indicators: [{ code: 'HS-01', name: '棚户区改造', points: { city: 10, county: 8 } }] } },
  },
  'scheme.copy': { entity: 'scheme', before: null, after: { fromYear: 2018, fromVersion: 2, version: 1, scheme: { year: 2019, title: '2019年度考核方案', disclosureWeight: 0.04, indicators: [] } } },
  'scores.adjust': { entity: 'adjustment', before: null, after: { id: 1, year: 2018, unitCode: '330100', cents: -150, reason: '信息公开差错', accountId: 1, at: '2019-01-20T02:00:00.000Z' } },
  'scores.removeAdjustment': { entity: 'adjustment', before: { id: 1, year: 2018, unitCode: '330100', cents: 250, reason: '表彰', accountId: 1, at: '2019-01-20T02:00:00.000Z' }, after: { reason: '重复录入' } },
  'scores.setManualScore': {
    entity: 'manual_score',
    before: { id: 2, year: 2018, unitCode: '330106', indicatorCode: 'HS-01', cents: 700, reason: '初评', accountId: 1, at: '2019-01-20T02:00:00.000Z' },
    after: { id: 2, year: 2018, unitCode: '330106', indicatorCode: 'HS-01', cents: 930, reason: '复核', accountId: 1, at: '2019-01-21T02:00:00.000Z' },
  },
  'scores.publish': { entity: 'ranking_publication', before: null, after: { year: 2018, version: 1, reason: null, cities: [{ code: '330100', rank: 1, S: 9930 }] } },
  'auth.login': { entity: 'account', before: null, after: null },
  'auth.changePassword': { entity: 'account', before: null, after: null },
  'account.create': { entity: 'account', before: null, after: { username: 'admin', role: 'office' } },
  'excel.template': { entity: 'report', before: null, after: { fileName: '西湖区-2018Q4.xlsx', size: 30_000, periodCode: '2018Q4' } },
  'excel.templatesZip': { entity: 'report', before: null, after: { fileName: '杭州市.zip', size: 400_000, periodCode: '2018Q4', templates: 13 } },
  'excel.marked': { entity: 'report', before: null, after: { fileName: '西湖区-标红.xlsx', size: 31_000 } },
  'excel.assessment': { entity: 'ranking_publication', before: null, after: { fileName: '2018年度考核结果.xlsx', year: 2018, status: 'published', units: 'all' } },
  'excel.table': { entity: 'export', before: null, after: { fileName: '排名表.xlsx', title: '排名表', columns: 8, rows: 11 } },
  'excel.annualTemplate': { entity: 'annual_report', before: null, after: { fileName: '滨江区2018年度政府信息公开工作年度报告填报模板.xlsx', size: 20_000, year: 2018 } },
  'excel.annualReport': { entity: 'annual_report', before: null, after: { fileName: '滨江区2018年度政府信息公开工作年度报告.xlsx', size: 20_000, year: 2018, version: 2 } },
  'excel.annualSummary': { entity: 'annual_report_year', before: null, after: { fileName: '全省2018年度政府信息公开工作年度报告汇总.xlsx', size: 30_000, year: 2018 } },
  'evidence.download': { entity: 'evidence_file', before: null, after: { fileName: '目录.pdf', size: 2048 } },
  'audit.export': { entity: 'audit_log', before: null, after: { rows: 120, filters: '操作类别：评分与发布' } },
  'audit.verify': { entity: 'audit_log', before: null, after: { ok: false, rows: 1640, brokenId: 700, headId: 1640, headHash: 'cd'.repeat(32) } },
  'audit.archive': { entity: 'audit_log', before: null, after: { file: 'audit-1.jsonl.gz', sha256: 'ef'.repeat(32), bytes: 1024, firstId: 1, lastId: 200, rows: 200, before: '2018-09-30T16:00:00.000Z', lastHash: '01'.repeat(32) } },
  'auth.loginFailed': { entity: 'account', before: null, after: { username: '330106', reason: '密码错误' } },
  'auth.changePasswordFailed': { entity: 'account', before: null, after: { username: '330106', reason: '原密码错误' } },
  'auth.logout': { entity: 'account', before: null, after: null },
  'auth.logoutEverywhere': { entity: 'account', before: null, after: { sessions: 3 } },
  'account.lock': { entity: 'account', before: null, after: { username: '330106', lockedUntil: '2019-01-25T02:15:00.000Z', failures: 5 } },
  'account.unlock': { entity: 'account', before: { lockedUntil: '2019-01-25T02:15:00.000Z' }, after: { lockedUntil: null } },
  'account.resetPassword': { entity: 'account', before: null, after: { username: '330106' } },
  'account.disable': { entity: 'account', before: { active: true }, after: { active: false } },
  'account.enable': { entity: 'account', before: { active: false }, after: { active: true } },
  'account.setRole': { entity: 'account', before: { role: 'county' }, after: { role: 'city' } },
  // Every policy field, as security.setPolicy writes the changed ones.
  'security.setPolicy': { entity: 'security_policy', before: { ...DEFAULT_POLICY }, after: { ...DEFAULT_POLICY, minLength: 10, forbidUsername: false, sessionHours: 4 } },
  'orgUnit.close': { entity: 'org_unit', before: { validTo: null }, after: { validTo: '2019-01-31' } },
  'division.create': { entity: 'org_unit', before: null, after: { code: '330014', name: '行政审批处', duties: '（四）审批结果公开' } },
  'division.update': { entity: 'org_unit', before: { code: '330002', name: '法规处', duties: '（二）（四）' }, after: { code: '330002', name: '政策法规处', duties: '（二）（四）' } },
  'division.retire': { entity: 'org_unit', before: { validTo: null }, after: { validTo: '2019-01-31' } },
  'task.create': { entity: 'ledger_task', before: null, after: { ...TASK, updatedAt: '2019-01-20T02:00:00.000Z' } },
  'task.update': { entity: 'ledger_task', before: { ...TASK }, after: { ...TASK, text: '网站季度抽查并公开抽查情况', quarterDueDays: 15 } },
  'task.submit': {
    entity: 'task_report',
    before: { status: 'returned', version: 1 },
    after: { taskId: 7, instance: '2018Q2', status: 'submitted', version: 2, progress: 'done', completedOn: '2018-07-08', evidenceUrl: 'http://www.zjjs.gov.cn/a.html', evidenceFile: null, note: '已公开' },
  },
  'task.accept': { entity: 'task_report', before: { status: 'submitted', version: 2 }, after: { status: 'accepted', version: 2, reason: null } },
  'task.return': { entity: 'task_report', before: { status: 'submitted', version: 1 }, after: { status: 'returned', version: 1, reason: '缺少证明材料' } },
  'task.remind': { entity: 'ledger_task', before: null, after: { today: '2019-01-25', divisions: ['330001'], tasks: 2, budgets: 1 } },
  'budget.submit': {
    entity: 'budget_item',
    before: { status: 'returned', version: 1 },
    after: { kind: 'final', fiscalYear: 2017, status: 'submitted', version: 2, title: '2017年度部门决算', approvedOn: '2018-07-20', publishedOn: '2018-08-20', url: 'http://www.zjjs.gov.cn/js.html', note: null, dueOf: '2018-08-09' },
  },
  'budget.accept': { entity: 'budget_item', before: { status: 'submitted', version: 2 }, after: { status: 'accepted', version: 2, reason: null } },
  'budget.return': { entity: 'budget_item', before: { status: 'submitted', version: 1 }, after: { status: 'returned', version: 1, reason: '公开网址无法访问' } },
  'excel.ledger': { entity: 'export', before: null, after: { year: 2018, rows: 40, budgets: 3 } },
  'public.divisions': { entity: 'ranking_publication', before: { public: false }, after: { public: true } },
  'backup.create': { entity: 'audit_log', before: null, after: { file: 'zwgk-20190126-020000.db', bytes: 2_600_000, integrity: 'ok', auditRows: 1900, pruned: [], trigger: 'schedule' } },
  'backup.offsite': { entity: 'audit_log', before: null, after: { file: 'zwgk-20190126-020000.db', exitCode: 3, ok: false, output: '拒绝连接' } },
  'backup.failed': { entity: 'audit_log', before: null, after: { file: 'zwgk-20190126-020000.db', error: '磁盘已满' } },
};

const lines = (action: AuditAction) => formatAuditDetails({ action, ...SAMPLES[action] }, lookup).map(auditDetailLine);

describe('audit actions in Chinese', () => {
  it('every action the server writes has a Chinese name and a category', () => {
    const written = actionsInSource();
    expect(written.size).toBeGreaterThan(15);
    const missing = [...written].filter((a) => !Object.hasOwn(AUDIT_ACTIONS, a));
    expect(missing, `这些操作没有中文名称（在 shared/audit.ts 的 AUDIT_ACTIONS 中补上）：${missing.join(', ')}`).toEqual([]);
    for (const a of AUDIT_ACTION_CODES) {
      expect(auditActionName(a)).toMatch(/[\u4e00-\u9fa5]/);
      expect(AUDIT_CATEGORIES[AUDIT_ACTIONS[a].category]).toBeTruthy();
    }
    expect(auditActionName('excel.upload')).toBe('上传 Excel 填报表');
    expect(auditActionName('made.up')).toBe('未登记的操作');
  });

  it('categories partition the actions and are labelled in Chinese', () => {
    const all = Object.keys(AUDIT_CATEGORIES).flatMap((c) => actionsOfCategory(c as keyof typeof AUDIT_CATEGORIES));
    expect(all.sort()).toEqual([...AUDIT_ACTION_CODES].sort());
    for (const label of Object.values(AUDIT_CATEGORIES)) expect(label).not.toMatch(/[A-Za-z.]/);
  });

  it('every detail key of every action has a Chinese name', () => {
    for (const a of AUDIT_ACTION_CODES) expect(unnamedDetailKeys({ action: a, ...SAMPLES[a] }), `${a}: 这些字段没有中文名称（在 shared/audit.ts 的 FIELDS 中补上）`).toEqual([]);
    // The check itself: a key the formatter does not know is reported, at the top level and inside values.
    expect(unnamedDetailKeys({ action: 'task.submit', entity: 'task_report', before: null, after: { status: 'submitted', frobnicate: 1 } })).toEqual(['frobnicate']);
    expect(unnamedDetailKeys({ action: 'report.submit', entity: 'report', before: null, after: { values: { 'HS-01': { numerator: 1, wibble: 2 } } } })).toEqual(['values.wibble']);
  });

  it('every action has a sample whose details use only Chinese labels and no raw JSON', () => {
    for (const a of AUDIT_ACTION_CODES) {
      const details = formatAuditDetails({ action: a, ...SAMPLES[a] }, lookup);
      for (const d of details) {
        expect(isKnownDetailLabel(d.field), `${a}: 字段「${d.field}」没有中文标签`).toBe(true);
        expect(d.field).not.toMatch(/[A-Za-z]{2,}/);
        for (const v of [d.before, d.after]) if (v) expect(v, `${a}: ${v}`).not.toMatch(/[{}"]|\bnull\b|\bundefined\b|\btrue\b|\bfalse\b/);
      }
    }
  });
});

describe('audit details as 字段：修改前 → 修改后', () => {
  it('a report: only what changed, with indicator names', () => {
    expect(lines('report.saveDraft')).toEqual(['棚户区改造 · 分子：12 → 13', '填报方式：（无） → 网页填报']);
    expect(lines('report.return')).toEqual(['状态：已报送 → 已退回', '版本：第 1 版 → 第 2 版', '理由：（无） → 数据有误']);
    expect(lines('report.submit')).toEqual([
      '状态：草稿 → 已报送',
      '政府信息公开目录 · 日期：（无） → 2018年12月31日',
      '政府信息公开目录 · 是否：（无） → 是',
      '政府信息公开目录 · 备注：（无） → 已完成',
      '填报方式：（无） → Excel 模板',
      `回执哈希：（无） → ${'ab'.repeat(32)}`,
    ]);
  });

  it('points in hundredths read as points; dates and periods in Chinese', () => {
    expect(lines('scores.publish')).toEqual(['年度：2018 年度', '版本：第 1 版', '理由：（无）', '各设区市结果：杭州市：第 1 名，99.30 分']);
    expect(lines('scores.adjust')).toContain('加减分值：-1.50 分');
    expect(lines('scores.removeAdjustment')).toEqual(['年度：2018 年度', '单位：杭州市（330100）', '加减分值：+2.50 分', '理由：表彰', '撤销理由：重复录入']);
    expect(lines('scores.setManualScore')).toEqual(['评分：7.00 分 → 9.30 分', '理由：初评 → 复核']);
    expect(lines('period.update')).toEqual(['截止日期：2019年1月15日 → 2019年1月20日']);
    expect(lines('period.extendDue')).toEqual(['单位：滨江区（330108）', '截止日期：2019年1月25日', '理由：系统故障']);
    expect(lines('excel.upload')).toContain('期次：2018年第四季度');
    expect(lines('excel.upload')).toContain('文件大小：47.1 KB');
    expect(lines('period.remind')).toEqual(['涉及单位：共 2 个单位：西湖区、滨江区']);
  });

  it('an annual report: its content summarised, a change inside it said in words', () => {
    expect(lines('annualReport.saveDraft')).toEqual(['年度报告内容：1 项 → 1 项（内容已修改）', '填报方式：（无） → 网页填报', '截止日期：（无） → 2019年1月31日']);
    expect(lines('annualReport.setDue')).toEqual(['截止日期：2019年1月31日 → 2019年2月15日']);
  });

  it('a scheme is summarised, not dumped', () => {
    expect(lines('scheme.save')).toEqual(['版本：第 1 版 → 第 2 版', '计入年度考核权重：4% → 5%', '指标 · 棚户区改造：设区市 8 分，县(市、区) 8 分 → 设区市 10 分，县(市、区) 8 分']);
  });

  it('divisions, ledger tasks and the security policy in Chinese', () => {
    expect(lines('division.create')).toEqual(['单位代码：330014', '名称：行政审批处', '职责：（四）审批结果公开']);
    expect(lines('division.update')).toEqual(['名称：法规处 → 政策法规处']);
    expect(lines('task.update')).toEqual(['任务内容：网站季度抽查 → 网站季度抽查并公开抽查情况', '季度结束后完成天数：10 天 → 15 天']);
    expect(lines('task.create')).toContain('责任处室：共 1 个单位：杭州市');
    expect(lines('task.create')).toContain('周期：每季度');
    expect(lines('task.create')).toContain('条款：第十五条');
    expect(lines('task.submit')).toEqual([
      '状态：已退回 → 待审核',
      '版本：第 1 版 → 第 2 版',
      '台账任务编号：（无） → 7 号',
      '任务期次：（无） → 2018年第二季度',
      '进展：（无） → 已完成',
      '完成日期：（无） → 2018年7月8日',
      '证明材料链接：（无） → http://www.zjjs.gov.cn/a.html',
      '备注：（无） → 已公开',
    ]);
    expect(lines('task.accept')).toEqual(['状态：待审核 → 已确认']);
    expect(lines('task.return')).toEqual(['状态：待审核 → 已退回', '理由：（无） → 缺少证明材料']);
    expect(lines('budget.submit')).toEqual([
      '状态：已退回 → 待确认',
      '版本：第 1 版 → 第 2 版',
      '类别：（无） → 部门决算',
      '预算年度：（无） → 2017 年度',
      '公开事项：（无） → 2017年度部门决算',
      '批复日期：（无） → 2018年7月20日',
      '公开日期：（无） → 2018年8月20日',
      '公开网址：（无） → http://www.zjjs.gov.cn/js.html',
      '截止日期：（无） → 2018年8月9日',
    ]);
    expect(lines('budget.accept')).toEqual(['状态：待确认 → 已确认']);
    expect(lines('security.setPolicy')).toEqual(['密码最短长度：8 → 10', '密码不得包含用户名：是 → 否', '会话最长时长（小时）：8 → 4']);
  });

  it("an indicator's extra figure reads with the scheme's label", () => {
    const entry = { action: 'report.saveDraft', entity: 'report', before: null, after: { values: { 'HS-01': { extra: { evaluationScore: 92 } } } } };
    const withLabels = { ...lookup, extraLabel: (c: string, k: string) => (c === 'HS-01' && k === 'evaluationScore' ? '绩效评价得分' : undefined) };
    expect(formatAuditDetails(entry, withLabels).map(auditDetailLine)).toEqual(['棚户区改造 · 绩效评价得分：92']);
    expect(unnamedDetailKeys(entry, withLabels)).toEqual([]);
    expect(unnamedDetailKeys(entry, { extraLabel: () => undefined })).toEqual(['values.HS-01.extra.evaluationScore']);
  });

  it('an event without details has no lines', () => {
    expect(formatAuditDetails({ action: 'auth.login', entity: 'account', before: null, after: null })).toEqual([]);
  });
});
