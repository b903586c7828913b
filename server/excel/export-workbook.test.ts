import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  SHEET_BACKLOG_BYTES,
  cellValueFor,
  collectBuffer,
  displayWidth,
  fitWidths,
  newWorkbookWriter,
  safeSheetName,
  sanitizeSheetText,
  sheetBacklog,
  sheetPipe,
  writeSheet,
  writeTableWorkbook,
  type CellInput,
} from './export-workbook';
import { MarkedStore } from './marked-store';
import { cellAddress, colLetter, templateLayout } from './template';
import scheme from '../../fixtures/default-scheme-2018.json';
import type { Indicator } from '../../shared/scheme';

const collect = collectBuffer;

describe('cell values', () => {
  it('never builds formulas from text', () => {
    for (const s of ['=1+1', '+1', '-1+2', '@SUM(A1)', '=cmd|"/c calc"!A1']) expect(cellValueFor(s, 'text')).toBe(s);
    expect(cellValueFor('=1+1', 'number')).toBe('=1+1');
  });
  it('formats by column', () => {
    expect(cellValueFor('12', 'number')).toBe(12);
    expect(cellValueFor(12, 'text')).toBe('12');
    expect(cellValueFor(true, 'text')).toBe('是');
    expect(cellValueFor('2018-12-31', 'date')).toEqual(new Date(Date.UTC(2018, 11, 31)));
    expect(cellValueFor({ text: 'x', hyperlink: 'javascript:alert(1)' }, 'text')).toBe('x');
    expect(cellValueFor({ text: 'x', hyperlink: 'https://a.gov.cn' }, 'text')).toEqual({ text: 'x', hyperlink: 'https://a.gov.cn' });
    expect(cellValueFor(Number.NaN, 'number')).toBeNull();
  });
  it('drops characters that would corrupt the XML', () => {
    expect(sanitizeSheetText('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    expect(sanitizeSheetText('x\ud800y')).toBe('xy');
  });
  it('sheet names and widths', () => {
    expect(safeSheetName('2018/Q4: [进度]?')).toBe('2018Q4 进度');
    expect(safeSheetName('')).toBe('数据');
    expect(displayWidth('西湖区ab')).toBe(8);
    expect(fitWidths([{ key: 'a', title: '单位' }], [{ a: '杭州市西湖区住房和城乡建设局' }])).toEqual([30]);
  });
});

describe('template layout', () => {
  it('one row per reported indicator; value cells in D and F; URL, note, hint after them', () => {
    const county = templateLayout(scheme.indicators as Indicator[], 'county');
    expect(county.rows.map((r) => r.indicator.code)).toEqual(['CAT-01', 'CAT-03', 'HS-01', 'HS-02', 'RH-01', 'RH-02', 'IN-01', 'IN-07', 'MC-01', 'MC-02', 'MC-03', 'MC-04']);
    expect(cellAddress(county.rows[2].row, county.valueCol(0))).toBe('D7');
    expect(cellAddress(county.rows[2].row, county.valueCol(1))).toBe('F7');
    expect([county.urlCol, county.noteCol, county.hintCol].map(colLetter)).toEqual(['G', 'H', 'I']);
    const city = templateLayout(scheme.indicators as Indicator[], 'city');
    expect(city.rows.map((r) => r.indicator.code)).not.toContain('HS-01');
    expect(city.rows.find((r) => r.indicator.code === 'HS-03')?.fields.map((f) => f.key)).toEqual(['yes', 'extra:evaluationScore']);
    expect(colLetter(27)).toBe('AA');
  });
});

describe('marked store', () => {
  it('expires entries and keeps within its bounds', () => {
    let now = 0;
    const store = new MarkedStore(2, 1000, 100, () => now);
    const a = store.put(1, 'a.xlsx', Buffer.alloc(10));
    const b = store.put(1, 'b.xlsx', Buffer.alloc(10));
    const c = store.put(2, 'c.xlsx', Buffer.alloc(10));
    expect(store.get(a)).toBeNull();
    expect(store.get(b)?.fileName).toBe('b.xlsx');
    expect(store.get(c)?.accountId).toBe(2);
    now = 200;
    expect(store.get(b)).toBeNull();
  });
});

describe('streaming table workbook', () => {
  it('writes many rows with the streaming writer and reads back with SheetJS', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ unit: `单位${i}`, code: String(330000 + i), s: (i % 10000) / 100, rate: (i % 100) / 100, note: i % 1000 === 0 ? '=SUM(A1:A9)' : '备注' }));
    const heapBefore = process.memoryUsage().heapUsed;
    const buf = await collect((out) =>
      writeTableWorkbook(out, {
        title: '2018年度测试导出',
        columns: [
          { key: 'unit', title: '单位' },
          { key: 'code', title: '单位代码', format: 'text' },
          { key: 's', title: '得分', format: '0.00' },
          { key: 'rate', title: '按时率', format: '0.0%' },
          { key: 'note', title: '备注' },
        ],
        rows,
      }),
    );
    const heapAfter = process.memoryUsage().heapUsed;
    console.info(`20,000 rows: ${Math.round(buf.length / 1024)} KB, heap +${Math.round((heapAfter - heapBefore) / 1024 / 1024)} MB`);
    const wb = XLSX.read(buf, { type: 'buffer', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(XLSX.utils.decode_range(ws['!ref']!).e.r).toBe(3 + 20_000 - 1);
    expect(ws.A1?.v).toBe('2018年度测试导出');
    expect(ws.C5?.v).toBe(0.01);
    expect(ws.C5?.z).toBe('0.00');
    expect(ws.E4?.t).toBe('s');
    expect(ws.E4?.v).toBe('=SUM(A1:A9)');
    expect(ws.E4?.f).toBeUndefined();
    // Above SHARED_STRINGS_MAX_ROWS text is inline (flat memory); still text, never a formula.
    const xml = await (await JSZip.loadAsync(buf)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toContain('t="inlineStr"');
    expect(xml).not.toMatch(/<f>|t="str"/);
    expect(heapAfter - heapBefore).toBeLessThan(150 * 1024 * 1024);
  }, 30_000);
});

const LIBREOFFICE = process.env.LIBREOFFICE_PATH ?? '/usr/bin/libreoffice';

/** Texts that must come out as the same text, never as a formula, a number or a broken file. */
const TRICKY: string[] = [
  '=1+1',
  '+1',
  '-1+2',
  '@SUM(A1)',
  '=cmd|"/c calc"!A1',
  '0012',
  '1e5',
  ' 前后有空格 ',
  '第一行\n第二行',
  'a<b>&"c\'',
  '表情😀与𠀀',
  'x'.repeat(40_000),
  'a\u0000b\u0007c\u001fd\ufffe',
  'x\ud800y',
];

async function inlineWorkbook(rows: Record<string, CellInput>[]): Promise<Buffer> {
  return collectBuffer(async (out) => {
    const target = newWorkbookWriter(out, { inlineStrings: true });
    await writeSheet(target, {
      name: '文本',
      title: '=标题',
      subtitle: '副标题',
      columns: [
        { key: 'n', title: '序号', format: 'integer' },
        { key: 's', title: '文本', wrap: true },
        { key: 'u', title: '链接' },
      ],
      rows,
    });
    await target.wb.commit();
  });
}

describe('plain inline strings', () => {
  const rows = TRICKY.map((s, i) => ({ n: i + 1, s, u: i === 0 ? { text: '门户', hyperlink: 'https://www.zj.gov.cn/' } : null }));

  it('are written as <is><t> text cells, without a rich-text run, and read back as the same text', async () => {
    const buf = await inlineWorkbook(rows);
    const xml = await (await JSZip.loadAsync(buf)).file('xl/worksheets/sheet1.xml')!.async('string');
    // Every text cell, title and header included, is a plain inline string.
    expect(xml.match(/t="inlineStr"><is><t[ >]/g)?.length).toBe(2 + 3 + TRICKY.length);
    expect(xml).not.toContain('<r>');
    expect(xml).not.toContain('<f>');
    expect(xml).toContain('<t xml:space="preserve"> 前后有空格 </t>');
    expect(xml).toContain('<t xml:space="preserve">第一行\n第二行</t>');
    expect(xml).toContain('a&lt;b&gt;&amp;&quot;c&apos;');
    // A styled text cell: the style id stays on the cell.
    expect(xml).toMatch(/<c r="B4" s="\d+" t="inlineStr"><is><t>=1\+1<\/t><\/is><\/c>/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(buf).buffer);
    const ws = wb.getWorksheet('文本')!;
    expect(ws.getCell('A1').text).toBe('=标题');
    TRICKY.forEach((s, i) => {
      const cell = ws.getCell(`B${4 + i}`);
      expect(cell.formula, s).toBeUndefined();
      expect(cell.text, s.slice(0, 20)).toBe(sanitizeSheetText(s));
    });
    expect(ws.getCell('B15').text).toHaveLength(32_767);
    expect(ws.getCell('C4').value).toEqual({ text: '门户', hyperlink: 'https://www.zj.gov.cn/' });
    expect(ws.getCell('A4').value).toBe(1);

    const sheet = XLSX.read(buf, { type: 'buffer' }).Sheets['文本'];
    expect(sheet.B4).toMatchObject({ t: 's', v: '=1+1' });
    expect(sheet.B4.f).toBeUndefined();
  });

  it.skipIf(!fs.existsSync(LIBREOFFICE))('open in LibreOffice as text: formulas-looking strings are not computed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-inline-'));
    try {
      fs.writeFileSync(path.join(dir, 'inline.xlsx'), await inlineWorkbook(rows));
      await promisify(execFile)(
        LIBREOFFICE,
        ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, path.join(dir, 'inline.xlsx')],
        { timeout: 150_000, env: { ...process.env, HOME: dir } },
      );
      const csv = XLSX.read(fs.readFileSync(path.join(dir, 'inline.csv'), 'utf8'), { type: 'string', raw: true, dense: false });
      const back = XLSX.utils.sheet_to_json<string[]>(csv.Sheets[csv.SheetNames[0]], { header: 1, raw: true, defval: '' });
      expect(back[0][0]).toBe('=标题');
      expect(back.slice(3).map((r) => r[1])).toEqual(TRICKY.map(sanitizeSheetText));
      expect(back[3][2]).toBe('门户');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('drain-aware writing', () => {
  it('finds the buffer between the sheet and the zip (exceljs internals this relies on)', () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new Writable({ write: (_c, _e, cb) => cb() }) });
    const pipe = sheetPipe(wb.addWorksheet('a'));
    expect(pipe).not.toBeNull();
    expect(sheetBacklog(pipe!)).toBe(0);
  });

  it('stops producing rows while the zip is behind, so the sheet XML waiting for it stays bounded', async () => {
    // A slow response: 64 KB every 2 ms. Without the bound, all the sheet's XML (≈ 40 MB) waits for it.
    const out = new Writable({ highWaterMark: 64 * 1024, write: (_c, _e, cb) => setTimeout(cb, 2) });
    const target = newWorkbookWriter(out, { inlineStrings: true });
    let maxBacklog = 0;
    let samples = 0;
    const sampler = setInterval(() => {
      const ws = target.wb.getWorksheet(1);
      const pipe = ws ? sheetPipe(ws) : null;
      if (pipe) {
        maxBacklog = Math.max(maxBacklog, sheetBacklog(pipe));
        samples++;
      }
    }, 5);
    const note = '备注'.repeat(60);
    const rows = (function* () {
      for (let i = 0; i < 60_000; i++) yield { unit: `单位${i}`, note: `${note}${i}`, v: i };
    })();
    try {
      await writeSheet(target, { name: 'a', title: 't', columns: [{ key: 'unit', title: '单位' }, { key: 'note', title: '备注' }, { key: 'v', title: '值', format: 'integer' }], rows });
      await target.wb.commit();
    } finally {
      clearInterval(sampler);
    }
    expect(samples).toBeGreaterThan(10);
    // The bound plus what 200 rows (one step between checks) add.
    expect(maxBacklog).toBeLessThan(SHEET_BACKLOG_BYTES + 2 * 1024 * 1024);
  }, 60_000);

  it('gives up, without hanging, when the response closes while it waits for the zip', async () => {
    // A response that takes nothing: the zip stops, the sheet's XML reaches the bound, the writer waits.
    const out = new Writable({ write: () => undefined });
    const target = newWorkbookWriter(out, { inlineStrings: true });
    const note = '备注'.repeat(60);
    let produced = 0;
    const rows = (function* () {
      for (let i = 0; i < 200_000; i++) {
        produced++;
        yield { note: `${note}${i}` };
      }
    })();
    const written = writeSheet(target, { name: 'a', title: 't', columns: [{ key: 'note', title: '备注' }], rows });
    const concurrent = writeSheet(target, { name: 'b', title: 't', columns: [{ key: 'note', title: '备注' }], rows: [] });
    await expect(concurrent).rejects.toThrow('still being written');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stalledAt = produced;
    expect(stalledAt).toBeLessThan(200_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(produced).toBe(stalledAt);
    out.destroy();
    await expect(written).rejects.toThrow('export stream closed');
  }, 30_000);
});
