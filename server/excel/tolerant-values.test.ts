import { describe, expect, it } from 'vitest';
import {
  formulaRefersElsewhere,
  isoOfExcelSerial,
  normalizeText,
  parseDateCell,
  parseDateText,
  parseNumberCell,
  parseNumberText,
  parseTextCell,
  parseYesNoCell,
  plainOf,
} from './tolerant-values';

describe('plainOf', () => {
  it('resolves formulas to their cached result', () => {
    expect(plainOf({ formula: 'A1+1', result: 5 })).toEqual({ kind: 'number', value: 5 });
    expect(plainOf({ sharedFormula: 'D5', result: '是' })).toEqual({ kind: 'string', value: '是' });
    expect(plainOf({ formula: 'A1', result: '' })).toEqual({ kind: 'blank' });
  });
  it('refuses formulas that refer to other sheets or workbooks, or have no result', () => {
    expect(plainOf({ formula: "'填报说明'!C3", result: 1 })).toMatchObject({ kind: 'invalid', message: "使用了引用其他工作表的公式（='填报说明'!C3），请直接填写数值" });
    expect(plainOf({ formula: '[1]Sheet1!A1', result: 1 }).kind).toBe('invalid');
    expect(plainOf({ formula: 'SUM(A1:A3)' })).toMatchObject({ kind: 'invalid' });
    expect(plainOf({ formula: '1/0', result: { error: '#DIV/0!' } })).toMatchObject({ kind: 'invalid', message: '公式（=1/0）的计算结果为错误值 #DIV/0!' });
  });
  it('joins rich text and reads hyperlinks', () => {
    expect(plainOf({ richText: [{ text: '１' }, { text: '２０' }] })).toEqual({ kind: 'string', value: '１２０' });
    expect(plainOf({ text: '链接', hyperlink: 'https://a.gov.cn/x' })).toEqual({ kind: 'hyperlink', text: '链接', hyperlink: 'https://a.gov.cn/x' });
    expect(plainOf('   ')).toEqual({ kind: 'blank' });
  });
  it('only counts "!" outside string literals as a sheet reference', () => {
    expect(formulaRefersElsewhere('IF(A1>0,"好!","")')).toBe(false);
    expect(formulaRefersElsewhere('Sheet2!A1*2')).toBe(true);
  });
});

describe('numbers', () => {
  it.each([
    ['120', 120],
    ['１２０', 120],
    [' 1,234 ', 1234],
    ['１，２３４', 1234],
    ['\u3000８０\u00a0', 80],
    ['1 234 567', 1234567],
    ['+7', 7],
    ['-5', -5],
    ['－５', -5],
    ['12.5', 12.5],
    ['１２．５', 12.5],
    ['120套', 120],
  ])('%j → %d', (raw, n) => expect(parseNumberText(raw, '套')).toBe(n));

  it.each(['一百二十', '12,34', '1,2345', '12a', '', '1.2.3', '120户'])('%j is not a number', (raw) => expect(parseNumberText(raw, '套')).toBeNull());

  it('messages name the field and what was typed', () => {
    expect(parseNumberCell(plainOf('一百二十'), '已完成改造套数')).toEqual({ ok: false, message: '已完成改造套数应填写数字，“一百二十”不是数字' });
    expect(parseNumberCell(plainOf(true), '数量')).toEqual({ ok: false, message: '数量应填写数字，“TRUE”不是数字' });
    expect(parseNumberCell(plainOf(null), '数量')).toEqual({ ok: true, value: null });
  });
});

describe('是/否', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['yes', true],
    ['√', true],
    ['×', false],
    ['✔', true],
    ['Ｙ', true],
    [' 是 ', true],
  ])('%j → %s', (raw, b) => expect(parseYesNoCell(plainOf(raw), 'x')).toEqual({ ok: true, value: b }));

  it('Excel booleans and 1/0', () => {
    expect(parseYesNoCell(plainOf(true), 'x')).toEqual({ ok: true, value: true });
    expect(parseYesNoCell(plainOf(0), 'x')).toEqual({ ok: true, value: false });
  });

  it('anything else is named', () => {
    expect(parseYesNoCell(plainOf('也许'), '“培训”是否完成')).toEqual({ ok: false, message: '“培训”是否完成应填写“是”或“否”，“也许”无法识别' });
  });
});

describe('dates', () => {
  it.each([
    ['2018-12-31', '2018-12-31'],
    ['2018/12/31', '2018-12-31'],
    ['2018.12.31', '2018-12-31'],
    ['2018年12月31日', '2018-12-31'],
    ['２０１８年１２月３１日', '2018-12-31'],
    ['2018年1月5日', '2018-01-05'],
    ['2018-1-5', '2018-01-05'],
    ['20181231', '2018-12-31'],
    ['2018-12-31 00:00:00', '2018-12-31'],
  ])('%j → %s', (raw, iso) => expect(parseDateText(raw)).toBe(iso));

  it.each(['2018-02-30', '2018年13月1日', '明天', '12/31/2018', '2018-12'])('%j is not a date', (raw) => expect(parseDateText(raw)).toBeNull());

  it('Excel dates (as exceljs gives them) and serial numbers', () => {
    expect(parseDateCell(plainOf(new Date(Date.UTC(2018, 11, 31))), 'd')).toEqual({ ok: true, value: '2018-12-31' });
    expect(parseDateCell(plainOf(43465), 'd')).toEqual({ ok: true, value: '2018-12-31' });
    expect(parseDateCell(plainOf(43465.75), 'd')).toEqual({ ok: true, value: '2018-12-31' });
    expect(isoOfExcelSerial(0)).toBeNull();
  });

  it('an unreadable date says how to write one', () => {
    expect(parseDateCell(plainOf('年底'), '目录编制完成日期')).toEqual({ ok: false, message: '目录编制完成日期“年底”不是有效日期，请填写如 2018-12-31 或 2018年12月31日' });
  });
});

describe('text', () => {
  it('trims and takes the address of a hyperlink cell', () => {
    expect(parseTextCell(plainOf('  https://a.gov.cn/x  '), 'u')).toEqual({ ok: true, value: 'https://a.gov.cn/x' });
    expect(parseTextCell(plainOf({ text: '公开页面', hyperlink: 'https://a.gov.cn/y' }), 'u')).toEqual({ ok: true, value: 'https://a.gov.cn/y' });
    expect(parseTextCell(plainOf(''), 'u')).toEqual({ ok: true, value: null });
  });
  it('normalizes full-width characters and odd spaces', () => {
    expect(normalizeText('\u200b　ＡＢＣ　１２３ ')).toBe('ABC 123');
  });
});
