import { BusinessDatePicker } from '../../lib/BusinessDatePicker';
import { App, Form, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { errorInfo, useTRPC } from '../../lib/trpc';
import type { RouterOutputs } from '../../../server/root';
import { DATE_FORMATS } from './dates';
import { formatDateZh } from '../../../shared/dates';

export type PeriodRow = RouterOutputs['periods']['list'][number];

interface Values {
  opens: Dayjs;
  due: Dayjs;
  locks: Dayjs;
}
type Field = keyof Values;
const FIELDS: Field[] = ['opens', 'due', 'locks'];
const NAMES: Record<Field, string> = { opens: '开始填报', due: '截止日期', locks: '锁定日期' };

const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

/** Edits a period's opening, due and lock dates; asks before saving because deadlines decide timeliness. */
export function EditPeriodModal({ period, onClose }: { period: PeriodRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useMutation(
    trpc.periods.update.mutationOptions({
      onSuccess: async (p) => {
        message.success(`已保存${p.name}的日期`);
        onClose();
        await Promise.all([queryClient.invalidateQueries(trpc.periods.pathFilter()), queryClient.invalidateQueries(trpc.reviews.pathFilter())]);
      },
      onError: (err) => {
        const info = errorInfo(err);
        const known = info.fieldErrors.filter((f): f is { path: Field; message: string } => (FIELDS as string[]).includes(f.path));
        if (known.length) form.setFields(known.map((f) => ({ name: f.path, errors: [f.message] })));
        if (!known.length || known.length !== info.fieldErrors.length) message.error(info.message);
      },
    }),
  );

  const confirm = (v: Values) => {
    if (!period) return;
    const next = { opens: iso(v.opens), due: iso(v.due), locks: iso(v.locks) };
    const changed = FIELDS.filter((f) => next[f] !== period[f]);
    if (!changed.length) {
      message.info('日期没有变化');
      return;
    }
    modal.confirm({
      title: `确认修改${period.name}的日期？`,
      content: (
        <div>
          <ul style={{ paddingLeft: 18, margin: '8px 0' }}>
            {changed.map((f) => (
              <li key={f}>
                {NAMES[f]}：{formatDateZh(period[f])} → <strong>{formatDateZh(next[f])}</strong>
              </li>
            ))}
          </ul>
          {changed.includes('due') && <Typography.Text type="warning">修改截止日期会改变各单位本期按时 / 逾期的判定。</Typography.Text>}
        </div>
      ),
      okText: '确认保存',
      cancelText: '取消',
      onOk: () => update.mutateAsync({ code: period.code, ...next }).catch(() => undefined),
    });
  };

  const orderRule = (field: 'due' | 'locks') => ({
    validator: (_: unknown, v: Dayjs | undefined) => {
      const before: Field = field === 'due' ? 'opens' : 'due';
      const other = form.getFieldValue(before) as Dayjs | undefined;
      if (!v || !other || !v.isBefore(other, 'day')) return Promise.resolve();
      return Promise.reject(new Error(`${NAMES[field]}不能早于${NAMES[before]}（${formatDateZh(iso(other))}）`));
    },
  });

  return (
    <Modal
      open={period !== null}
      title={period ? `修改期次日期 · ${period.name}` : ''}
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      {period && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ opens: dayjs(period.opens), due: dayjs(period.due), locks: dayjs(period.locks) }}
          onFinish={confirm}
        >
          <Typography.Paragraph type="secondary">日期须满足：开始填报 ≤ 截止日期 ≤ 锁定日期。截止日期后至锁定日期前仍可报送，但计为逾期；锁定后不能再报送。</Typography.Paragraph>
          <Form.Item label="开始填报" name="opens" rules={[{ required: true, message: '请选择开始填报日期' }]}>
            <BusinessDatePicker style={{ width: '100%' }} allowClear={false} format={DATE_FORMATS} />
          </Form.Item>
          <Form.Item label="截止日期" name="due" dependencies={['opens']} rules={[{ required: true, message: '请选择截止日期' }, orderRule('due')]}>
            <BusinessDatePicker style={{ width: '100%' }} allowClear={false} format={DATE_FORMATS} />
          </Form.Item>
          <Form.Item label="锁定日期" name="locks" dependencies={['due']} rules={[{ required: true, message: '请选择锁定日期' }, orderRule('locks')]}>
            <BusinessDatePicker style={{ width: '100%' }} allowClear={false} format={DATE_FORMATS} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
