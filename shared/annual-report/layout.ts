import type { AnnualBlock } from './format';

/**
 * The printed layout of one block of the national tables, as merged header cells: the same for the
 * web form and the Excel workbooks, so both look like the national format.
 */

export interface HeaderCell {
  text: string;
  rowSpan: number;
  colSpan: number;
}

export interface BlockLayout {
  /** Columns taken by row labels (0 when the block has a single unlabeled data row, like table 四). */
  labelDepth: number;
  /** Header rows; the first row starts with the top-left cell spanning the label columns. */
  headerRows: HeaderCell[][];
  /** Per data row, its label cells (groups that start on this row, then the row's own label). */
  rowLabels: HeaderCell[][];
}

function samePrefix(a: string[] | undefined, b: string[] | undefined, n: number): boolean {
  for (let i = 0; i <= n; i++) if ((a ?? [])[i] !== (b ?? [])[i] || (a ?? [])[i] === undefined) return false;
  return true;
}

export function blockLayout(block: AnnualBlock): BlockLayout {
  const labelDepth = !block.rowHeader && block.rows.length === 1 ? 0 : Math.max(...block.rows.map((r) => (r.group?.length ?? 0) + 1));
  const top = block.columnHeader ? 1 : 0;
  const colDepth = Math.max(...block.columns.map((c) => (c.group?.length ?? 0) + 1));
  const headerDepth = top + colDepth;
  const headerRows: HeaderCell[][] = Array.from({ length: headerDepth }, () => []);
  if (labelDepth > 0) headerRows[0].push({ text: block.rowHeader ?? '', rowSpan: headerDepth, colSpan: labelDepth });
  if (block.columnHeader) headerRows[0].push({ text: block.columnHeader, rowSpan: 1, colSpan: block.columns.length });
  for (let l = 0; l < colDepth; l++) {
    const cells = headerRows[top + l];
    block.columns.forEach((c, i) => {
      const g = c.group ?? [];
      if (l < g.length) {
        if (i > 0 && samePrefix(block.columns[i - 1].group, g, l)) return;
        let span = 1;
        while (i + span < block.columns.length && samePrefix(block.columns[i + span].group, g, l)) span++;
        cells.push({ text: g[l], rowSpan: 1, colSpan: span });
      } else if (l === g.length) {
        cells.push({ text: c.label, rowSpan: colDepth - l, colSpan: 1 });
      }
    });
  }
  const rowLabels: HeaderCell[][] = block.rows.map((r, i) => {
    if (labelDepth === 0) return [];
    const g = r.group ?? [];
    const cells: HeaderCell[] = [];
    for (let l = 0; l < g.length; l++) {
      if (i > 0 && samePrefix(block.rows[i - 1].group, g, l)) continue;
      let span = 1;
      while (i + span < block.rows.length && samePrefix(block.rows[i + span].group, g, l)) span++;
      cells.push({ text: g[l], rowSpan: span, colSpan: 1 });
    }
    cells.push({ text: r.label, rowSpan: 1, colSpan: labelDepth - g.length });
    return cells;
  });
  return { labelDepth, headerRows, rowLabels };
}
