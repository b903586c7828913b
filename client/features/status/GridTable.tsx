import { Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { cellSpec, reportHref, type GridCell, type GridPeriod, type GridRow } from './model';
import { formatDateZh } from '../../../shared/dates';

function Cell({ row, cell, period }: { row: GridRow; cell: GridCell; period: GridPeriod | undefined }) {
  const spec = cellSpec(cell, period);
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
  const label = `${row.unitName} ${period?.name ?? cell.periodCode}：${spec.description}`;
  const className = `sg-cell sg-${spec.kind}`;
  return (
    <Tooltip title={spec.description}>
      {cell.reportId !== null ? (
        <Link to={reportHref(row.unitCode, cell.periodCode)} className={className} aria-label={`${label}。查看报告`}>
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

/** Units down, periods across; cities bold with their counties indented beneath. */
export function GridTable({ rows, periods }: { rows: GridRow[]; periods: GridPeriod[] }) {
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
