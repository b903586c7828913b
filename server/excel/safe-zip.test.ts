import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { encryptedZip, lyingZipBomb, makeZip, notAWorkbook, oleFile, renamedPdf, truncated, zipBomb, zipWithoutWorkbook } from '../../tests/fixtures-bad/bad-files';
import { EXCEL_MSG } from './messages';
import { DEFAULT_ZIP_LIMITS, checkZip, precheckXlsx, sniffKind } from './safe-zip';

async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填报表').getCell('A1').value = '滨江区';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('precheckXlsx', () => {
  it('accepts a real workbook', async () => {
    expect(precheckXlsx('填报.xlsx', await realXlsx())).toBeNull();
    expect(precheckXlsx('填报.XLSX', await realXlsx())).toBeNull();
  });

  it('names what the file really is', async () => {
    expect(precheckXlsx('a.xlsx', Buffer.alloc(0))).toBe(EXCEL_MSG.empty);
    expect(precheckXlsx('a.xlsx', renamedPdf())).toBe(EXCEL_MSG.pdf);
    expect(precheckXlsx('a.xlsx', oleFile())).toBe(EXCEL_MSG.encrypted);
    expect(precheckXlsx('a.xls', oleFile())).toBe(EXCEL_MSG.encrypted);
    expect(precheckXlsx('a.xlsx', notAWorkbook())).toBe(EXCEL_MSG.notWorkbook);
    expect(precheckXlsx('a.csv', await realXlsx())).toBe(EXCEL_MSG.notXlsxName);
    expect(precheckXlsx('a.xlsx', zipWithoutWorkbook())).toBe(EXCEL_MSG.noWorkbookParts);
    expect(precheckXlsx('a.xlsx', truncated(await realXlsx()))).toBe(EXCEL_MSG.truncated);
    expect(precheckXlsx('a.xlsx', encryptedZip())).toBe(EXCEL_MSG.encrypted);
  });

  it('refuses zip bombs: total size, ratio, entry count, and lying headers', () => {
    expect(precheckXlsx('a.xlsx', zipBomb(60))).toBe(EXCEL_MSG.zipBomb);
    // 2 MB of zeros compress far beyond 100:1.
    expect(checkZip(makeZip([{ name: 'x', data: Buffer.alloc(2 * 1024 * 1024) }]))).toEqual({ ok: false, message: EXCEL_MSG.zipBomb });
    const many = makeZip(Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x'), method: 0 as const })));
    expect(checkZip(many)).toEqual({ ok: false, message: EXCEL_MSG.zipBomb });
    expect(checkZip(lyingZipBomb())).toEqual({ ok: false, message: EXCEL_MSG.zipBomb });
  });

  it('refuses a worksheet too large to load', () => {
    // Varied numbers: compresses like a real sheet (well under 100:1), but is 11 MB of XML.
    let seed = 7;
    const parts: string[] = [];
    for (let i = 1; parts.length < 250_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      parts.push(`<row r="${i}"><c r="A${i}"><v>${seed}</v></c></row>`);
    }
    const sheet = Buffer.from(parts.join(''));
    expect(sheet.length).toBeGreaterThan(10 * 1024 * 1024);
    const zip = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, level: 1 },
    ]);
    expect(precheckXlsx('a.xlsx', zip)).toBe(EXCEL_MSG.sheetTooLarge);
  });

  it('lets ordinary compressed content through', () => {
    const text = Buffer.from('<row><c r="A1"><v>1</v></c></row>'.repeat(10_000));
    const check = checkZip(makeZip([{ name: 'xl/worksheets/sheet1.xml', data: text }]));
    expect(check.ok).toBe(true);
  });

  it('reads what jszip writes, including UTF-8 names', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook/>');
    zip.file('西湖区.xml', 'x'.repeat(5000));
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const check = checkZip(buf);
    expect(check.ok && check.entries.map((e) => e.name)).toContain('西湖区.xml');
  });

  it('sniffs signatures', () => {
    expect(sniffKind(Buffer.from('PK\u0003\u0004', 'latin1'))).toBe('zip');
    expect(sniffKind(oleFile())).toBe('ole');
    expect(sniffKind(renamedPdf())).toBe('pdf');
    expect(sniffKind(Buffer.from('abc'))).toBe('other');
  });
});
