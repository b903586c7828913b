import { exportToExcel } from '../../lib/charts/excel';
import type { DataColumn, DataRow } from '../../lib/charts/format';
import { signedCents } from './format';
import type { CityRow, CountyRow, GroupDef } from './types';

const points = (cents: number | null | undefined) => (cents === null || cents === undefined ? null : cents / 100);
const change = (c: number | null) => (c === null ? '—' : signedCents(c));

/** The printed ranking table: title row, header repeated on each page, A4 landscape. */
export function exportRanking(opts: { title: string; subtitle: string; fileName: string; groups: GroupDef[]; cities?: CityRow[]; counties?: CountyRow[]; divisions?: CityRow[] }) {
  const { groups } = opts;
  const scoreColumns: DataColumn[] = [
    ...groups.map((g): DataColumn => ({ key: `g_${g.code}`, title: g.name, kind: 'decimal' })),
    { key: 'adjustment', title: '调整', kind: 'decimal' },
    { key: 'S', title: '得分 S', kind: 'decimal' },
    { key: 'contribution', title: '计入年度考核', kind: 'decimal' },
    { key: 'grade', title: '等级', kind: 'text' },
    { key: 'prevPeriod', title: '较上期', kind: 'text' },
    { key: 'prevYear', title: '较上年', kind: 'text' },
  ];
  const scoreCells = (r: CityRow): DataRow => ({
    ...Object.fromEntries(groups.map((g) => [`g_${g.code}`, points(r.groups[g.code])])),
    // No adjustment is "—", as on the page, not 0.00.
    adjustment: r.adjustmentTotal ? points(r.adjustmentTotal) : '—',
    S: points(r.S),
    contribution: points(r.contribution),
    grade: r.grade ?? '—',
    prevPeriod: change(r.changeVsPreviousPeriod),
    prevYear: change(r.changeVsPreviousYear),
  });
  if (opts.counties) {
    return exportToExcel({
      fileName: opts.fileName,
      sheetName: '县(市、区)排名',
      title: opts.title,
      note: `${opts.subtitle}；县(市、区)排名仅供参考`,
      columns: [
        { key: 'rank', title: '全省排名', kind: 'int' },
        { key: 'cityRank', title: '市内排名', kind: 'int' },
        { key: 'name', title: '单位', kind: 'text' },
        { key: 'cityName', title: '所属设区市', kind: 'text' },
        ...scoreColumns,
      ],
      rows: opts.counties.map((r) => ({ rank: r.rank, cityRank: r.cityRank, name: r.name, cityName: r.cityName, ...scoreCells(r) })),
    });
  }
  if (opts.divisions) {
    return exportToExcel({
      fileName: opts.fileName,
      sheetName: '厅机关处室排名',
      title: opts.title.replace('全省住房城乡建设系统', '厅机关处室'),
      note: opts.subtitle,
      columns: [{ key: 'rank', title: '排名', kind: 'int' }, { key: 'name', title: '处室', kind: 'text' }, ...scoreColumns],
      rows: opts.divisions.map((r) => ({ rank: r.rank, name: r.name, ...scoreCells(r) })),
    });
  }
  return exportToExcel({
    fileName: opts.fileName,
    sheetName: '设区市排名',
    title: opts.title,
    note: opts.subtitle,
    columns: [{ key: 'rank', title: '排名', kind: 'int' }, { key: 'name', title: '单位', kind: 'text' }, ...scoreColumns],
    rows: (opts.cities ?? []).map((r) => ({ rank: r.rank, name: r.name, ...scoreCells(r) })),
  });
}
