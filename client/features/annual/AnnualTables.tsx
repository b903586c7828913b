import { Fragment, memo } from 'react';
import { cellKey, describeCell, totalCells, type AnnualBlock, type AnnualFormat } from '../../../shared/annual-report/format';
import type { AnnualProblem, AnnualReportData } from '../../../shared/annual-report/check';
import { blockLayout } from '../../../shared/annual-report/layout';

export interface CellMessages {
  errors: Map<string, string[]>;
  warnings: Map<string, string[]>;
}

export function messagesByCell(errors: AnnualProblem[], warnings: AnnualProblem[]): CellMessages {
  const group = (list: AnnualProblem[]) => {
    const m = new Map<string, string[]>();
    for (const p of list) m.set(p.cell, [...(m.get(p.cell) ?? []), p.message]);
    return m;
  };
  return { errors: group(errors), warnings: group(warnings) };
}

/** Text of a number as typed: '' for blank. */
export function cellText(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Parses what was typed: blank → null; full-width digits and thousands separators are accepted; anything else → NaN (an error at the cell). */
export function parseCell(text: string): number | null {
  const t = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[，,\s]/g, '').replace('．', '.');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

interface BlockProps {
  format: AnnualFormat;
  block: AnnualBlock;
  heading?: string;
  data: AnnualReportData;
  /** Raw text of cells being typed (so '1.' or 'abc' stays visible). */
  drafts: Record<string, string>;
  messages: CellMessages;
  readOnly: boolean;
  onChange: (key: string, text: string) => void;
}

const Block = memo(function Block({ format, block, heading, data, drafts, messages, readOnly, onChange }: BlockProps) {
  const layout = blockLayout(block);
  const totals = totalCells(format);
  const width = layout.labelDepth + block.columns.length;
  return (
    <table className="annual-table">
      <thead>
        {heading && (
          <tr>
            <th colSpan={width} className="annual-heading" scope="colgroup">
              {heading}
            </th>
          </tr>
        )}
        {layout.headerRows.map((cells, i) => (
          <tr key={i}>
            {cells.map((c, j) => (
              <th key={j} rowSpan={c.rowSpan} colSpan={c.colSpan} scope={c.colSpan > 1 ? 'colgroup' : 'col'}>
                {c.text}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {block.rows.map((row, i) => (
          <tr key={row.key}>
            {layout.rowLabels[i].map((c, j) => (
              <th key={j} rowSpan={c.rowSpan} colSpan={c.colSpan} scope="row" className="annual-row-label">
                {c.text}
              </th>
            ))}
            {block.columns.map((col) => {
              const key = cellKey(block.key, row.key, col.key);
              const errs = messages.errors.get(key);
              const warns = messages.warnings.get(key);
              const isTotal = totals.has(key);
              const value = drafts[key] ?? cellText(data.cells[key]);
              return (
                <td key={col.key} className={`annual-cell${isTotal ? ' annual-total' : ''}${errs ? ' has-error' : warns ? ' has-warning' : ''}`} data-cell={key}>
                  {readOnly ? (
                    <span className="annual-value">{value === '' ? '—' : value}</span>
                  ) : (
                    <input
                      className="annual-input"
                      inputMode={col.decimals ? 'decimal' : 'numeric'}
                      aria-label={describeCell(format, key)}
                      aria-invalid={errs ? true : undefined}
                      aria-describedby={errs || warns ? `msg-${key}` : undefined}
                      value={value}
                      onChange={(e) => onChange(key, e.target.value)}
                    />
                  )}
                  {(errs || warns) && (
                    <div id={`msg-${key}`} className={errs ? 'annual-cell-error' : 'annual-cell-warning'} role={errs ? 'alert' : undefined}>
                      {(errs ?? warns)!.map((m) => (
                        <div key={m}>{m.replace(/^表[^：]*：/, '')}</div>
                      ))}
                    </div>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

/** Tables 二, 三, 四 laid out as in the national format; each scrolls sideways inside its card on a narrow screen. */
export function AnnualTables(props: Omit<BlockProps, 'block' | 'heading'> & { only?: string }) {
  return (
    <>
      {props.format.tables
        .filter((t) => !props.only || t.number === props.only)
        .map((t) => (
          <section key={t.number} className="annual-section" aria-label={t.title}>
            <h3 className="annual-section-title">{t.title}</h3>
            {t.blocks.map((b) => (
              <Fragment key={b.key}>
                <div className="annual-scroll" tabIndex={0} role="region" aria-label={`${t.title}${b.heading ? ` ${b.heading}` : ''}（可左右滚动）`}>
                  <Block {...props} block={b} heading={b.heading} />
                </div>
              </Fragment>
            ))}
          </section>
        ))}
    </>
  );
}
