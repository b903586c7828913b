import { Button, DatePicker } from 'antd';
import type { DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';
import { formatDateZh } from '../../shared/dates';

/**
 * The business day ('YYYY-MM-DD') by the server's clock (the demo runs on 2019-01-25), or null
 * until it is known. Never the machine's date: deadlines, "today" and lateness all follow the server.
 */
export function useBusinessToday(): string | null {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.periods.current.queryOptions(), staleTime: 60_000 });
  return q.data?.today ?? null;
}

/**
 * antd's DatePicker on the business clock: its calendar opens on the business month, marks the
 * business day (not the machine's), and its 今天 button picks the business day.
 */
export function BusinessDatePicker(props: DatePickerProps<Dayjs, false>) {
  const today = useBusinessToday();
  const day = today ? dayjs(today) : null;
  const { onChange } = props;
  return (
    <DatePicker
      {...props}
      showNow={false}
      rootClassName={['business-picker', props.rootClassName].filter(Boolean).join(' ')}
      defaultPickerValue={props.defaultPickerValue ?? day ?? undefined}
      cellRender={(current, info) => {
        if (info.type !== 'date' || !dayjs.isDayjs(current)) return info.originNode;
        const isToday = today !== null && (current as Dayjs).format('YYYY-MM-DD') === today;
        return (
          <div className={`ant-picker-cell-inner${isToday ? ' business-today' : ''}`} title={isToday ? `今天（业务日期 ${formatDateZh(today)}）` : undefined}>
            {(current as Dayjs).date()}
          </div>
        );
      }}
      renderExtraFooter={
        day && onChange
          ? () => (
              <Button type="link" size="small" onClick={() => onChange(day, day.format('YYYY-MM-DD'))}>
                今天（{formatDateZh(today!)}）
              </Button>
            )
          : undefined
      }
    />
  );
}
