import { useMemo, useState } from 'react';
import { Card, Input, Table, Tag, Typography, Space, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { KIND_NAMES, LEVEL_NAMES } from '../../../shared/roles';
import type { RouterOutputs } from '../../../server/root';
import { DivisionsCard } from './DivisionsCard';

type Unit = RouterOutputs['orgUnits']['list'][number];
interface Row extends Unit {
  children?: Row[];
}

/** Province → cities → counties, with official codes and search. */
export default function OrgUnitsPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.orgUnits.list.queryOptions());
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [draft, setDraft] = useState(search);

  const { tree, counts, expanded } = useMemo(() => {
    // The department's divisions are listed in their own card below.
    const units = (q.data ?? []).filter((u) => u.level !== 'division');
    const match = (u: Unit) => !search || u.name.includes(search) || u.code.startsWith(search);
    const byParent = new Map<string, Unit[]>();
    for (const u of units) if (u.parentCode) byParent.set(u.parentCode, [...(byParent.get(u.parentCode) ?? []), u]);
    const build = (u: Unit): Row | null => {
      const kids = (byParent.get(u.code) ?? []).map(build).filter((r): r is Row => r !== null);
      if (!match(u) && kids.length === 0) return null;
      return kids.length ? { ...u, children: kids } : { ...u };
    };
    const roots = units.filter((u) => !u.parentCode).map(build).filter((r): r is Row => r !== null);
    return {
      tree: roots,
      counts: {
        city: units.filter((u) => u.level === 'city').length,
        county: units.filter((u) => u.level === 'county').length,
      },
      expanded: search ? units.filter((u) => u.level !== 'county').map((u) => u.code) : units.filter((u) => u.level === 'province').map((u) => u.code),
    };
  }, [q.data, search]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} className="page-title">
        组织机构
      </Typography.Title>
      <Card>
        <Space size="large" wrap>
          <Statistic title="设区市" value={counts.city} suffix="个" />
          <Statistic title="县(市、区)" value={counts.county} suffix="个" />
          <Input.Search
            allowClear
            placeholder="按名称或代码搜索，如 西湖 或 3301"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(v) => setParams(v ? { q: v } : {})}
            style={{ width: 320 }}
            aria-label="搜索单位"
          />
        </Space>
      </Card>
      <Card>
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={tree.length === 0} emptyText="没有匹配的单位">
          <Table<Row>
            key={search}
            rowKey="code"
            size="small"
            dataSource={tree}
            pagination={false}
            expandable={{ defaultExpandedRowKeys: expanded }}
            columns={[
              { title: '单位名称', dataIndex: 'name', render: (v: string, r) => (r.level === 'county' ? v : <strong>{v}</strong>) },
              { title: '行政区划代码', dataIndex: 'code', width: 140 },
              { title: '层级', dataIndex: 'level', width: 110, render: (v: Unit['level']) => LEVEL_NAMES[v] },
              { title: '类型', dataIndex: 'kind', width: 110, render: (v: string) => <Tag>{KIND_NAMES[v] ?? v}</Tag> },
              { title: '下辖单位', width: 100, render: (_, r) => (r.children ? `${r.children.length} 个` : '') },
            ]}
          />
        </QueryState>
      </Card>
      <DivisionsCard />
    </Space>
  );
}
