import { useMemo } from 'react';
import { Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { scoreColumns, tableWidth } from './columns';
import type { ViewParams } from './params';
import type { CountyRow, GroupDef } from './types';

/** Counties for information: province-wide rank and rank within the city, filterable by city. */
export function CountyTable(props: {
  rows: CountyRow[];
  groups: GroupDef[];
  weight: number;
  view: ViewParams;
  progress: boolean;
  mayOpen: (r: CountyRow) => boolean;
  ownCode?: string | null;
  city: string | undefined;
  onCity: (code: string | undefined) => void;
}) {
  const cities = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of props.rows) if (!seen.has(r.cityCode)) seen.set(r.cityCode, r.cityName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [props.rows]);
  const city = props.city && cities.some((c) => c.value === props.city) ? props.city : undefined;
  const rows = useMemo(() => (city ? props.rows.filter((r) => r.cityCode === city) : props.rows), [props.rows, city]);

  const columns: ColumnsType<CountyRow> = [
    { title: '全省排名', dataIndex: 'rank', width: 52, align: 'center', fixed: 'left', sorter: (a, b) => a.rank - b.rank, defaultSortOrder: city ? undefined : 'ascend' },
    {
      title: '市内排名',
      dataIndex: 'cityRank',
      width: 52,
      align: 'center',
      fixed: 'left',
      sorter: (a, b) => a.cityCode.localeCompare(b.cityCode) || a.cityRank - b.cityRank,
      defaultSortOrder: city ? 'ascend' : undefined,
    },
    ...scoreColumns<CountyRow>({ groups: props.groups, weight: props.weight, view: props.view, progress: props.progress, mayOpen: props.mayOpen, cityOf: city ? undefined : (r) => r.cityName }),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部设区市"
          aria-label="按设区市筛选"
          style={{ width: 180 }}
          value={city}
          options={cities}
          onChange={(v?: string) => props.onCity(v)}
        />
        <Typography.Text type="secondary">
          共 {rows.length} 个县(市、区)。县级排名仅供参考，考核对象为设区市住房城乡建设局（方案第十四条）。
        </Typography.Text>
      </Space>
      <Table<CountyRow>
        key={city ?? 'all'}
        rowKey="code"
      rowClassName={(r) => (r.code === props.ownCode ? 'ranking-own-row' : '')}
        size="small"
        bordered
        dataSource={rows}
        columns={columns}
        tableLayout="fixed"
        scroll={{ x: tableWidth(columns) }}
        pagination={{ defaultPageSize: 30, showSizeChanger: true, pageSizeOptions: [30, 50, 100], showTotal: (t) => `共 ${t} 个` }}
        locale={{ emptyText: '暂无县(市、区)数据' }}
      />
    </Space>
  );
}
