import type * as ExcelJSModule from 'exceljs';
import { formatValue, textWidth, type CellValue, type ColumnKind, type DataColumn, type DataRow } from './format';

/**
 * Excel export of a chart's data, in the browser. exceljs is loaded on demand (dynamic import) so
 * it never enters the first page load. The sheet has an optional title row, a bold frozen header
 * row (repeated on printed pages), columns wide enough for Chinese text and number formats.
 */

export interface ExportSpec {
  /** File name without extension, in Chinese with the year: 2018年度各设区市棚户区改造完成情况. */
  fileName: string;
  sheetName?: string;
  /** A title line above the header (defaults to the file name). */
  title?: string;
  /** A second line, e.g. the basis of the figures and the period. */
  note?: string;
  columns: DataColumn[];
  rows: DataRow[];
}

const NUM_FMT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  decimal: '#,##0.00',
  percent: '0.0%',
  score: '0.00',
};

/** One font for the whole sheet (the server's exports use it too) and thin borders round every table cell. */
const FONT = '宋体';
const THIN: Partial<ExcelJSModule.Borders> = {
  top: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  left: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  bottom: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  right: { style: 'thin', color: { argb: 'FFA6A6A6' } },
};

/** The value as stored in the cell: percentages as fractions (formatted 0.0%), numbers as numbers. */
function cellValue(v: CellValue | undefined, kind: ColumnKind): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return null;
  return kind === 'percent' ? v / 100 : v;
}

function headerOf(c: DataColumn): string {
  if (c.kind === 'percent') return c.title.includes('%') ? c.title : `${c.title}（%）`;
  return c.unit && !c.title.includes(c.unit) ? `${c.title}（${c.unit}）` : c.title;
}

/** Character-cell width that fits the header and every value as it will be displayed. */
function fitWidth(c: DataColumn, rows: DataRow[]): number {
  let w = textWidth(headerOf(c));
  for (const r of rows) w = Math.max(w, textWidth(formatValue(r[c.key], c.kind ?? 'text')));
  // exceljs leaves out a width of exactly 9 (its default), so start at 10.
  return Math.min(60, Math.max(10, w + 3));
}

type ExcelJS = typeof ExcelJSModule;

async function loadExcelJS(): Promise<ExcelJS> {
  const mod = (await import('exceljs')) as ExcelJS & { default?: ExcelJS };
  return mod.default ?? mod;
}

/** Builds the workbook (exported for tests and for callers that add sheets). */
export async function buildWorkbook(spec: ExportSpec): Promise<ExcelJSModule.Workbook> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务公开考核';
  wb.created = new Date();
  const titleRows = 1 + (spec.note ? 1 : 0);
  const headerRowNo = titleRows + 1;
  const ws = wb.addWorksheet((spec.sheetName ?? '数据').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: headerRowNo }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRowNo}:${headerRowNo}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const n = Math.max(1, spec.columns.length);
  ws.columns = spec.columns.map((c) => ({ key: c.key, width: fitWidth(c, spec.rows) }));

  const title = ws.getRow(1);
  title.getCell(1).value = spec.title ?? spec.fileName;
  title.font = { name: FONT, bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 24;
  if (n > 1) ws.mergeCells(1, 1, 1, n);
  if (spec.note) {
    const note = ws.getRow(2);
    note.getCell(1).value = spec.note;
    note.font = { name: FONT, size: 10, color: { argb: 'FF595959' } };
    note.alignment = { horizontal: 'center' };
    if (n > 1) ws.mergeCells(2, 1, 2, n);
  }

  const header = ws.getRow(headerRowNo);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerOf(c);
    cell.font = { name: FONT, size: 10, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = THIN;
  });
  header.height = 20;

  spec.rows.forEach((r, ri) => {
    const row = ws.getRow(headerRowNo + 1 + ri);
    spec.columns.forEach((c, ci) => {
      const kind = c.kind ?? 'text';
      const cell = row.getCell(ci + 1);
      cell.value = cellValue(r[c.key], kind);
      const fmt = NUM_FMT[kind];
      if (fmt && typeof cell.value === 'number') cell.numFmt = fmt;
      cell.font = { name: FONT, size: 10 };
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', ...(kind !== 'text' ? { horizontal: 'right' as const } : {}) };
    });
  });
  return wb;
}

/** Writes the workbook and downloads it as `<fileName>.xlsx`. */
export async function exportToExcel(spec: ExportSpec): Promise<void> {
  const wb = await buildWorkbook(spec);
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${spec.fileName}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
