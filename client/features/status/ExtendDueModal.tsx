import { BusinessDatePicker } from '../../lib/BusinessDatePicker';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { DATE_FORMATS } from '../periods/dates';
import type { GridCell, GridPeriod, GridRow } from './model';
import { formatDateZh } from '../../../shared/dates';

export interface ExtendTarget {
  unitCode?: string;
  periodCode?: string;
}

interface Values {
  unitCode: string;
  periodCode: string;
  due: Dayjs;
  reason: string;
}

type Field = keyof Values;
const FIELDS: Field[] = ['unitCode', 'periodCode', 'due', 'reason'];

/** The office gives one unit a later due date for one period, with a reason the unit will see. */
export function ExtendDueModal({
  open,
  target,
  rows,
  periods,
  onClose,
}: {
  open: boolean;
  target: ExtendTarget;
  rows: GridRow[];
  periods: GridPeriod[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const periodCode = Form.useWatch('periodCode', form);
  const unitCode = Form.useWatch('unitCode', form);
  const period = periods.find((p) => p.code === periodCode);
  const row = rows.find((r) => r.unitCode === unitCode);
  const cell: GridCell | undefined = row?.cells.find((c) => c.periodCode === periodCode);
  const extend = useMutation(
    trpc.periods.extendDue.mutationOptions({
      onSuccess: async (res) => {
        message.success(`已将${row?.unitName ?? res.unitCode}${period?.name ?? ''}报告的截止日期延至${formatDateZh(res.due)}，并已通知该单位`);
        await queryClient.invalidateQueries(trpc.periods.pathFilter());
        await queryClient.invalidateQueries(trpc.reviews.pathFilter());
        onClose();
      },
      onError: (err) => {
        const info = errorInfo(err);
        const known = info.fieldErrors.filter((f): f is { path: Field; message: string } => (FIELDS as string[]).includes(f.path));
        if (known.length) form.setFields(known.map((f) => ({ name: f.path, errors: [f.message] })));
        if (known.length !== info.fieldErrors.length || !known.length) message.error(info.message);
      },
    }),
  );
  return (
    <Modal
      open={open}
      title="延长报送截止日期"
      okText="确认延期"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={extend.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ unitCode: target.unitCode, periodCode: target.periodCode }}
        onFinish={(v) => extend.mutate({ unitCode: v.unitCode, periodCode: v.periodCode, due: v.due.format('YYYY-MM-DD'), reason: v.reason.trim() })}
      >
        <Form.Item label="单位" name="unitCode" rules={[{ required: true, message: '请选择单位' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择或搜索单位"
            options={rows.map((r) => ({ value: r.unitCode, label: `${r.unitName}（${r.unitCode}）` }))}
          />
        </Form.Item>
        <Form.Item label="期次" name="periodCode" rules={[{ required: true, message: '请选择期次' }]}>
          <Select placeholder="选择期次" options={periods.map((p) => ({ value: p.code, label: p.name }))} />
        </Form.Item>
        {period && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            原截止日期 {formatDateZh(period.due)}
            {cell && cell.deadline !== period.due ? `，该单位已延期至 ${formatDateZh(cell.deadline)}` : ''}
            {cell?.submittedAt ? '。该单位本期已报送，延期会改变其按时与否的判定。' : ''}
          </Typography.Paragraph>
        )}
        <Form.Item
          label="新的截止日期"
          name="due"
          dependencies={['periodCode']}
          rules={[
            { required: true, message: '请选择新的截止日期' },
            {
              validator: (_, v: Dayjs | undefined) =>
                !v || !period || v.format('YYYY-MM-DD') > period.due
                  ? Promise.resolve()
                  : Promise.reject(new Error(`应晚于原截止日期${formatDateZh(period.due)}`)),
            },
          ]}
        >
          <BusinessDatePicker
            style={{ width: '100%' }}
            format={DATE_FORMATS}
            disabledDate={(d) => Boolean(period && d.isBefore(dayjs(period.due).add(1, 'day'), 'day'))}
            placeholder="选择日期"
          />
        </Form.Item>
        <Form.Item
          label="延期理由"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写延期理由' },
            { validator: (_, v: string | undefined) => (!v || v.trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error('理由至少 2 个字'))) },
            { max: 500, message: '理由不超过 500 字' },
          ]}
          extra="理由会随通知发给该单位，并记入审计日志。"
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
