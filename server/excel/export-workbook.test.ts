import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { cellValueFor, collectBuffer, displayWidth, fitWidths, safeSheetName, sanitizeSheetText, writeTableWorkbook } from './export-workbook';
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
