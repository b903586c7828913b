/**
 * The audit log as the office and the security auditor read it: Chinese action names and details,
 * filters, the chain check from the browser's procedure, and the Excel export (itself audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { auditDetailLine, formatAuditDetails, isKnownDetailLabel, unnamedDetailKeys } from '../../shared/audit';
import { auditLookup } from '../services/audit-log';
import { DEFAULT_POLICY } from '../../shared/security-policy';
import { ledgerTasks } from '../../db/schema';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('audit.list', () => {
  it('reads in Chinese: action names, details as 字段：修改前 → 修改后, no raw JSON or English keys', async () => {
    const { client } = await s.login('office');
    const page = await client.audit.list.query({ category: 'report', pageSize: 200 });
    expect(page.total).toBeGreaterThan(500);
    const returned = page.rows.find((r) => r.action === 'report.return')!;
    expect(returned.actionName).toBe('退回报告');
    expect(returned.unitName).toBeTruthy();
    const lines = returned.details.map(auditDetailLine);
    expect(lines).toContain('状态：已报送 → 已退回');
    expect(lines.some((l) => l.startsWith('理由：（无） → '))).toBe(true);
    for (const r of page.rows) {
      expect(r.category).toBe('report');
      for (const l of r.details.map(auditDetailLine)) {
        expect(l).not.toMatch(/[{}]|":/);
        expect(l.split('：')[0]).not.toMatch(/^[A-Za-z]+$/);
      }
    }
    // A saved draft names the indicator, not its code.
    const draft = page.rows.find((r) => r.action === 'report.saveDraft' && r.details.length > 0)!;
    expect(draft.details[0].field).toMatch(/^[^A-Z]*[\u4e00-\u9fa5].* · /);
  });

  it('every detail key the real writers store has a Chinese name (divisions, ledger tasks, the security policy, the demo)', async () => {
    const office = await s.login('office');
    await office.client.divisions.save.mutate({ code: '330014', name: '行政审批处', duties: '（四）审批结果公开' });
    await office.client.divisions.save.mutate({ code: '330014', name: '行政审批服务处', duties: '（四）审批结果公开' });
    await office.client.divisions.retire.mutate({ code: '330014', validTo: '2019-01-31' });
    const { id } = await office.client.ledger.saveTask.mutate({
      year: 2018,
      task: { clause: '十五', text: '新媒体内容发布审核', owners: ['330001'], recurrence: 'once', due: '2018-11-30', evidenceRequired: '审核制度网址' },
    });
    await office.client.ledger.saveTask.mutate({
      year: 2018,
      id,
      task: { clause: '十五', text: '新媒体内容发布审核机制', owners: ['330001'], recurrence: 'once', due: '2018-11-30', evidenceRequired: '审核制度网址' },
    });
    const division = await s.login('330001');
    const sent = await division.client.ledger.report.mutate({ taskId: id, instance: 'once', revision: 0, progress: 'done', completedOn: '2018-11-20', evidenceUrl: 'http://www.zjjs.gov.cn/x.html', note: '已建立' });
    await office.client.ledger.return.mutate({ taskReportId: sent.taskReportId, revision: sent.revision, reason: '链接打不开' });
    const again = await division.client.ledger.report.mutate({ taskId: id, instance: 'once', revision: sent.revision + 1, progress: 'done', completedOn: '2018-11-20', evidenceUrl: 'http://www.zjjs.gov.cn/y.html' });
    await office.client.ledger.accept.mutate({ taskReportId: again.taskReportId, revision: again.revision });
    await office.client.ledger.remind.mutate({ year: 2018 });
    const sec = await s.login('secadmin');
    await sec.client.security.setPolicy.mutate({ ...DEFAULT_POLICY, minLength: 10, forbidUsername: false });

    const rows = s.db.select().from(auditLog).all();
    const seen = new Set(rows.map((r) => r.action));
    for (const a of ['division.create', 'division.update', 'division.retire', 'task.create', 'task.update', 'task.submit', 'task.return', 'task.accept', 'task.remind', 'security.setPolicy']) expect(seen, a).toContain(a);
    const lookup = auditLookup(s.db, s.services.units);
    const unnamed = rows.flatMap((r) => unnamedDetailKeys(r, lookup).map((k) => `${r.action}.${k}`));
    expect([...new Set(unnamed)], '这些字段没有中文名称').toEqual([]);
    for (const r of rows) for (const d of formatAuditDetails(r, lookup)) expect(isKnownDetailLabel(d.field), `${r.action}: ${d.field}`).toBe(true);
    // What a reader sees for the division and policy changes.
    const page = await office.client.audit.list.query({ category: 'org', pageSize: 10 });
    expect(page.rows.find((r) => r.action === 'division.update')!.details.map(auditDetailLine)).toEqual(['名称：行政审批处 → 行政审批服务处']);
    const auditor = await s.login('auditor');
    const policy = (await auditor.client.audit.list.query({ category: 'account', pageSize: 10 })).rows.find((r) => r.action === 'security.setPolicy')!;
    expect(policy.details.map(auditDetailLine)).toEqual(['密码最短长度：8 → 10', '密码不得包含用户名：是 → 否']);
    const task = s.db.select().from(ledgerTasks).where(eq(ledgerTasks.id, id)).get()!;
    expect(task.text).toBe('新媒体内容发布审核机制');
  });

  it('filters by account, unit and China-date range', async () => {
    const { client } = await s.login('auditor');
    const byUser = await client.audit.list.query({ username: '330106', pageSize: 200 });
    expect(byUser.total).toBeGreaterThan(0);
    expect(byUser.rows.every((r) => r.username === '330106')).toBe(true);
    const byUnit = await client.audit.list.query({ unitCode: '330108', pageSize: 200 });
    expect(byUnit.rows.every((r) => r.unitCode === '330108' && r.unitName === '滨江区')).toBe(true);
    const day = await client.audit.list.query({ from: '2018-07-10', to: '2018-07-10', pageSize: 200 });
    expect(day.total).toBeGreaterThan(0);
    for (const r of day.rows) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse('2018-07-10T00:00:00+08:00'));
    for (const r of day.rows) expect(Date.parse(r.at)).toBeLessThan(Date.parse('2018-07-11T00:00:00+08:00'));
    const bad = await s.raw('GET', 'audit.list', { category: 'report.' }, (await s.login('auditor')).cookie);
    expect(bad.status).toBe(400);
  });
});

describe('audit.verify (安全审计员)', () => {
  it('checks the chain, records the check, and names the first broken row after tampering', async () => {
    const { client } = await s.login('auditor');
    const ok = await client.audit.verify.mutate();
    expect(ok).toMatchObject({ ok: true, firstBroken: null, start: { kind: 'genesis' } });
    expect(ok.rows).toBeGreaterThan(1000);
    const recorded = s.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()!;
    expect(recorded).toMatchObject({ action: 'audit.verify', username: 'auditor' });
    expect(recorded.after).toMatchObject({ ok: true, rows: ok.rows, headId: ok.head!.id });

    // Someone with the database file edits row 300 (dropping the trigger first).
    const target = s.db.select().from(auditLog).where(eq(auditLog.id, 300)).get()!;
    s.sqlite.exec('drop trigger audit_log_no_update');
    s.sqlite.prepare("update audit_log set ip = '10.9.9.9' where id = 300").run();
    const broken = await client.audit.verify.mutate();
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toMatchObject({ id: 300, at: target.at, action: target.action, reason: expect.stringContaining('被改动') });
    expect(broken.firstBroken!.actionName).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('GET /api/audit/export', () => {
  it('the filtered log as a Chinese workbook; the export is itself in the audit log', async () => {
    const { cookie } = await s.login('auditor');
    const res = await fetch(`${s.url}/api/audit/export?category=scores&from=2018-01-01`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const wb = XLSX.read(Buffer.from(await res.arrayBuffer()), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    expect(rows[0][0]).toBe('审计日志');
    expect(String(rows[1][0])).toContain('操作类别：评分与发布');
    const header = rows.find((r) => r[0] === '记录编号')!;
    expect(header).toEqual(['记录编号', '时间', '操作账号', '操作类别', '操作', '单位', '报告编号', '详情（字段：修改前 → 修改后）', '来源地址', '本行哈希（SHA-256）']);
    const last = s.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()!;
    expect(last).toMatchObject({ action: 'audit.export', username: 'auditor' });
    expect(last.after).toMatchObject({ filters: '时间：2018-01-01 至 最新；操作类别：评分与发布', fileName: expect.stringMatching(/^审计日志-.*\.xlsx$/) });
  });

  it('refuses other roles, anonymous requests and bad filters, in Chinese', async () => {
    const leader = await s.login('leader');
    const forbidden = await fetch(`${s.url}/api/audit/export`, { headers: { cookie: leader.cookie } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toBe('仅安全审计员或厅办公室可以执行此操作');
    expect((await fetch(`${s.url}/api/audit/export`)).status).toBe(401);
    const office = await s.login('office');
    const bad = await fetch(`${s.url}/api/audit/export?from=2018-13-01`, { headers: { cookie: office.cookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^from：/);
  });
});
