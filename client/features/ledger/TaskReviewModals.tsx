import type { ReactNode } from 'react';
import { App, Descriptions, Drawer, Form, Input, Modal, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import { PROGRESS_NAMES } from '../../../shared/ledger';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { LedgerRow } from './model';

/** The office returns a division's record with a required reason; the versions stay. */
export function ReturnReasonModal({ open, title, intro, loading, onReturn, onClose }: { open: boolean; title: string; intro: ReactNode; loading: boolean; onReturn: (reason: string) => void; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal open={open} title={title} okText="确认退回" okButtonProps={{ danger: true }} cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={loading} destroyOnHidden>
      <Typography.Paragraph>{intro}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => onReturn(v.reason.trim())}>
        <Form.Item label="退回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }, { min: 2, message: '退回理由至少 2 个字' }, { max: 500, message: '不超过 500 字' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const ACTION = { submit: '报送', accept: '确认', return: '退回' } as const;

/** A record's review trail: who submitted, confirmed or returned which version, and why. */
export function ReviewTrail({ actions }: { actions: { at: string; by: string | null; action: keyof typeof ACTION; version: number; reason: string | null }[] }) {
  return (
    <>
      <Typography.Title level={5}>审核记录</Typography.Title>
      <Timeline
        items={actions.map((a) => ({
          color: a.action === 'return' ? 'red' : a.action === 'accept' ? 'green' : 'blue',
          content: `${formatDateTimeZh(a.at)} ${a.by ?? ''} ${ACTION[a.action]}第 ${a.version} 版${a.reason ? `，理由：${a.reason}` : ''}`,
        }))}
      />
    </>
  );
}

/** The office returns a task report with a required reason. */
export function TaskReturnModal({ row, onClose }: { row: LedgerRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const ret = useMutation(
    trpc.ledger.return.mutationOptions({
      onSuccess: async () => {
        message.success(`已退回${row?.ownerName ?? ''}的任务报告，该处室将收到退回理由`);
        onClose();
        await qc.invalidateQueries(trpc.ledger.pathFilter());
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  return (
    <ReturnReasonModal
      open={row !== null}
      title="退回任务报告"
      loading={ret.isPending}
      onClose={onClose}
      onReturn={(reason) => row?.taskReportId && ret.mutate({ taskReportId: row.taskReportId, revision: row.revision, reason })}
      intro={
        row && (
          <>
            将退回 <strong>{row.ownerName}</strong> 关于“{row.text}”{row.instanceLabel && `（${row.instanceLabel}）`}的报告（第 {row.version} 版），原版本会保留。
          </>
        )
      }
    />
  );
}

/** Every version of a task report and its review trail. */
export function TaskHistoryDrawer({ row, onClose }: { row: LedgerRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.ledger.history.queryOptions({ taskReportId: row?.taskReportId ?? 0 }), enabled: Boolean(row?.taskReportId) });
  return (
    <Drawer open={row !== null} onClose={onClose} title={row ? `${row.ownerName}：${row.text}${row.instanceLabel ? `（${row.instanceLabel}）` : ''}` : ''} size="large">
      {!row?.taskReportId ? (
        <Typography.Text type="secondary">该处室尚未报告此任务。</Typography.Text>
      ) : q.isLoading ? (
        <Skeleton active />
      ) : (
        <QueryState loading={false} error={q.error} onRetry={() => q.refetch()}>
          <ReviewTrail actions={q.data?.actions ?? []} />
          <Typography.Title level={5}>各版本</Typography.Title>
          {(q.data?.versions ?? []).map((v) => (
            <Descriptions key={v.version} size="small" bordered column={1} style={{ marginBottom: 12 }} title={`第 ${v.version} 版`}>
              <Descriptions.Item label="进展">
                <Tag>{PROGRESS_NAMES[v.progress]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="完成日期">{v.completedOn ? formatDateZh(v.completedOn) : '—'}</Descriptions.Item>
              <Descriptions.Item label="佐证">
                {v.evidenceUrl ? (
                  <a href={v.evidenceUrl} target="_blank" rel="noreferrer">
                    {v.evidenceUrl}
                  </a>
                ) : v.evidenceFile ? (
                  <a href={`/api/evidence/${v.evidenceFile}`}>上传的文件</a>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
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
