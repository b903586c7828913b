import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { scoreColumns, tableWidth } from './columns';
import type { ViewParams } from './params';
import type { CityRow, GroupDef } from './types';

/** The 11 cities ranked by S; equal S share a rank. */
export function CityTable(props: { rows: CityRow[]; groups: GroupDef[]; weight: number; view: ViewParams; progress: boolean; mayOpen: (r: CityRow) => boolean; ownCode?: string | null }) {
  const columns: ColumnsType<CityRow> = [
    { title: '排名', dataIndex: 'rank', width: 56, align: 'center', fixed: 'left', sorter: (a, b) => a.rank - b.rank, defaultSortOrder: 'ascend' },
    ...scoreColumns<CityRow>({ groups: props.groups, weight: props.weight, view: props.view, progress: props.progress, mayOpen: props.mayOpen }),
  ];
  return (
    <Table<CityRow>
      rowKey="code"
      rowClassName={(r) => (r.code === props.ownCode ? 'ranking-own-row' : '')}
      size="small"
      bordered
      pagination={false}
      dataSource={props.rows}
      columns={columns}
      tableLayout="fixed"
      scroll={{ x: tableWidth(columns) }}
      locale={{ emptyText: '暂无设区市' }}
    />
  );
}
