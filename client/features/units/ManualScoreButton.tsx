import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { formatCents } from '../../../shared/format';
import type { IndicatorResult } from './types';

/** The office scores a `manual` indicator of a unit's year (0…points), with a written reason. */
export function ManualScoreButton({ year, unitCode, indicator }: { year: number; unitCode: string; indicator: IndicatorResult }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ points: number; reason: string }>();
  const max = indicator.points / 100;
  const save = useMutation(
    trpc.scores.setManualScore.mutationOptions({
      onSuccess: async () => {
        message.success('评分已保存');
        setOpen(false);
        await queryClient.invalidateQueries(trpc.scores.pathFilter());
      },
      onError: (err) => {
        const info = errorInfo(err);
        if (info.fieldErrors.length) form.setFields(info.fieldErrors.map((f) => ({ name: f.path as 'points' | 'reason', errors: [f.message] })));
        else message.error(info.message);
      },
    }),
  );
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>
        评分
      </Button>
      <Modal
        open={open}
        title={`人工评分：${indicator.name}`}
        okText="保存评分"
        cancelText="取消"
        confirmLoading={save.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => save.mutate({ year, unitCode, indicatorCode: indicator.code, ...v }))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ points: indicator.values.manualScore ?? undefined }}>
          <Form.Item label={`得分（0～${formatCents(indicator.points)} 分）`} name="points" rules={[{ required: true, message: '请填写得分' }]}>
            <InputNumber min={0} max={max} step={0.5} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="评分理由" name="reason" rules={[{ required: true, min: 2, message: '请填写评分理由（至少 2 个字）' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
