import { Button, Card, Input, InputNumber, Popconfirm, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Grade, SchemeProblem } from '../../../shared/scheme';
import { problemsAt, problemsExactly } from './model';

/** Grades by minimum score (≥ 90 优秀 …); one grade must start at 0. */
export function GradesSection(props: { grades: Grade[]; problems: SchemeProblem[]; readOnly: boolean; onChange: (grades: Grade[]) => void }) {
  const { grades, problems, readOnly } = props;
  const set = (idx: number, patch: Partial<Grade>) => props.onChange(grades.map((g, i) => (i === idx ? { ...g, ...patch } : g)));
  const listProblems = problemsExactly(problems, 'grades');
  return (
    <Card
      title="考核等级"
      size="small"
      extra={
        !readOnly && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => props.onChange([...grades, { name: '', min: 0 }])}>
            新增等级
          </Button>
        )
      }
    >
      <Table<Grade & { idx: number }>
        size="small"
        pagination={false}
        rowKey="idx"
        dataSource={grades.map((g, idx) => ({ ...g, idx }))}
        columns={[
          {
            title: '等级名称',
            dataIndex: 'name',
            render: (v: string, r) => (
              <Input
                value={v}
                disabled={readOnly}
                status={problemsAt(problems, `grades.${r.idx}.name`).length ? 'error' : undefined}
                onChange={(e) => set(r.idx, { name: e.target.value })}
                aria-label={`第 ${r.idx + 1} 个等级名称`}
                style={{ width: 120 }}
              />
            ),
          },
          {
            title: '最低得分',
            dataIndex: 'min',
            render: (v: number, r) => (
              <InputNumber<number>
                value={v}
                min={0}
                max={100}
                disabled={readOnly}
                status={problemsAt(problems, `grades.${r.idx}.min`).length ? 'error' : undefined}
                onChange={(n) => set(r.idx, { min: n ?? 0 })}
                prefix="≥"
                suffix="分"
                aria-label={`第 ${r.idx + 1} 个等级最低得分`}
                style={{ width: 130 }}
              />
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, r: Grade & { idx: number }) => (
                    <Popconfirm title={`删除等级“${r.name || '未命名'}”？`} okText="删除" cancelText="取消" onConfirm={() => props.onChange(grades.filter((_g, i) => i !== r.idx))}>
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除等级 ${r.name}`} disabled={grades.length <= 1} />
                    </Popconfirm>
                  ),
                },
              ]),
        ]}
      />
      <Typography.Paragraph type={listProblems.length ? 'danger' : 'secondary'} style={{ margin: '8px 0 0' }}>
        {listProblems.length ? listProblems.map((p) => p.message).join('；') : '得分不低于某等级的最低得分即为该等级（取最高的一档）；须有最低得分为 0 的一档。'}
      </Typography.Paragraph>
    </Card>
  );
}
