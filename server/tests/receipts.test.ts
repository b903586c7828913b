/**
 * 回执 (issue 13 item 14): a submitted version stores the hash of its canonical content; the unit
 * prints a receipt with it; the office verifies a receipt and sees when stored data no longer matches.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, versionHash } from '../../db/repo/version-hash';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { fullCountyValues } from '../../tests/helpers/values';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const KEY = { unitCode: '330108', periodCode: '2018Q4' };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('receipt hash', () => {
  it('is SHA-256 over a fixed text: format, unit, period, version, submitted time and the values with sorted keys', () => {
    const values = { 'HS-01': { numerator: 300, denominator: 330 }, 'CAT-01': { yes: true, evidenceUrl: 'https://x.gov.cn/a' } };
    expect(canonicalJson(values)).toBe('{"CAT-01":{"evidenceUrl":"https://x.gov.cn/a","yes":true},"HS-01":{"denominator":330,"numerator":300}}');
    expect(versionHash({ unitCode: '330108', periodCode: '2018Q4', version: 2, submittedAt: '2019-01-25T02:00:00.000Z', values })).toBe(
      sha256('zwgk-receipt/1\n330108\n2018Q4\n2\n2019-01-25T02:00:00.000Z\n{"CAT-01":{"evidenceUrl":"https://x.gov.cn/a","yes":true},"HS-01":{"denominator":330,"numerator":300}}'),
    );
  });

  it('every submitted version of the demo has its hash; drafts have none', () => {
    const row = s.sqlite
      .prepare('select sum(submitted_at is not null and values_hash is null) as missing, sum(submitted_at is null and values_hash is not null) as stray, sum(values_hash is not null) as sealed from report_versions')
      .get() as { missing: number; stray: number; sealed: number };
    expect(row).toMatchObject({ missing: 0, stray: 0 });
    expect(row.sealed).toBeGreaterThan(300);
  });
});

describe('reports.receipt / reports.verifyReceipt (滨江区 submits 2018Q4)', () => {
  let reportId = 0;
  let hash = '';

  it('a draft has no receipt yet', async () => {
    const county = await s.login('330108');
    const d = await county.client.reports.saveDraft.mutate({ ...KEY, revision: 0, values: { 'HS-01': { numerator: 10, denominator: 150 } } });
    reportId = d.reportId;
    const res = await s.raw('GET', 'reports.receipt', { reportId }, county.cookie);
    expect(res.status).toBe(404);
    expect(res.body.error?.message).toBe('该报告尚未报送，没有回执');
    const v1 = await s.raw('GET', 'reports.receipt', { reportId, version: 1 }, county.cookie);
    expect(v1.status).toBe(409);
    expect(v1.body.error?.message).toBe('第 1 版尚未报送，没有回执');
  });

  it('after submitting, the receipt shows unit, period, version, when and by whom, the values and the stored hash', async () => {
    const county = await s.login('330108');
    const form = await county.client.reports.get.query(KEY);
    const values = fullCountyValues({ 'HS-01': { numerator: 300, denominator: 330 } });
    await county.client.reports.submit.mutate({ ...KEY, revision: form.report!.revision, values });
    const r = await county.client.reports.receipt.query({ reportId });
    expect(r).toMatchObject({
      unit: { code: '330108', name: '滨江区', parentName: '杭州市' },
      period: { code: '2018Q4', name: '2018年第四季度暨年度' },
      version: 1,
      submittedBy: expect.stringContaining('滨江区'),
      status: 'submitted',
      statusName: '已报送',
      current: true,
    });
    expect(r.values['HS-01']).toEqual({ numerator: 300, denominator: 330 });
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    const stored = s.sqlite.prepare('select values_hash as h, submitted_at as at from report_versions where report_id = ? and version = 1').get(reportId) as { h: string; at: string };
    expect(r.hash).toBe(stored.h);
    expect(r.submittedAt).toBe(stored.at);
    expect(r.hash).toBe(versionHash({ unitCode: '330108', periodCode: '2018Q4', version: 1, submittedAt: stored.at, values: r.values }));
    hash = r.hash;
    // The hash is also in the append-only audit chain, beside the submitted values.
    const audited = s.sqlite.prepare(`select json_extract(after, '$.receiptHash') as h from audit_log where action = 'report.submit' and report_id = ? order by id desc limit 1`).get(reportId) as { h: string };
    expect(audited.h).toBe(hash);
  });

  it('who may read the report may print its receipt; others are refused', async () => {
    const city = await s.login('330100');
    expect((await city.client.reports.receipt.query({ reportId })).hash).toBe(hash);
    const other = await s.login('330106');
    const res = await s.raw('GET', 'reports.receipt', { reportId }, other.cookie);
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe('无权查看滨江区的数据');
  });

  it('the office verifies the receipt; an unknown hash and a malformed one are told apart', async () => {
    const office = await s.login('office');
    const ok = await office.client.reports.verifyReceipt.query({ hash: hash.toUpperCase() });
    expect(ok).toMatchObject({ found: true, intact: true, unit: { name: '滨江区', parentName: '杭州市' }, period: { code: '2018Q4' }, version: 1, message: '回执有效：与系统中保存的该版本报送内容一致' });
    const unknown = await office.client.reports.verifyReceipt.query({ hash: '0'.repeat(64) });
    expect(unknown).toEqual({ found: false, message: '未找到与该哈希对应的已报送版本：回执不是本系统出具的，或哈希抄写有误' });
    const bad = await s.raw('GET', 'reports.verifyReceipt', { hash: 'abc' }, office.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('回执哈希应为 64 位十六进制字符');
  });

  it('a value changed behind the application is caught: the hash no longer matches the stored data', async () => {
    s.sqlite.prepare(`update report_values set numerator = 330 where indicator_code = 'HS-01' and version_id = (select id from report_versions where report_id = ? and version = 1)`).run(reportId);
    const office = await s.login('office');
    const res = await office.client.reports.verifyReceipt.query({ hash });
    expect(res).toMatchObject({ found: true, intact: false, message: expect.stringContaining('报送后数据被改动') });
  });
});
