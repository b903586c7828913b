import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../../server/root';
import { BUDGET_DISCLOSURE_DAYS, BUDGET_KIND_NAMES, BUDGET_KINDS, budgetDisclosureDue, budgetReviewText, budgetTimingText, type BudgetKind } from '../../../shared/budget';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { ReturnReasonModal, ReviewTrail } from './TaskReviewModals';

type BudgetRow = RouterOutputs['budgets']['list']['rows'][number];

interface Values {
  kind: BudgetKind;
  fiscalYear: number;
  title: string;
  approvedOn: Dayjs | null;
  publishedOn?: Dayjs | null;
  url?: string;
  note?: string;
}

const FIELDS = ['kind', 'fiscalYear', 'title', 'approvedOn', 'publishedOn', 'url', 'note'] as const;

/**
 * 预算决算公开 (第十三条): the division that publishes the department's budgets records each item with its
 * approval and publication dates (due 20 days after approval); the office confirms or returns it.
 */
export function BudgetPanel({ year, isOffice, isDivision }: { year: number; isOffice: boolean; isDivision: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery(trpc.budgets.list.queryOptions({ year }));
  const [editing, setEditing] = useState<BudgetRow | 'new' | null>(null);
  const [returning, setReturning] = useState<BudgetRow | null>(null);
  const [history, setHistory] = useState<BudgetRow | null>(null);
  const refresh = () => qc.invalidateQueries(trpc.budgets.pathFilter());
  const accept = useMutation(
    trpc.budgets.accept.mutationOptions({
      onSuccess: async () => {
        message.success('已确认');
        await refresh();
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const rows = q.data?.rows ?? [];
  const late = rows.filter((r) => r.overdue || (r.publishedOn && !r.onTime)).length;

  return (
    <Card
      title={`${year} 年度应公开的预算、决算事项`}
      extra={
        isDivision && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            登记公开事项
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        按方案第十三条和预算法第十四条，部门预算、预算调整、决算、预算执行情况报告和“三公”经费须在批复后 {BUDGET_DISCLOSURE_DAYS} 日内公开；公开截止日期按批复日期计算，事项计入截止日期所在年度的考核（DV-05）。
        {rows.length > 0 && `本年度共 ${rows.length} 项${late ? `，逾期 ${late} 项` : ''}。`}
      </Typography.Paragraph>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={rows.length === 0} emptyText={isDivision ? '本处室本年度没有登记预算、决算公开事项' : '本年度没有登记预算、决算公开事项'}>
        <Table<BudgetRow>
          rowKey="id"
          size="small"
          bordered
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.overdue ? 'ledger-overdue' : '')}
          columns={[
            { title: '类别', dataIndex: 'kindName', width: 130 },
            { title: '公开事项', dataIndex: 'title', width: 260, render: (v: string, r) => `${v}（${r.fiscalYear} 年度）` },
            ...(isDivision ? [] : [{ title: '处室', dataIndex: 'unitName', width: 110 }]),
            { title: '批复日期', dataIndex: 'approvedOn', width: 130, render: (v: string) => formatDateZh(v) },
            { title: '公开截止日期', dataIndex: 'due', width: 130, render: (v: string) => formatDateZh(v) },
            { title: '公开日期', dataIndex: 'publishedOn', width: 130, render: (v: string | null) => (v ? formatDateZh(v) : '未公开') },
            {
              title: '时效',
              key: 'timing',
              width: 120,
              render: (_, r) => {
                const text = budgetTimingText(r);
                return r.overdue ? (
                  <Typography.Text type="danger" strong>
                    {text}
                  </Typography.Text>
                ) : r.publishedOn && !r.onTime ? (
                  <Typography.Text type="danger">{text}</Typography.Text>
                ) : (
                  text
                );
              },
            },
            {
              title: '公开网址',
              dataIndex: 'url',
              width: 80,
              render: (v: string | null) =>
                v ? (
                  <a href={v} target="_blank" rel="noreferrer">
                    链接
                  </a>
                ) : (
                  '—'
                ),
            },
            {
              title: '审核',
              key: 'status',
              width: 120,
              render: (_, r) => (
                <Tag color={r.status === 'accepted' ? 'green' : r.status === 'returned' ? 'red' : 'gold'}>
                  {budgetReviewText(r.status, r.version)}
                </Tag>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              width: 170,
              render: (_, r) => (
                <Space size={4} wrap>
                  {isDivision && r.status !== 'accepted' && (
                    <Button size="small" type="primary" onClick={() => setEditing(r)}>
                      修改
                    </Button>
                  )}
                  {isOffice && r.status === 'submitted' && (
                    <Button size="small" type="primary" loading={accept.isPending} onClick={() => accept.mutate({ id: r.id, revision: r.revision })}>
                      确认
                    </Button>
                  )}
                  {isOffice && r.status !== 'returned' && (
                    <Button size="small" danger onClick={() => setReturning(r)}>
                      退回
                    </Button>
                  )}
                  <Button size="small" onClick={() => setHistory(r)}>
                    记录
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
      <BudgetItemModal row={editing} year={year} onClose={() => setEditing(null)} onSaved={refresh} />
      <BudgetReturnModal row={returning} onClose={() => setReturning(null)} onDone={refresh} />
      <BudgetHistoryDrawer row={history} onClose={() => setHistory(null)} />
    </Card>
  );
}

/** A division records a new item or corrects one; every save is a new version awaiting the office. */
function BudgetItemModal({ row, year, onClose, onSaved }: { row: BudgetRow | 'new' | null; year: number; onClose: () => void; onSaved: () => Promise<void> }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const approvedOn = Form.useWatch('approvedOn', form);
  const existing = row && row !== 'new' ? row : null;
  const save = useMutation(
    trpc.budgets.save.mutationOptions({
      onSuccess: async (r) => {
        message.success(`已登记（第 ${r.version} 版），公开截止日期 ${formatDateZh(r.due)}，等待厅办公室确认`);
        onClose();
        await onSaved();
      },
      onError: (e) => {
        const info = errorInfo(e);
        const fields = info.fieldErrors.filter((f) => (FIELDS as readonly string[]).includes(f.path));
        if (fields.length) form.setFields(fields.map((f) => ({ name: f.path as (typeof FIELDS)[number], errors: [f.message] })));
        else message.error(info.message);
      },
    }),
  );
  const submit = (v: Values) =>
    save.mutate({
      ...(existing ? { id: existing.id } : {}),
      revision: existing?.revision ?? 0,
      kind: v.kind,
      fiscalYear: v.fiscalYear,
      title: v.title.trim(),
      approvedOn: v.approvedOn ? v.approvedOn.format('YYYY-MM-DD') : '',
      publishedOn: v.publishedOn ? v.publishedOn.format('YYYY-MM-DD') : null,
      url: v.url?.trim() || null,
      note: v.note?.trim() || null,
    });
  return (
    <Modal
      open={row !== null}
      title={existing ? '修改预算、决算公开事项' : '登记预算、决算公开事项'}
      okText="报送"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {existing?.returnReason && <Typography.Paragraph type="danger">退回理由：{existing.returnReason}</Typography.Paragraph>}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          existing
            ? {
                kind: existing.kind,
                fiscalYear: existing.fiscalYear,
                title: existing.title,
                approvedOn: dayjs(existing.approvedOn),
                publishedOn: existing.publishedOn ? dayjs(existing.publishedOn) : null,
                url: existing.url ?? '',
                note: existing.note ?? '',
              }
            : { kind: 'budget', fiscalYear: year, title: '', approvedOn: null, publishedOn: null, url: '', note: '' }
        }
      >
        <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={BUDGET_KINDS.map((k) => ({ value: k, label: BUDGET_KIND_NAMES[k] }))} />
        </Form.Item>
        <Form.Item label="预算年度" name="fiscalYear" rules={[{ required: true, message: '请填写预算年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="公开事项名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写公开事项名称' }, { max: 200, message: '不超过 200 字' }]}>
          <Input placeholder="如：2019年度部门预算（含“三公”经费预算）" />
        </Form.Item>
        <Form.Item
          label="批复日期"
          name="approvedOn"
          rules={[{ required: true, message: '请填写批复日期' }]}
          extra={approvedOn ? `应于 ${formatDateZh(budgetDisclosureDue(approvedOn.format('YYYY-MM-DD')))} 前公开（批复后 ${BUDGET_DISCLOSURE_DAYS} 日内）` : undefined}
        >
          <DatePicker format="YYYY年M月D日" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="公开日期" name="publishedOn" extra="尚未公开可留空，公开后再修改">
          <DatePicker format="YYYY年M月D日" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="公开网址" name="url">
          <Input placeholder="http://www.zjjs.gov.cn/…" inputMode="url" />
        </Form.Item>
        <Form.Item label="备注" name="note" rules={[{ max: 2000, message: '备注不超过 2000 字' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The office returns an item with a required reason; the recorded versions stay. */
function BudgetReturnModal({ row, onClose, onDone }: { row: BudgetRow | null; onClose: () => void; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const ret = useMutation(
    trpc.budgets.return.mutationOptions({
      onSuccess: async () => {
        message.success(`已退回，${row?.unitName ?? ''}将收到退回理由`);
        onClose();
        await onDone();
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  return (
    <ReturnReasonModal
      open={row !== null}
      title="退回预算、决算公开事项"
      loading={ret.isPending}
      onClose={onClose}
      onReturn={(reason) => row && ret.mutate({ id: row.id, revision: row.revision, reason })}
      intro={
        row && (
          <>
            将退回 <strong>{row.unitName}</strong> 登记的{row.kindName}“{row.title}”（第 {row.version} 版），原版本会保留。
          </>
        )
      }
    />
  );
}

/** Every version of an item and its review trail. */
function BudgetHistoryDrawer({ row, onClose }: { row: BudgetRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.budgets.history.queryOptions({ id: row?.id ?? 0 }), enabled: Boolean(row) });
  return (
    <Drawer open={row !== null} onClose={onClose} title={row ? `${row.unitName}：${row.kindName}“${row.title}”` : ''} size="large">
      {q.isLoading ? (
        <Skeleton active />
      ) : (
        <QueryState loading={false} error={q.error} onRetry={() => q.refetch()}>
          <ReviewTrail actions={q.data?.actions ?? []} />
          <Typography.Title level={5}>各版本</Typography.Title>
          {(q.data?.versions ?? []).map((v) => (
            <Descriptions key={v.version} size="small" bordered column={1} style={{ marginBottom: 12 }} title={`第 ${v.version} 版`}>
              <Descriptions.Item label="公开事项">{v.title}</Descriptions.Item>
              <Descriptions.Item label="批复日期">{formatDateZh(v.approvedOn)}</Descriptions.Item>
              <Descriptions.Item label="公开日期">{v.publishedOn ? formatDateZh(v.publishedOn) : '未公开'}</Descriptions.Item>
              <Descriptions.Item label="公开网址">{v.url ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="备注">{v.note ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="报送">
                {formatDateTimeZh(v.submittedAt)} {v.submittedBy ?? ''}
              </Descriptions.Item>
            </Descriptions>
          ))}
        </QueryState>
      )}
    </Drawer>
  );
}
