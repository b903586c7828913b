import { describe, expect, it } from 'vitest';
import { annualFormat } from '../../shared/annual-report/format';
import { annualSheetLayout, SHEET_TEXTS } from './annual';
import { sortProblems } from './parse';

const layout = annualSheetLayout(annualFormat('national-2021'));
const workbookOrder = [...layout.tables.map((t) => t.name), SHEET_TEXTS];

describe('upload problems are listed in the workbook order', () => {
  it('the annual workbook: 表二, 表三, 表四, 文字部分 — not by sheet name — then row by row, column by column', () => {
    expect(workbookOrder).toEqual(['表二', '表三', '表四', '文字部分']);
    // By name '文字部分' < '表…' and '表三' < '表二' < '表四' (code points); the workbook order is what a reader sees.
    const at = (sheet: string, cell: string) => ({ sheet, cell, message: `${sheet}!${cell}` });
    const list = [at('文字部分', 'B4'), at('表四', 'C9'), at('表三', 'E8'), at('表三', 'AA3'), at('表二', 'B16'), at('表三', 'D32'), at('表三', 'B8'), at('', ''), at('表二', 'C5')];
    expect(sortProblems(list, workbookOrder).map((p) => p.message)).toEqual([
      '!', // the whole file
      '表二!C5',
      '表二!B16',
      '表三!AA3',
      '表三!B8',
      '表三!E8',
      '表三!D32',
      '表四!C9',
      '文字部分!B4',
    ]);
  });

  it('two problems on one cell keep their order; a sheet the workbook does not have comes last', () => {
    const list = [
      { sheet: '其他', cell: 'A1', message: 'x' },
      { sheet: '表三', cell: 'E8', message: 'first' },
      { sheet: '表三', cell: 'E8', message: 'second' },
    ];
    expect(sortProblems(list, workbookOrder).map((p) => p.message)).toEqual(['first', 'second', 'x']);
  });
});
