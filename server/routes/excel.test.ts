import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import {
  deleteRow,
  editWorkbook,
  encryptedZip,
  lyingZipBomb,
  notAWorkbook,
  oleFile,
  oversized,
  renamedPdf,
  truncated,
  zipBomb,
  zipWithoutWorkbook,
} from '../../tests/fixtures-bad/bad-files';
import { EXCEL_MSG } from '../excel/messages';
import { MARK_FILL_ARGB, MARK_FONT_ARGB, SHEET_PROBLEMS } from '../excel/parse';

const run = promisify(execFile);
const LIBREOFFICE = '/usr/bin/libreoffice';

let srv: TestServer;
const cookies: Record<string, string> = {};
const timings: Record<string, number> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round(performance.now() - t0);
  }
}

/**
 * An answer with the refusal's message, problems and marked-workbook token lifted out of the error
 * shape (`{"error":{"message","data":{…}}}`, as tRPC's), which is checked on the way.
 */
function flatten(json: Record<string, unknown>): Record<string, unknown> {
  const e = json.error as { message: string; code: number; data: { code: string; httpStatus: number; problems?: unknown; markedWorkbook?: unknown } } | undefined;
  if (!e) return json;
  expect(typeof e.message).toBe('string');
  expect(typeof e.code).toBe('number');
  expect(typeof e.data.httpStatus).toBe('number');
  const out: Record<string, unknown> = { error: e.message };
  if (e.data.problems !== undefined) out.problems = e.data.problems;
  if (e.data.markedWorkbook !== undefined) out.markedWorkbook = e.data.markedWorkbook;
  return out;
}

async function get(pathAndQuery: string, who: string) {
  const res = await fetch(`${srv.url}${pathAndQuery}`, { headers: { cookie: cookies[who] } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, json: () => flatten(JSON.parse(buf.toString('utf8')) as Record<string, unknown>) };
}

interface UploadBody {
  error?: string;
  problems?: { sheet: string; cell: string; message: string }[];
  markedWorkbook?: string;
  message?: string;
  version?: number;
  status?: string;
  warnings?: { sheet: string; cell: string; message: string }[];
}

async function upload(who: string, file: Buffer, query: string, name = '填报模板.xlsx') {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await fetch(`${srv.url}/api/excel/upload?${query}`, { method: 'POST', headers: { cookie: cookies[who] }, body: fd });
  return { status: res.status, body: flatten((await res.json()) as Record<string, unknown>) as UploadBody };
}

function counts() {
  const row = srv.sqlite
    .prepare(
      'select (select count(*) from report_values) as "values", (select count(*) from report_versions) as versions, (select count(*) from reports) as reports, (select count(*) from audit_log) as audit',
    )
    .get() as { values: number; versions: number; reports: number; audit: number };
  return { ...row };
}

const Q4 = 'unit=330108&period=2018Q4';

beforeAll(async () => {
  srv = await startTestServer();
  for (const who of ['office', 'leader', '330100', '330106', '330108']) cookies[who] = (await srv.login(who)).cookie;
});

afterAll(async () => {
  await srv?.close();
  console.info('excel timings (ms):', JSON.stringify(timings));
});

describe('templates', () => {
  it('a county downloads its template: sheets, pre-filled locked header, validations, hidden meta', async () => {
    const res = await timed('template', () => get(`/api/excel/template?${Q4}`, '330108'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('滨江区2018年第四季度暨年度填报模板.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.buf).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填报说明', '填报表', '_meta']);
    const meta = wb.getWorksheet('_meta')!;
    expect(meta.state).toBe('veryHidden');
    const form = wb.getWorksheet('填报表')!;
    expect(form.getCell('B2').value).toBe('滨江区');
    expect(form.getCell('D2').value).toBe('330108');
    expect(form.getCell('F2').value).toBe('2018年第四季度暨年度');
    expect(form.getCell('B2').protection?.locked).not.toBe(false);
    expect(form.getCell('A7').value).toBe('HS-01');
    expect(form.getCell('C7').value).toBe('已完成改造套数（套）');
    expect(form.getCell('D7').protection?.locked).toBe(false);
    expect(form.getCell('D7').dataValidation?.type).toBe('whole');
    expect(form.getCell('D5').dataValidation?.type).toBe('date');
    expect(form.getCell('D6').dataValidation?.formulae).toEqual(['"是,否"']);
    const guide = wb.getWorksheet('填报说明')!;
    const text = guide.getSheetValues().flat().filter((v) => typeof v === 'string').join('\n');
    expect(text).toContain('报送截止：2019年1月10日');
    expect(text).toContain('分子不能大于分母');
  });

  it('the template opens in Excel without repair: no two data validations overlap, each within Excel\'s limits (sheet XML)', async () => {
    const zip = await JSZip.loadAsync((await get(`/api/excel/template?${Q4}`, '330108')).buf);
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBe(3);
    const colNo = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const cellsOf = (ref: string): string[] => {
      const [a, b = a] = ref.split(':');
      const [, c1, r1] = /^([A-Z]+)(\d+)$/.exec(a)!;
      const [, c2, r2] = /^([A-Z]+)(\d+)$/.exec(b)!;
      const out: string[] = [];
      for (let r = Number(r1); r <= Number(r2); r++) for (let c = colNo(c1); c <= colNo(c2); c++) out.push(`${c}:${r}`);
      return out;
    };
    let validations = 0;
    for (const name of sheets) {
      const xml = await zip.file(name)!.async('string');
      const seen = new Map<string, string>();
      for (const m of xml.matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)) {
        validations++;
        const attrs = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
        for (const ref of attrs.sqref.split(' ')) {
          for (const cell of cellsOf(ref)) {
            expect(seen.get(cell), `${name}: ${ref} overlaps ${seen.get(cell)}`).toBeUndefined();
            seen.set(cell, ref);
          }
        }
        // Excel's limits (ECMA-376 / what Excel repairs): titles ≤ 32 characters, messages ≤ 255, list sources ≤ 255.
        const unescape = (t = '') => t.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        expect(unescape(attrs.promptTitle).length).toBeLessThanOrEqual(32);
        expect(unescape(attrs.errorTitle).length).toBeLessThanOrEqual(32);
        expect(unescape(attrs.prompt).length).toBeLessThanOrEqual(255);
        expect(unescape(attrs.error).length).toBeLessThanOrEqual(255);
        for (const f of m[2].matchAll(/<formula1>([^<]*)<\/formula1>/g)) expect(unescape(f[1]).length).toBeLessThanOrEqual(255);
      }
    }
    // One validation per input cell of 滨江区's rows (values, link, note): none were merged away.
    expect(validations).toBeGreaterThan(40);
  });

  it('refuses a template for another unit, and the province', async () => {
    const other = await get('/api/excel/template?unit=330106&period=2018Q4', '330108');
    expect(other.status).toBe(403);
    expect(other.json().error).toBe(EXCEL_MSG.noWrite('西湖区'));
    const office = await get('/api/excel/template?period=2018Q4', 'office');
    expect(office.status).toBe(403);
    const anon = await fetch(`${srv.url}/api/excel/template?period=2018Q4`);
    expect(anon.status).toBe(401);
  });

  it('a city downloads one zip with a template per county', async () => {
    const res = await timed('templates.zip (杭州市, 13 counties)', () => get('/api/excel/templates.zip?period=2018Q4', '330100'));
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(res.buf);
    const names = Object.keys(zip.files);
    const counties = srv.services.units.childrenOf('330100');
    expect(names).toHaveLength(counties.length);
    expect(names).toContain('西湖区2018年第四季度暨年度填报模板.xlsx');
    const county = await get('/api/excel/templates.zip?period=2018Q4', '330106');
    expect(county.status).toBe(403);
  });
});

describe('bad files: each refused with its message, nothing written', () => {
  let template: Buffer;
  beforeAll(async () => {
    template = (await get(`/api/excel/template?${Q4}`, '330108')).buf;
  });

  async function expectRefused(file: Buffer | Promise<Buffer>, status: number, error: string, opts: { name?: string; query?: string; problems?: { cell: string; message: string }[] } = {}) {
    const before = counts();
    const res = await upload('330108', await file, opts.query ?? Q4, opts.name);
    expect(res.body.error).toBe(error);
    expect(res.status).toBe(status);
    if (opts.problems) expect(res.body.problems?.map((p) => ({ cell: `${p.sheet}!${p.cell}`, message: p.message }))).toEqual(opts.problems.map((p) => ({ ...p, cell: `填报表!${p.cell}` })));
    expect(counts()).toEqual(before);
    return res.body;
  }

  it('not a workbook', () => expectRefused(notAWorkbook(), 400, EXCEL_MSG.notWorkbook));
  it('a renamed PDF', () => expectRefused(renamedPdf(), 400, EXCEL_MSG.pdf));
  it('a .pdf file name', () => expectRefused(renamedPdf(), 400, EXCEL_MSG.pdf, { name: '证明.pdf' }));
  it('a .xls name', () => expectRefused(template, 400, EXCEL_MSG.notXlsxName, { name: '填报模板.xls' }));
  it('a truncated file', () => expectRefused(truncated(template), 400, EXCEL_MSG.truncated));
  it('a zip bomb', () => expectRefused(zipBomb(60), 400, EXCEL_MSG.zipBomb));
  it('a zip bomb lying about its sizes', () => expectRefused(lyingZipBomb(), 400, EXCEL_MSG.zipBomb));
  it('an encrypted workbook (OLE container)', () => expectRefused(oleFile(), 400, EXCEL_MSG.encrypted));
  it('a zip with encrypted entries', () => expectRefused(encryptedZip(), 400, EXCEL_MSG.encrypted));
  it('a zip that is not a workbook', () => expectRefused(zipWithoutWorkbook(), 400, EXCEL_MSG.noWorkbookParts));
  it('an oversized file', () => expectRefused(oversized(), 413, EXCEL_MSG.tooLarge));
  it('a workbook that is not our template', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '滨江区';
    await expectRefused(Buffer.from(await wb.xlsx.writeBuffer()), 422, EXCEL_MSG.notTemplate);
  });

  it("another unit's template", async () => {
    const xihu = (await get('/api/excel/template?unit=330106&period=2018Q4', '330106')).buf;
    await expectRefused(xihu, 422, '该模板属于 西湖区（330106） 2018年第四季度暨年度，不是 滨江区（330108） 2018年第四季度暨年度；请在“填报”页下载本单位本期模板');
  });

  it("another period's template", async () => {
    const q3 = (await get('/api/excel/template?unit=330108&period=2018Q3', '330108')).buf;
    await expectRefused(q3, 422, '该模板属于 滨江区（330108） 2018年第三季度，不是 滨江区（330108） 2018年第四季度暨年度；请在“填报”页下载本单位本期模板');
  });

  it('hidden template information edited by hand', async () => {
    const forged = await editWorkbook(template, {}, (wb) => {
      const meta = wb.getWorksheet('_meta')!;
      meta.eachRow((row) => {
        if (row.getCell(1).value === 'unitCode') row.getCell(2).value = '330106';
      });
    });
    await expectRefused(forged, 422, EXCEL_MSG.checksum);
  });

  it('text in a number cell', () =>
    expectRefused(editWorkbook(template, { D7: '一百二十', F7: 150 }), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'D7', message: '已完成改造套数应填写数字，“一百二十”不是数字' }],
    }));

  it('a negative count', () =>
    expectRefused(editWorkbook(template, { D8: '-1' }), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'D8', message: '已公开事项数 -1 不能为负数' }],
    }));

  it('numerator > denominator', () =>
    expectRefused(editWorkbook(template, { D7: 120, F7: 100 }), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'D7', message: '已完成改造套数 120 大于年度计划改造套数 100' }],
    }));

  it('a future date', () =>
    expectRefused(editWorkbook(template, { D5: '2019-02-01' }), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'D5', message: '目录编制完成日期 2019年2月1日 晚于填报日期 2019年1月25日' }],
    }));

  it('a formula referencing another sheet', () =>
    expectRefused(editWorkbook(template, { D8: { formula: '填报说明!C30', result: 4 } }), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'D8', message: '已公开事项数：使用了引用其他工作表的公式（=填报说明!C30），请直接填写数值' }],
    }));

  it('a deleted row', () =>
    expectRefused(deleteRow(template, 7), 422, EXCEL_MSG.problems(1), {
      problems: [{ cell: 'A7', message: '缺少指标 HS-01（棚户区改造年度任务完成率）所在的行（模板第 7 行），请勿删除模板中的行；请恢复该行或重新下载模板填写' }],
    }));

  it('swapped rows', () =>
    expectRefused(editWorkbook(template, { A9: 'RH-02', A10: 'RH-01' }), 422, EXCEL_MSG.problems(2), {
      problems: [
        { cell: 'A9', message: '第 9 行应为指标 RH-01（农村危房改造年度任务完成率），实际为 RH-02；请勿调整行的顺序' },
        { cell: 'A10', message: '第 10 行应为指标 RH-02（危改补助对象公示率(农户申请、村集体评议公示、乡镇审核、县级审批)），实际为 RH-01；请勿调整行的顺序' },
      ],
    }));

  it('lists every problem at once, and the marked workbook shows each on its cell', async () => {
    const file = await editWorkbook(template, { D5: '2018年13月1日', D6: '也许', D7: 120, F7: 100, D8: -2, G8: 'ftp://example.com/x' });
    const body = await expectRefused(file, 422, EXCEL_MSG.problems(5), {
      problems: [
        { cell: 'D5', message: '目录编制完成日期“2018年13月1日”不是有效日期，请填写如 2018-12-31 或 2018年12月31日' },
        { cell: 'D6', message: '“政务公开负面清单目录建立并动态更新”是否完成应填写“是”或“否”，“也许”无法识别' },
        { cell: 'D7', message: '已完成改造套数 120 大于年度计划改造套数 100' },
        { cell: 'D8', message: '已公开事项数 -2 不能为负数' },
        { cell: 'G8', message: '公开网页链接须以 http:// 或 https:// 开头' },
      ],
    });
    expect(body.markedWorkbook).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stranger = await get(`/api/excel/marked/${body.markedWorkbook}`, '330106');
    expect(stranger.status).toBe(403);
    const res = await get(`/api/excel/marked/${body.markedWorkbook}`, '330108');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.buf).buffer);
    const ws = wb.getWorksheet('填报表')!;
    const d7 = ws.getCell('D7');
    expect((d7.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(MARK_FILL_ARGB);
    const note = d7.note;
    const noteText = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
    expect(noteText).toBe('已完成改造套数 120 大于年度计划改造套数 100');
    // Exactly the five problem cells are styled, on every sheet (exceljs shares styles between cells).
    const styled: string[] = [];
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((c) => {
          if ((c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === MARK_FILL_ARGB || c.font?.color?.argb === MARK_FONT_ARGB) styled.push(`${sheet.name}!${c.address}`);
        }),
      );
    }
    expect(styled.sort()).toEqual(['填报表!D5', '填报表!D6', '填报表!D7', '填报表!D8', '填报表!G8']);
    expect(ws.getCell('D9').style).not.toBe(d7.style);
    // 问题清单: each problem with a link to its cell.
    const list = wb.getWorksheet(SHEET_PROBLEMS)!;
    expect(list.getRow(2).values).toEqual([undefined, '序号', '工作表', '单元格', '问题']);
    const rows = [3, 4, 5, 6, 7].map((r) => list.getRow(r));
    expect(rows.map((r) => r.getCell(3).value)).toEqual(['D5', 'D6', 'D7', 'D8', 'G8'].map((c) => ({ text: c, hyperlink: `#'填报表'!${c}` })));
    expect(rows[2].getCell(4).value).toBe('已完成改造套数 120 大于年度计划改造套数 100');
    expect(list.getRow(8).getCell(1).value).toBeNull();
  });

  it('marking a marked workbook again leaves the fixed cells plain and lists only the new problems', async () => {
    const first = await upload('330108', await editWorkbook(template, { D7: 120, F7: 100, D8: -2 }), Q4);
    const marked = (await get(`/api/excel/marked/${first.body.markedWorkbook}`, '330108')).buf;
    const second = await upload('330108', await editWorkbook(marked, { D7: 90, D8: 3, D9: -1 }), Q4);
    expect(second.body.problems?.map((p) => p.cell)).toEqual(['D9']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array((await get(`/api/excel/marked/${second.body.markedWorkbook}`, '330108')).buf).buffer);
    const ws = wb.getWorksheet('填报表')!;
    const fills = ['D7', 'D8', 'D9'].map((c) => (ws.getCell(c).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null);
    expect(fills).toEqual([null, null, MARK_FILL_ARGB]);
    expect(ws.getCell('D7').note).toBeUndefined();
    expect(wb.worksheets.filter((w) => w.name === SHEET_PROBLEMS)).toHaveLength(1);
    expect(wb.getWorksheet(SHEET_PROBLEMS)!.getRow(3).getCell(3).value).toEqual({ text: 'D9', hyperlink: "#'填报表'!D9" });
  });

  it('an outdated scheme version', async () => {
    srv.sqlite.prepare('update schemes set version = 2 where year = 2018').run();
    try {
      await expectRefused(template, 422, EXCEL_MSG.schemeVersion(1, 2));
    } finally {
      srv.sqlite.prepare('update schemes set version = 1 where year = 2018').run();
    }
  });

  it('refuses a unit the account may not write, before reading the file', async () => {
    const before = counts();
    const res = await upload('330106', template, Q4);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe(EXCEL_MSG.noWrite('滨江区'));
    const locked = await upload('330106', template, 'period=2018Q4');
    expect(locked.status).toBe(403);
    expect(locked.body.error).toBe('报告已被厅办公室采纳；如需修改，请联系厅办公室重新开放');
    expect(counts()).toEqual(before);
  });
});

describe('round trip', () => {
  const url = (p: string) => `https://jsj.example.gov.cn/zwgk/${p}`;

  it('download, fill the way a person would, upload: the saved values are what was typed', async () => {
    const template = (await get(`/api/excel/template?${Q4}`, '330108')).buf;
    const filled = await editWorkbook(template, {
      D5: '2018年12月31日',
      G5: { text: '目录', hyperlink: url('catalogue') },
      D6: '√',
      G6: `  ${url('negative-list')}  `,
      D7: '１２０',
      F7: ' 1,234 ',
      H7: '年度计划调整，已按新计划统计',
      D8: 4,
      G8: url('housing'),
      D9: '80',
      F9: 80,
      D10: 78,
      F10: '８０户',
      D11: { formula: 'F11-1', result: 9 },
      F11: '10',
      D12: 'Y',
      G12: url('sangai'),
      D13: 5,
      F13: 5,
      D14: '12',
      F14: '12',
      D15: '是',
      G15: url('training'),
      D16: '４',
      G16: url('spot-checks'),
    });
    const before = counts();
    const res = await timed('upload (draft, 12 indicators)', () => upload('330108', filled, Q4));
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('draft');
    const after = counts();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.audit - before.audit).toBe(1); // one user action, one audit row (report.saveDraft from excel)

    const report = await (await srv.login('330108')).client.reports.get.query({ unitCode: '330108', periodCode: '2018Q4' });
    expect(report.values).toEqual({
      'CAT-01': { date: '2018-12-31', evidenceUrl: url('catalogue') },
      'CAT-03': { yes: true, evidenceUrl: url('negative-list') },
      'HS-01': { numerator: 120, denominator: 1234, note: '年度计划调整，已按新计划统计' },
      'HS-02': { count: 4, evidenceUrl: url('housing') },
      'RH-01': { numerator: 80, denominator: 80 },
      'RH-02': { numerator: 78, denominator: 80 },
      'IN-01': { numerator: 9, denominator: 10 },
      'IN-07': { yes: true, evidenceUrl: url('sangai') },
      'MC-01': { numerator: 5, denominator: 5 },
      'MC-02': { numerator: 12, denominator: 12 },
      'MC-03': { yes: true, evidenceUrl: url('training') },
      'MC-04': { count: 4, evidenceUrl: url('spot-checks') },
    });
    const audit = srv.sqlite
      .prepare("select username, unit_code as unitCode, after from audit_log where action = 'report.saveDraft' and json_extract(after, '$.source') = 'excel'")
      .all() as { username: string; unitCode: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: '330108', unitCode: '330108' });
    const recorded = JSON.parse(audit[0].after) as { values: Record<string, unknown>; upload: Record<string, unknown> };
    expect(recorded.upload).toMatchObject({ fileName: '填报模板.xlsx', schemeVersion: 1 });
    expect(Object.keys(recorded.values)).toHaveLength(12);

    // The next template comes pre-filled with what was saved.
    const again = (await get(`/api/excel/template?${Q4}`, '330108')).buf;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(again).buffer);
    const ws = wb.getWorksheet('填报表')!;
    expect(ws.getCell('D7').value).toBe(120);
    expect(ws.getCell('F7').value).toBe(1234);
    expect(ws.getCell('D6').value).toBe('是');
    expect((ws.getCell('D5').value as Date).toISOString().slice(0, 10)).toBe('2018-12-31');
  });

  it('fixing the marked workbook and uploading it with 上传并报送 submits the report', async () => {
    const template = (await get(`/api/excel/template?${Q4}`, '330108')).buf;
    const wrong = await editWorkbook(template, { D16: -4 });
    const refused = await upload('330108', wrong, `${Q4}&submit=1`);
    expect(refused.status).toBe(422);
    const marked = (await get(`/api/excel/marked/${refused.body.markedWorkbook}`, '330108')).buf;
    const fixed = await editWorkbook(marked, { D16: 4 });
    const res = await timed('upload (submit)', () => upload('330108', fixed, `${Q4}&submit=1`, '滨江区（已修改）.xlsx'));
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    const v = srv.sqlite
      .prepare("select rv.source, rv.submitted_at as submittedAt from report_versions rv join reports r on r.id = rv.report_id join periods p on p.id = r.period_id where r.unit_code = '330108' and p.code = '2018Q4'")
      .get() as { source: string; submittedAt: string | null };
    expect(v.source).toBe('excel');
    expect(v.submittedAt).not.toBeNull();
    // Submitted: the report cannot be changed by another upload.
    const again = await upload('330108', fixed, Q4);
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('报告已报送，正在审核，审核退回后才能修改');
  });
});

function readBack(buf: Buffer) {
  return XLSX.read(buf, { type: 'buffer', cellNF: true, cellStyles: true, cellDates: false });
}

function rowsOf(ws: XLSX.WorkSheet): XLSX.CellObject[][] {
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  const out: XLSX.CellObject[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: XLSX.CellObject[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) row.push(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject);
    out.push(row);
  }
  return out;
}

describe('assessment export', () => {
  it('before publication: leaders get 404, the office its draft', async () => {
    const leader = await get('/api/excel/assessment?year=2018', 'leader');
    expect(leader.status).toBe(404);
    expect(leader.json().error).toBe('2018 年度考核结果尚未发布');
    const office = await timed('assessment export (office draft)', () => get('/api/excel/assessment?year=2018', 'office'));
    expect(office.status).toBe(200);
    expect(office.headers.get('content-disposition')).toContain(encodeURIComponent('2018年度政务公开工作考核结果（草稿）.xlsx'));
    const wb = readBack(office.buf);
    expect(wb.Sheets['考核排名'].A1?.v).toBe('2018年度全省住房城乡建设系统政务公开工作考核结果（草稿）');
    expect(String(wb.Sheets['考核排名'].A2?.v)).toContain('草稿（尚未发布');
  });

  it('published: sheet names, merged title, S equal to the API, number formats, hyperlinks, page setup', async () => {
    const office = await srv.login('office');
    await office.client.scores.publish.mutate({ year: 2018 });
    const res = await timed('assessment export (published)', () => get('/api/excel/assessment?year=2018', 'leader'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('2018年度政务公开工作考核结果.xlsx')}`);
    const wb = readBack(res.buf);
    expect(wb.SheetNames).toEqual(['考核排名', '分项得分', '填报数据', '填报进度']);
    const ws = wb.Sheets['考核排名'];
    expect(ws.A1?.v).toBe('2018年度全省住房城乡建设系统政务公开工作考核结果');
    const rows = rowsOf(ws);
    const header = rows[2].map((c) => String(c?.v ?? ''));
    expect(ws['!merges']).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } });
    expect(String(ws.A2?.v)).toMatch(/^发布版本：第 1 版\u3000发布日期：2019年1月25日/);

    const leader = await srv.login('leader');
    const ranking = await leader.client.scores.ranking.query({ year: 2018, counties: { limit: 5000 } });
    expect(ranking.status).toBe('published');
    const sCol = header.indexOf('政务公开得分 S');
    const cCol = header.findIndex((h) => h.startsWith('计入年度考核分值'));
    const rankCol = header.indexOf('排名');
    const codeCol = header.indexOf('单位代码');
    expect(sCol).toBeGreaterThan(0);
    for (const city of ranking.run!.cities) {
      const row = rows.find((r) => r[codeCol]?.v === city.code);
      expect(row, city.name).toBeDefined();
      expect(row![sCol].v).toBe(city.S / 100);
      expect(row![sCol].z).toBe('0.00');
      expect(row![cCol].v).toBe(city.contribution / 100);
      expect(row![rankCol].v).toBe(city.rank);
    }
    expect(rows.filter((r) => typeof r[codeCol]?.v === 'string' && /^\d{6}$/.test(String(r[codeCol].v)))).toHaveLength(ranking.run!.cities.length + ranking.run!.counties.length);

    const values = rowsOf(wb.Sheets['填报数据']);
    const vHeader = values[2].map((c) => String(c?.v ?? ''));
    const linkCol = vHeader.indexOf('证明材料（公开网页链接）');
    const rateCol = vHeader.indexOf('完成率');
    const link = values.find((r) => r[linkCol]?.l);
    expect(link?.[linkCol].l?.Target).toMatch(/^https?:\/\//);
    const rate = values.find((r) => typeof r[rateCol]?.v === 'number');
    expect(rate?.[rateCol].z).toBe('0.0%');

    const scores = rowsOf(wb.Sheets['分项得分']);
    const hz = scores.find((r) => r[1]?.v === '330100')!;
    const hzScore = (await leader.client.scores.unit.query({ year: 2018, unitCode: '330100' })).score;
    const sHead = scores[2].map((c) => String(c?.v ?? ''));
    expect(hz[sHead.indexOf('得分 S')].v).toBe(hzScore.S / 100);
    expect(hz[sHead.findIndex((h) => h.startsWith('HS-01'))].v).toBe(hzScore.indicators.find((i) => i.code === 'HS-01')!.score / 100);

    expect(wb.Workbook?.Names?.some((n) => n.Name === '_xlnm.Print_Titles' && n.Sheet === 0 && n.Ref.includes('$1:$3'))).toBe(true);
    const zip = await JSZip.loadAsync(res.buf);
    const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet1).toMatch(/<pageSetup[^>]*paperSize="9"/);
    expect(sheet1).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(sheet1).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
    expect(sheet1).toMatch(/<pageSetup[^>]*fitToHeight="0"/);
    expect(sheet1).toMatch(/<pane[^>]*state="frozen"/);
    expect(sheet1).not.toMatch(/<f>/);
  });

  it("a bureau's workbook holds only its own unit's rows", async () => {
    const city = readBack((await get('/api/excel/assessment?year=2018', '330100')).buf);
    const codes = rowsOf(city.Sheets['考核排名'])
      .map((r) => r[2]?.v)
      .filter((v): v is string => typeof v === 'string' && /^\d{6}$/.test(v));
    expect(codes[0]).toBe('330100');
    expect(codes.every((c) => c === '330100' || srv.services.units.get(c)?.parentCode === '330100')).toBe(true);
    const county = readBack((await get('/api/excel/assessment?year=2018', '330106')).buf);
    const countyCodes = rowsOf(county.Sheets['考核排名'])
      .map((r) => r[2]?.v)
      .filter((v): v is string => typeof v === 'string' && /^\d{6}$/.test(v));
    expect(countyCodes).toEqual(['330106']);
    const grid = rowsOf(county.Sheets['填报进度']).map((r) => r[1]?.v).filter((v) => typeof v === 'string' && /^\d{6}$/.test(v));
    expect(grid).toEqual(['330106']);
  });

  // Printing the exports to PDF with LibreOffice: server/routes/excel-print.test.ts.
  it.skipIf(!fs.existsSync(LIBREOFFICE))('a template filled and re-saved by LibreOffice uploads cleanly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-lo-'));
    try {
      cookies['330922'] = (await srv.login('330922')).cookie;
      const template = (await get('/api/excel/template?unit=330922&period=2018Q4', '330922')).buf;
      const filled = await editWorkbook(template, { D5: '2018年12月20日', D6: '√', D7: '１２', F7: ' 1,200 ', H7: '按年度计划统计', D8: 4 });
      fs.mkdirSync(path.join(dir, 'in'));
      const file = path.join(dir, 'in', '嵊泗县.xlsx');
      fs.writeFileSync(file, filled);
      await timed('libreoffice re-save', () =>
        run(LIBREOFFICE, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', dir, file], {
          timeout: 120_000,
          env: { ...process.env, HOME: dir },
        }),
      );
      const resaved = fs.readFileSync(path.join(dir, '嵊泗县.xlsx'));
      expect(resaved.equals(filled)).toBe(false);
      const res = await upload('330922', resaved, 'unit=330922&period=2018Q4', '嵊泗县.xlsx');
      expect(res.body.error).toBeUndefined();
      expect(res.status).toBe(200);
      const report = await (await srv.login('330922')).client.reports.get.query({ unitCode: '330922', periodCode: '2018Q4' });
      expect(report.values).toMatchObject({
        'CAT-01': { date: '2018-12-20' },
        'CAT-03': { yes: true },
        'HS-01': { numerator: 12, denominator: 1200, note: '按年度计划统计' },
        'HS-02': { count: 4 },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
  if (!fs.existsSync(LIBREOFFICE)) console.warn(`跳过 LibreOffice 转换测试：未找到 ${LIBREOFFICE}（CI 会安装 libreoffice-calc-nogui）`);
});

describe('table export', () => {
  it('writes any table with formats; text beginning with = + - @ stays text', async () => {
    const body = {
      title: '2018年度审计日志',
      columns: [
        { key: 'at', title: '时间', format: 'date' },
        { key: 'who', title: '账号', format: 'text' },
        { key: 'note', title: '内容' },
        { key: 'score', title: '得分', format: '0.00' },
        { key: 'rate', title: '按时率', format: '0.0%' },
        { key: 'n', title: '件数', format: 'number' },
      ],
      rows: [
        { at: '2019-01-08', who: '330106', note: '=HYPERLINK("http://evil.example","点我")', score: 87.5, rate: 0.875, n: 12 },
        { at: '2019-01-09', who: '330108', note: '+1+1', score: 90, rate: 1, n: '7' },
        ['2019-01-10', '330100', '-2+3', 60.25, 0.5, 3],
        { at: null, who: '@SUM(A1:A3)', note: '普通文本', score: null, rate: null, n: null },
      ],
    };
    const res = await timed('table export (4 rows)', async () => {
      const r = await fetch(`${srv.url}/api/excel/table`, { method: 'POST', headers: { cookie: cookies['330106'], 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('2018年度审计日志.xlsx'));
    const wb = readBack(res.buf);
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(ws.A1?.v).toBe('2018年度审计日志');
    for (const [addr, text] of [
      ['C4', '=HYPERLINK("http://evil.example","点我")'],
      ['C5', '+1+1'],
      ['C6', '-2+3'],
      ['B7', '@SUM(A1:A3)'],
    ] as const) {
      expect(ws[addr]?.t, addr).toBe('s');
      expect(ws[addr]?.v, addr).toBe(text);
      expect(ws[addr]?.f, addr).toBeUndefined();
    }
    expect(ws.D4?.v).toBe(87.5);
    expect(ws.D4?.z).toBe('0.00');
    expect(ws.E4?.z).toBe('0.0%');
    expect(ws.F5?.v).toBe(7);
    expect(ws.A4?.t).toBe('n');
    const zip = await JSZip.loadAsync(res.buf);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toMatch(/<f>/);
    expect(xml).not.toMatch(/t="str"/);
  });

  it('refuses anonymous requests and malformed tables', async () => {
    const anon = await fetch(`${srv.url}/api/excel/table`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
    const bad = await fetch(`${srv.url}/api/excel/table`, { method: 'POST', headers: { cookie: cookies.office, 'content-type': 'application/json' }, body: JSON.stringify({ title: '', columns: [], rows: [] }) });
    expect(bad.status).toBe(400);
    expect(flatten((await bad.json()) as Record<string, unknown>).error).toMatch(/^导出内容格式不正确/);
  });
});
