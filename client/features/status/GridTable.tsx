import { Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { annualCellSpec, annualHref, cellSpec, reportHref, type CellSpec, type GridCell, type GridPeriod, type GridRow } from './model';
import { formatDateZh } from '../../../shared/dates';

function Cell({ row, cell, period }: { row: GridRow; cell: GridCell; period: GridPeriod | undefined }) {
  return <SpecCell spec={cellSpec(cell, period)} what={`${row.unitName} ${period?.name ?? cell.periodCode}`} href={cell.reportId !== null ? reportHref(row.unitCode, cell.periodCode) : null} />;
}

function SpecCell({ spec, what, href }: { spec: CellSpec; what: string; href: string | null }) {
  const body = (
    <>
      <span className="sg-label">
        <span className="sg-symbol" aria-hidden>
          {spec.symbol}
        </span>
        {spec.label}
      </span>
      {spec.status && <span className="sg-status">{spec.status}</span>}
    </>
  );
  // The accessible name starts with the visible words (WCAG 2.5.3 label in name), then says whose cell it is.
  const visible = spec.status ? `${spec.label} ${spec.status}` : spec.label;
  const label = `${visible}：${what}，${spec.description}`;
  const className = `sg-cell sg-${spec.kind}`;
  return (
    <Tooltip title={spec.description}>
      {href !== null ? (
        <Link to={href} className={className} aria-label={`${label}。查看报告`}>
          {body}
        </Link>
      ) : (
        <span className={className} aria-label={label} role="img">
          {body}
        </span>
      )}
    </Tooltip>
  );
}

function periodTitle(p: GridPeriod) {
  return (
    <div>
      <div style={{ whiteSpace: 'nowrap' }}>{p.name}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
        截止 {formatDateZh(p.due)}
      </Typography.Text>
    </div>
  );
}

/** Units down, periods across, then the year's 政府信息公开工作年度报告; cities bold with their counties indented beneath. */
export function GridTable({ rows, periods, annual }: { rows: GridRow[]; periods: GridPeriod[]; annual?: { year: number; due: string } }) {
  const columns: TableColumnsType<GridRow> = [
    {
      title: '单位',
      dataIndex: 'unitName',
      fixed: 'start',
      width: 190,
      render: (name: string, r) =>
        r.level === 'city' ? (
          <strong>{name}</strong>
        ) : (
          <span className="sg-unit-county">
            <span aria-hidden>└ </span>
            {name}
          </span>
        ),
    },
    ...periods.map((p, i) => ({
      key: p.code,
      title: periodTitle(p),
      width: 150,
      render: (_: unknown, r: GridRow) => <Cell row={r} cell={r.cells[i]} period={p} />,
    })),
    ...(annual
      ? [
          {
            key: 'annual',
            title: periodTitle({ code: 'annual', name: `${annual.year}年度政府信息公开工作年度报告`, due: annual.due, opens: annual.due, locks: annual.due }),
            width: 170,
            render: (_: unknown, r: GridRow) => (
              <SpecCell spec={annualCellSpec(r.annual, annual.due)} what={`${r.unitName} ${annual.year}年度政府信息公开工作年度报告`} href={r.annual?.reportId ? annualHref(r.unitCode, annual.year) : null} />
            ),
          },
        ]
      : []),
  ];
  return (
    <Table<GridRow>
      className="sg-grid"
      rowKey="unitCode"
      size="small"
      bordered
      sticky
      pagination={false}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
    />
  );
}
