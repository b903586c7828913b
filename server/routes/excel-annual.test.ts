import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { callerFor } from '../../tests/helpers/callers';
import { sampleAnnualData } from '../../shared/annual-report/sample';
import { annualFormat, totalCells } from '../../shared/annual-report/format';
import { annualSheetLayout, SHEET_TEXTS } from '../excel/annual';
import { MARK_FILL_ARGB, SHEET_PROBLEMS } from '../excel/parse';
import { EXCEL_MSG } from '../excel/messages';

let srv: TestServer;
const cookies: Record<string, string> = {};
const format = annualFormat('national-2021');
const layout = annualSheetLayout(format);
const totals = totalCells(format);
// 滨江区 has no 2018 annual report in the demo story.
const KEY = { unitCode: '330108', year: 2018 };
const count = (sql: string) => (srv.sqlite.prepare(sql).get() as { n: number }).n;

beforeAll(async () => {
  srv = await startTestServer();
  for (const who of ['office', 'leader', '330100', '330108']) cookies[who] = (await srv.login(who)).cookie;
});
afterAll(async () => {
  await srv?.close();
});

async function get(pathAndQuery: string, who: string) {
  const res = await fetch(`${srv.url}${pathAndQuery}`, { headers: { cookie: cookies[who] } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, json: () => JSON.parse(buf.toString('utf8')) as { error: { message: string; data: Record<string, unknown> } } };
}

interface UploadAnswer {
  status: number;
  body: {
    message?: string;
    version?: number;
    status?: string;
    cells?: number;
    error?: { message: string; data: { httpStatus: number; problems?: { sheet: string; cell: string; message: string }[]; markedWorkbook?: string } };
  };
}

async function upload(who: string, file: Buffer, query: string): Promise<UploadAnswer> {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(file)]), '年度报告.xlsx');
  const res = await fetch(`${srv.url}/api/excel/annual/upload?${query}`, { method: 'POST', headers: { cookie: cookies[who] }, body: fd });
  return { status: res.status, body: (await res.json()) as UploadAnswer['body'] };
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  return wb;
}

/** Types the sample report into a workbook as people do: some numbers as text, full-width digits, thousands separators. Totals are left as they are. */
async function fill(buf: Buffer, cells: Record<string, number | null>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = await load(buf);
  for (const [key, v] of Object.entries(cells)) {
    if (totals.has(key)) continue;
    const at = layout.at.get(key)!;
    const cell = wb.getWorksheet(at.sheet)!.getCell(at.address);
    if (key === 'applications.new.natural') cell.value = '１０'; // full-width digits
    else if (key === 'art20_5.licensing.decisions') cell.value = '1,520'; // text with a thousands separator
    else if (key === 'art20_8.fees.amount') cell.value = ' 12.50 '; // text with spaces
    else cell.value = v;
  }
  const texts = wb.getWorksheet(SHEET_TEXTS)!;
  const d = sampleAnnualData();
  texts.getCell(layout.at.get('texts.overview')!.address).value = d.texts.overview;
  texts.getCell(layout.at.get('publishedUrl')!.address).value = d.publishedUrl;
  texts.getCell(layout.at.get('publishedOn')!.address).value = '2019年1月20日';
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('annual report in Excel (滨江区 2018)', () => {
  let template: Buffer;

  it('the template is laid out like the national tables: merged headers, the original labels, locked labels, validated number cells, A4', async () => {
    const res = await get('/api/excel/annual/template?unit=330108&year=2018', '330108');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('滨江区2018年度政府信息公开工作年度报告填报模板.xlsx');
    template = res.buf;
    const wb = await load(template);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['表二', 'visible'],
      ['表三', 'visible'],
      ['表四', 'visible'],
      ['文字部分', 'visible'],
      ['_meta', 'veryHidden'],
    ]);
    const t3 = wb.getWorksheet('表三')!;
    expect(t3.getCell('A5').value).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect(t3.getCell('D5').value).toBe('申请人情况');
    expect(t3.getCell('D6').value).toBe('自然人');
    expect(t3.getCell('E6').value).toBe('法人或其他组织');
    expect(t3.getCell('E7').value).toBe('商业企业');
    expect(t3.getCell('J6').value).toBe('总计');
    expect(t3.getCell('A8').value).toBe('一、本年新收政府信息公开申请数量');
    expect(t3.getCell('A10').value).toBe('三、本年度办理结果');
    expect(t3.getCell('B12').value).toBe('（三）不予公开');
    expect(t3.getCell('C12').value).toBe('1.属于国家秘密');
    expect(t3.getCell('A32').value).toBe('四、结转下年度继续办理');
    // Merged: 申请人情况 over the seven columns, 法人或其他组织 over five, 三、本年度办理结果 down 22 rows.
    const merges = (t3 as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
    expect(merges.D5.model).toEqual({ top: 5, left: 4, bottom: 5, right: 10 });
    expect(merges.E6.model).toEqual({ top: 6, left: 5, bottom: 6, right: 9 });
    expect(merges.A10.model).toEqual({ top: 10, left: 1, bottom: 31, right: 1 });
    // Labels locked; an input cell unlocked with whole-number validation; a total a locked SUM.
    expect(t3.getCell('A8').protection?.locked ?? true).toBe(true);
    expect(t3.getCell('D8').protection?.locked).toBe(false);
    expect(t3.getCell('D8').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 10_000_000] });
    expect(t3.getCell('J8').protection?.locked ?? true).toBe(true);
    expect(t3.getCell('J8').value).toMatchObject({ formula: 'SUM(D8,E8,F8,G8,H8,I8)' });
    expect(t3.getCell('D31').value).toMatchObject({ formula: expect.stringMatching(/^SUM\(D10,D11,D12,/) });
    // Fees: two decimals.
    const t2 = wb.getWorksheet('表二')!;
    expect(t2.getCell('A19').value).toBe('第二十条第（八）项');
    expect(t2.getCell('B20').value).toBe('本年收费金额（单位：万元）');
    expect(t2.getCell('A21').value).toBe('行政事业性收费');
    expect(t2.getCell('B21').dataValidation).toMatchObject({ type: 'decimal' });
    // 表四: 行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉.
    const t4 = wb.getWorksheet('表四')!;
    expect([t4.getCell('A5').value, t4.getCell('F5').value, t4.getCell('F6').value, t4.getCell('K6').value, t4.getCell('A6').value, t4.getCell('E6').value]).toEqual([
      '行政复议',
      '行政诉讼',
      '未经复议直接起诉',
      '复议后起诉',
      '结果维持',
      '总计',
    ]);
    for (const ws of [t2, t3, t4]) expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1 });
  });

  it('only the unit itself downloads its template', async () => {
    const res = await get('/api/excel/annual/template?unit=330108&year=2018', 'office');
    expect(res.status).toBe(403);
    expect(res.json().error.message).toBe('无权下载或上传滨江区的年度报告模板：只有本单位账号可以填报');
  });

  it('a wrong workbook is refused with every problem on its sheet and cell, nothing stored, and the marked workbook offered', async () => {
    const d = sampleAnnualData();
    const file = await fill(template, d.cells, (wb) => {
      wb.getWorksheet('表三')!.getCell('E8').value = '三件'; // not a number
      wb.getWorksheet('表二')!.getCell('B16').value = -3; // negative
      wb.getWorksheet('表三')!.getCell('D32').value = 4; // 结转下年度 自然人 3 → 4 breaks 一 + 二 = 三（七）+ 四
    });
    const before = { audit: count('select count(*) as n from audit_log'), reports: count('select count(*) as n from annual_reports') };
    const res = await upload('330108', file, 'unit=330108&year=2018&submit=1');
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toBe(EXCEL_MSG.problems(3));
    // In the workbook's order (表二 before 表三), then row by row.
    expect(res.body.error?.data.problems).toEqual([
      { sheet: '表二', cell: 'B16', message: '表二“行政处罚”行“本年处理决定数量”列：不能为负数' },
      { sheet: '表三', cell: 'E8', message: '表三“一、本年新收政府信息公开申请数量”行“法人或其他组织—商业企业”列应填写数字，“三件”不是数字' },
      {
        sheet: '表三',
        cell: 'D32',
        message:
          '表三“四、结转下年度继续办理”行“自然人”列：一、本年新收政府信息公开申请数量（10） + 二、上年结转政府信息公开申请数量（2） = 12，应等于 （七）总计（9） + 四、结转下年度继续办理（4） = 13',
      },
    ]);
    expect(count('select count(*) as n from audit_log')).toBe(before.audit);
    expect(count('select count(*) as n from annual_reports')).toBe(before.reports);

    const marked = await get(`/api/excel/marked/${res.body.error?.data.markedWorkbook}`, '330108');
    expect(marked.status).toBe(200);
    const wb = await load(marked.buf);
    const cell = wb.getWorksheet('表三')!.getCell('E8');
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(MARK_FILL_ARGB);
    expect(String(cell.note && typeof cell.note === 'object' ? cell.note.texts?.map((t) => t.text).join('') : cell.note)).toContain('“三件”不是数字');
    expect((wb.getWorksheet('表三')!.getCell('D8').fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe(MARK_FILL_ARGB);
    const list = wb.getWorksheet(SHEET_PROBLEMS)!;
    expect([list.getCell('B3').value, list.getCell('C3').text]).toEqual(['表二', 'B16']);
    expect([list.getCell('B4').value, list.getCell('C4').text]).toEqual(['表三', 'E8']);
    expect(list.getCell('A1').value).toContain('共 3 个问题');
  });

  it('round trip: template → fill (full-width, text numbers) → upload → the stored values are what was typed; totals recomputed', async () => {
    const d = sampleAnnualData();
    const file = await fill(template, d.cells);
    const res = await upload('330108', file, 'unit=330108&year=2018');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', version: 1, message: '已保存为草稿（第 1 版），请核对后在“年度报告”页报送' });
    const stored = await callerFor(srv.services, '330108').annualReports.get(KEY);
    expect(stored.data).toEqual({ cells: d.cells, texts: { overview: d.texts.overview }, publishedUrl: d.publishedUrl, publishedOn: '2019-01-20' });
    const audit = srv.sqlite.prepare("select after from audit_log where action = 'annualReport.saveDraft' order by id desc limit 1").get() as { after: string };
    expect(JSON.parse(audit.after)).toMatchObject({ source: 'excel', upload: { fileName: '年度报告.xlsx', formatId: 'national-2021' } });
  });

  it('export → re-upload gives the same values; the export is the printable national layout', async () => {
    const before = (await callerFor(srv.services, '330108').annualReports.get(KEY)).data;
    const exported = await get('/api/excel/annual/report?unit=330108&year=2018', 'office');
    expect(exported.status).toBe(200);
    const wb = await load(exported.buf);
    expect(wb.getWorksheet('表三')!.getCell('J8').value).toBe(13);
    expect(wb.getWorksheet('表三')!.getCell('D8').protection?.locked ?? true).toBe(true);
    expect(String(wb.getWorksheet('表三')!.getCell('A2').value)).toContain('第 1 版，草稿');
    // The office may read it but not upload it.
    const refused = await upload('office', exported.buf, 'unit=330108&year=2018');
    expect(refused.status).toBe(403);
    const again = await upload('330108', exported.buf, 'unit=330108&year=2018&submit=1');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'submitted', version: 1 });
    expect((await callerFor(srv.services, '330108').annualReports.get(KEY)).data).toEqual(before);
    // Submitted: the upload is refused before the file is read.
    const late = await upload('330108', exported.buf, 'unit=330108&year=2018');
    expect(late.status).toBe(403);
    expect(late.body.error?.message).toBe('年度报告已报送，不能修改（如需更正，请联系审核单位退回）');
  });

  it('a workbook of another unit or year is refused before any cell is read', async () => {
    const mine = await get('/api/excel/annual/report?unit=330108&year=2018', '330108');
    const cross = await upload('330100', mine.buf, 'unit=330100&year=2019');
    expect(cross.status).toBe(422);
    expect(cross.body.error?.message).toBe('该模板属于 滨江区（330108） 2018年度，不是 杭州市（330100） 2019年度；请在“年度报告”页下载本单位本年度的模板');
    expect(count("select count(*) as n from annual_reports where year = 2019")).toBe(0);
  });

  it('the province summary export equals the summary of accepted reports, in the same layout plus the cities', async () => {
    const summary = await callerFor(srv.services, 'office').annualReports.summary({ year: 2018 });
    const res = await get('/api/excel/annual/summary?year=2018', 'leader');
    expect(res.status).toBe(200);
    const wb = await load(res.buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['表二', '表三', '表四', '各设区市']);
    for (const key of ['applications.new.total', 'applications.resultTotal.total', 'art20_8.fees.amount', 'litigation.count.reconsiderationTotal']) {
      const at = layout.at.get(key)!;
      expect(wb.getWorksheet(at.sheet)!.getCell(at.address).value, key).toBe(summary.province.cells[key]);
    }
    expect(summary.province.cells['applications.new.total']).toBeGreaterThan(0);
    const cities = wb.getWorksheet('各设区市')!;
    expect(cities.getCell('A5').value).toBe(summary.cities[0].name);
    expect(cities.getCell('C5').value).toBe(summary.cities[0].figures.received);
    const county = await get('/api/excel/annual/summary?year=2018', '330108');
    expect(county.status).toBe(403);
    expect(county.json().error.message).toBe('年度报告全省汇总仅厅办公室和厅领导可以导出');
  });
});
