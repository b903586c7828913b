import { Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { scoreColumns, tableWidth } from './columns';
import type { ViewParams } from './params';
import type { CountyRow, GroupDef } from './types';

/**
 * Counties for information: province-wide rank and rank within the city, filterable by city. The
 * server sends one page at a time (`scores.ranking` `counties`), in province order.
 */
export function CountyTable(props: {
  /** The page on screen. */
  rows: CountyRow[];
  /** Counties of the filter in all. */
  total: number;
  cities: { value: string; label: string }[];
  page: number;
  pageSize: number;
  pageSizes: number[];
  onPage: (page: number, size: number) => void;
  groups: GroupDef[];
  weight: number;
  view: ViewParams;
  progress: boolean;
  mayOpen: (r: CountyRow) => boolean;
  ownCode?: string | null;
  city: string | undefined;
  onCity: (code: string | undefined) => void;
}) {
  const { cities } = props;
  const city = props.city && cities.some((c) => c.value === props.city) ? props.city : undefined;
  const rows = props.rows;

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
          共 {props.total} 个县(市、区)。县级排名仅供参考，考核对象为设区市住房城乡建设局（方案第十四条）。
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
        pagination={{
          current: props.page,
          pageSize: props.pageSize,
          total: props.total,
          showSizeChanger: true,
          pageSizeOptions: props.pageSizes,
          showTotal: (t) => `共 ${t} 个`,
          onChange: (page, size) => props.onPage(size !== props.pageSize ? 1 : page, size),
        }}
        locale={{ emptyText: '暂无县(市、区)数据' }}
      />
    </Space>
  );
}
