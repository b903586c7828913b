/**
 * The one write path of a report (services/reporting.ts `saveReport`): whatever the channel, one user
 * action runs the access check, the edit rules and the validation once each, and leaves exactly one
 * audit row. The three rules are wrapped in counting spies where they live.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ access: 0, editRules: 0, validation: 0 }));

vi.mock('../access', async (importOriginal) => {
  const m = await importOriginal<typeof import('../access')>();
  return {
    ...m,
    assertMayReport: (...args: Parameters<typeof m.assertMayReport>) => {
      calls.access++;
      return m.assertMayReport(...args);
    },
  };
});
vi.mock('../services/report-context', async (importOriginal) => {
  const m = await importOriginal<typeof import('../services/report-context')>();
  return {
    ...m,
    editBlock: (...args: Parameters<typeof m.editBlock>) => {
      calls.editRules++;
      return m.editBlock(...args);
    },
  };
});
vi.mock('../../shared/validation', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../shared/validation')>();
  return {
    ...m,
    validateReport: (...args: Parameters<typeof m.validateReport>) => {
      calls.validation++;
      return m.validateReport(...args);
    },
  };
});

import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { fullCountyValues } from '../../tests/helpers/values';

let s: TestServer;
let cookie = '';
let client: Awaited<ReturnType<TestServer['login']>>['client'];
const KEY = { unitCode: '330108', periodCode: '2018Q4' };

function auditRows(): { action: string; after: string }[] {
  return s.sqlite.prepare('select action, after from audit_log order by id').all() as { action: string; after: string }[];
}

beforeAll(async () => {
  s = await startTestServer();
  ({ cookie, client } = await s.login('330108'));
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => {
  calls.access = 0;
  calls.editRules = 0;
  calls.validation = 0;
});

async function uploadTemplate(submit: boolean) {
  const tpl = await fetch(`${s.url}/api/excel/template?unit=330108&period=2018Q4`, { headers: { cookie } });
  expect(tpl.status).toBe(200);
  const bytes = Buffer.from(await tpl.arrayBuffer());
  calls.access = 0;
  calls.editRules = 0;
  calls.validation = 0;
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(bytes)]), '滨江区填报.xlsx');
  const res = await fetch(`${s.url}/api/excel/upload?unit=330108&period=2018Q4&submit=${submit ? 1 : 0}`, { method: 'POST', headers: { cookie }, body: fd });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('one user action on a report', () => {
  it('a web draft: access, edit rules and validation once; one audit row', async () => {
    const before = auditRows().length;
    const values = fullCountyValues({ 'HS-01': { numerator: 120, denominator: 150, note: '年度计划调整，已按新计划统计' } });
    const saved = await client.reports.saveDraft.mutate({ ...KEY, revision: 0, values });
    expect(saved.status).toBe('draft');
    expect(calls).toEqual({ access: 1, editRules: 1, validation: 1 });
    const rows = auditRows().slice(before);
    expect(rows.map((r) => r.action)).toEqual(['report.saveDraft']);
    expect(JSON.parse(rows[0].after)).toMatchObject({ source: 'web', version: 1 });
  });

  it('an Excel upload-and-submit: access, edit rules and validation once; one audit row naming the file', async () => {
    const before = auditRows().length;
    const res = await uploadTemplate(true);
    expect(res.body.error, JSON.stringify(res.body.problems)).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', submitted: true, version: 1 });
    expect(calls).toEqual({ access: 1, editRules: 1, validation: 1 });
    // The template download before it is its own user action (audited as an export).
    const rows = auditRows().slice(before);
    expect(rows.map((r) => r.action)).toEqual(['excel.template', 'report.submit']);
    rows.shift();
    const after = JSON.parse(rows[0].after) as { source: string; status: string; upload: { fileName: string; size: number; sha256: string; schemeVersion: number } };
    expect(after).toMatchObject({ source: 'excel', status: 'submitted', upload: { fileName: '滨江区填报.xlsx' } });
    expect(after.upload.sha256).toMatch(/^[0-9a-f]{64}$/);
    const versions = s.sqlite.prepare("select v.source from report_versions v join reports r on r.id = v.report_id join periods p on p.id = r.period_id where r.unit_code = '330108' and p.code = '2018Q4'").all();
    expect(versions).toEqual([{ source: 'excel' }]);
  });

  it('a refused upload (the report is under review) runs the rules once and writes nothing', async () => {
    const before = auditRows().length;
    const res = await uploadTemplate(false);
    expect(res.status).toBe(403);
    expect(auditRows().slice(before).map((r) => r.action)).toEqual(['excel.template']);
    expect(res.body.error).toMatchObject({ message: '报告已报送，正在审核，审核退回后才能修改', data: { code: 'FORBIDDEN', httpStatus: 403 } });
    expect(calls).toEqual({ access: 1, editRules: 1, validation: 0 });
  });

  it('a web submit with problems: every problem names its indicator and field; nothing written', async () => {
    // A county without a 2018Q4 report yet.
    const free = s.sqlite
      .prepare("select code from org_units u where level = 'county' and code <> '330108' and not exists (select 1 from reports r join periods p on p.id = r.period_id where r.unit_code = u.code and p.code = '2018Q4') order by code limit 1")
      .get() as { code: string };
    const other = await s.login(free.code);
    const form = await other.client.reports.get.query({ unitCode: free.code, periodCode: '2018Q4' });
    const before = auditRows().length;
    calls.access = 0;
    calls.editRules = 0;
    calls.validation = 0;
    const res = await s.raw('POST', 'reports.submit', { unitCode: free.code, periodCode: '2018Q4', revision: form.report?.revision ?? 0, values: { 'HS-01': { numerator: 200, denominator: 100 } } }, other.cookie);
    expect(res.body.error?.message).toMatch(/请修改后再报送/);
    expect(res.status).toBe(400);
    const problems = res.body.error!.data.fieldErrors! as { path: string; indicator?: string; field?: string; message: string }[];
    expect(problems.length).toBeGreaterThan(1);
    expect(problems.find((p) => p.indicator === 'HS-01' && p.field === 'numerator')).toBeTruthy();
    for (const p of problems) expect(p.indicator).toBeTruthy();
    expect(calls).toEqual({ access: 1, editRules: 1, validation: 1 });
    expect(auditRows().length).toBe(before);
  });
});
