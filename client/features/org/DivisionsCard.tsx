import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../../server/root';
import { formatDateZh } from '../../../shared/dates';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';

type Division = RouterOutputs['divisions']['list'][number];
interface Values {
  code: string;
  name: string;
  duties: string;
}

/** The department's divisions (厅机关处室) with their duties; the office adds, renames and retires them. */
export function DivisionsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  const { message } = App.useApp();
  const isOffice = me.user?.role === 'office';
  const q = useQuery(trpc.divisions.list.queryOptions());
  const [editing, setEditing] = useState<Partial<Division> | null>(null);
  const [form] = Form.useForm<Values>();
  const refresh = () => Promise.all([qc.invalidateQueries(trpc.divisions.pathFilter()), qc.invalidateQueries(trpc.orgUnits.pathFilter())]);
  const save = useMutation(
    trpc.divisions.save.mutationOptions({
      onSuccess: async () => {
        message.success('已保存');
        setEditing(null);
        await refresh();
      },
      onError: (e) => {
        const info = errorInfo(e);
        if (info.fieldErrors.length) form.setFields(info.fieldErrors.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })));
        else message.error(info.message);
      },
    }),
  );
  const retire = useMutation(
    trpc.divisions.retire.mutationOptions({
      onSuccess: async (r) => {
        message.success(r.validTo ? '已撤销该处室（历史数据保留）' : '已恢复该处室');
        await refresh();
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const nextCode = () => {
    const used = new Set((q.data ?? []).map((d) => d.code));
    for (let i = 1; i < 100; i++) {
      const code = `3300${String(i).padStart(2, '0')}`;
      if (!used.has(code)) return code;
    }
    return '';
  };
  return (
    <Card
      title="厅机关处室"
      extra={
        isOffice && (
          <Button type="primary" onClick={() => setEditing({ code: nextCode(), name: '', duties: '' })}>
            新增处室
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        各处室按工作方案分工落实责任、报告任务分解台账进展，并按厅机关处室考核指标参加考核。代码 3300NN 为本系统内部代码，不与行政区划代码冲突。
      </Typography.Paragraph>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={(q.data?.length ?? 0) === 0} emptyText="尚未设置处室">
        <Table<Division>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={q.data ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '代码', dataIndex: 'code', width: 90 },
            { title: '处室', dataIndex: 'name', width: 140, render: (v: string, d) => (d.validTo ? <Typography.Text delete>{v}</Typography.Text> : v) },
            { title: '职责分工', dataIndex: 'duties' },
            { title: '状态', key: 'state', width: 150, render: (_, d) => (d.validTo ? <Tag>{formatDateZh(d.validTo)}撤销</Tag> : <Tag color="green">在用</Tag>) },
            ...(isOffice
              ? [
                  {
                    title: '操作',
                    key: 'op',
                    width: 150,
                    render: (_: unknown, d: Division) => (
                      <Space>
                        <Button size="small" onClick={() => setEditing(d)}>
                          修改
                        </Button>
                        <Popconfirm
                          title={d.validTo ? '恢复该处室？' : '撤销该处室？其任务和报告记录保留。'}
                          okText="确定"
                          cancelText="取消"
                          onConfirm={() => retire.mutate({ code: d.code, validTo: d.validTo ? null : new Date().toISOString().slice(0, 10) })}
                        >
                          <Button size="small" danger={!d.validTo}>
                            {d.validTo ? '恢复' : '撤销'}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      <Modal open={editing !== null} title={editing?.name ? `修改处室：${editing.name}` : '新增处室'} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={() => setEditing(null)} confirmLoading={save.isPending} destroyOnHidden>
        {editing && (
          <Form<Values> form={form} layout="vertical" initialValues={editing} onFinish={(v) => save.mutate({ code: v.code.trim(), name: v.name.trim(), duties: v.duties.trim() })}>
            <Form.Item label="代码" name="code" rules={[{ required: true, pattern: /^3300\d\d$/, message: '代码应为 3300 开头的 6 位数字' }]}>
              <Input disabled={Boolean(editing.name)} />
            </Form.Item>
            <Form.Item label="处室名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写处室名称' }, { max: 30, message: '不超过 30 字' }]}>
              <Input />
            </Form.Item>
            <Form.Item label="职责分工" name="duties" rules={[{ required: true, whitespace: true, message: '请填写职责分工' }, { max: 1000, message: '不超过 1000 字' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
