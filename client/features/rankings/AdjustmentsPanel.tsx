import { useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatCents } from '../../../shared/format';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { signedCents } from './format';
import type { Adjustment } from './types';
import { formatDateTimeZh } from '../../../shared/dates';

interface UnitOption {
  code: string;
  name: string;
  /** 设区市 or the county's city */
  group: string;
}

interface AddValues {
  unitCode: string;
  points: number;
  reason: string;
}

/** Office score adjustments of a year: ± points on a unit, each with a reason; removal needs one too. */
export function AdjustmentsPanel(props: { year: number; units: UnitOption[]; published: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.scores.adjustments.queryOptions({ year: props.year }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });

  const rows = useMemo(() => [...(q.data ?? [])].sort((a, b) => b.at.localeCompare(a.at)), [q.data]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AddAdjustment year={props.year} units={props.units} onDone={refresh} published={props.published} />
      <Card title="已登记的分数调整" size="small">
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} empty={rows.length === 0} emptyText={`${props.year} 年度暂无分数调整`}>
          <Table<Adjustment>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: '单位', dataIndex: 'unitName', width: 160, render: (n: string, r) => `${n}（${r.unitCode}）` },
              {
                title: '调整分值',
                dataIndex: 'cents',
                width: 100,
                align: 'right',
                render: (c: number) => <Typography.Text type={c > 0 ? 'success' : 'danger'}>{signedCents(c)} 分</Typography.Text>,
              },
              { title: '理由', dataIndex: 'reason' },
              { title: '登记时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTimeZh(v) },
              { title: '操作', key: 'op', width: 90, render: (_, r) => <RemoveAdjustment row={r} onDone={refresh} /> },
            ]}
          />
        </QueryState>
      </Card>
    </Space>
  );
}

function AddAdjustment(props: { year: number; units: UnitOption[]; published: boolean; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const options = useMemo(() => {
    const groups = new Map<string, { label: string; value: string }[]>();
    for (const u of props.units) groups.set(u.group, [...(groups.get(u.group) ?? []), { label: `${u.name}（${u.code}）`, value: u.code }]);
    return [...groups].map(([label, opts]) => ({ label, title: label, options: opts }));
  }, [props.units]);

  const add = useMutation(
    trpc.scores.adjust.mutationOptions({
      onSuccess: async (row) => {
        message.success(`已登记调整 ${signedCents(row.cents)} 分`);
        form.resetFields();
        await props.onDone();
      },
      onError: (err) => {
        const info = errorInfo(err);
        const fields = info.fieldErrors.filter((f) => ['unitCode', 'points', 'reason'].includes(f.path));
        if (fields.length) form.setFields(fields.map((f) => ({ name: f.path as keyof AddValues, errors: [f.message] })));
        else message.error(info.message);
      },
    }),
  );

  return (
    <Card title="登记分数调整" size="small">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        调整计入年度考核得分 S（加减后限定在 0–100 分），每条调整须写明理由并记入审计日志。
        {props.published ? '已发布的结果不受影响，调整在重新发布后生效。' : ''}
      </Typography.Paragraph>
      <Form<AddValues>
        form={form}
        layout="inline"
        onFinish={(v) => add.mutate({ year: props.year, unitCode: v.unitCode, points: v.points, reason: v.reason.trim() })}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="unitCode" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} placeholder="选择或搜索单位" style={{ width: 220 }} options={options} />
        </Form.Item>
        <Form.Item
          name="points"
          label="分值"
          tooltip="正数为加分，负数为扣分，最多两位小数"
          rules={[
            { required: true, message: '请填写分值' },
            { validator: (_, v: number | null) => (v === 0 ? Promise.reject(new Error('分值不能为 0')) : Promise.resolve()) },
          ]}
        >
          <InputNumber<number> min={-100} max={100} step={0.5} precision={2} placeholder="如 -1.50" style={{ width: 120 }} suffix="分" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="理由"
          rules={[
            { required: true, whitespace: true, message: '请填写调整理由' },
            { min: 2, message: '理由至少 2 个字' },
          ]}
        >
          <Input placeholder="如：网站抽查发现栏目长期未更新" maxLength={500} style={{ width: 320 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
            登记调整
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function RemoveAdjustment(props: { row: Adjustment; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= 2;
  const remove = useMutation(
    trpc.scores.removeAdjustment.mutationOptions({
      onSuccess: async () => {
        message.success('已撤销该调整');
        setReason('');
        await props.onDone();
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );
  return (
    <Popconfirm
      title={`撤销对${props.row.unitName}的调整（${signedCents(props.row.cents)} 分）？`}
      description={
        <Input.TextArea
          autoFocus
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="撤销理由（必填，至少 2 个字）"
          aria-label="撤销理由"
          style={{ width: 280, marginTop: 4 }}
        />
      }
      okText="撤销"
      cancelText="取消"
      okButtonProps={{ danger: true, disabled: !ok, loading: remove.isPending }}
      onConfirm={() => remove.mutateAsync({ id: props.row.id, reason: reason.trim() }).catch(() => undefined)}
      onOpenChange={(o) => !o && setReason('')}
    >
      <Button type="link" danger size="small" icon={<DeleteOutlined />} aria-label={`撤销对${props.row.unitName}的调整 ${formatCents(props.row.cents)} 分`}>
        撤销
      </Button>
    </Popconfirm>
  );
}
