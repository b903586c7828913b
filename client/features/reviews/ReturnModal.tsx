import { Form, Input, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { unitLabel, type QueueRow } from './model';
import { useReviewFeedback } from './useReviewFeedback';

interface Values {
  reason: string;
}

/** Returns a report for correction; the reason is required and is sent to the reporting unit. */
export function ReturnModal({ row, onClose, onDone }: { row: QueueRow | null; onClose: () => void; onDone?: () => void }) {
  const trpc = useTRPC();
  const { refresh, onError, message } = useReviewFeedback();
  const [form] = Form.useForm<Values>();
  const ret = useMutation(
    trpc.reviews.return.mutationOptions({
      onSuccess: async () => {
        message.success(`已退回${row ? unitLabel(row) : ''}${row?.periodName ?? ''}报告，该单位将收到退回理由`);
        onClose();
        onDone?.();
        await refresh();
      },
      onError: (err) => {
        const reasonErrors = errorInfo(err).fieldErrors.filter((f) => f.path === 'reason');
        if (reasonErrors.length) {
          form.setFields([{ name: 'reason', errors: reasonErrors.map((f) => f.message) }]);
          return;
        }
        if (onError(err).handled) onClose();
      },
    }),
  );
  return (
    <Modal
      open={row !== null}
      title="退回报告"
      okText="确认退回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={ret.isPending}
      destroyOnHidden
    >
      {row && (
        <Typography.Paragraph>
          将退回 <strong>{unitLabel(row)}</strong> {row.periodName}报告（第 {row.version} 版）。退回后该单位可修改并重新报送，原版本会保留。
        </Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => row && ret.mutate({ reportId: row.reportId, revision: row.revision, reason: v.reason.trim() })}>
        <Form.Item
          label="退回理由"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写退回理由' },
            { validator: (_, v: string | undefined) => (!v?.trim() || v.trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error('退回理由至少 2 个字'))) },
            { max: 500, message: '退回理由不超过 500 字' },
          ]}
          extra="请写明需要修改的指标和原因，理由会通知报送单位。"
        >
          <Input.TextArea rows={4} maxLength={500} showCount autoFocus placeholder="例如：HS-01 计划套数与年度计划文件不一致，请核实后重新报送" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
