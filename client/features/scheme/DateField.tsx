import dayjs from 'dayjs';
import { BusinessDatePicker } from '../../lib/BusinessDatePicker';

/** A calendar date kept as 'YYYY-MM-DD', shown as 2018年12月31日 (typing 2018-12-31 works too). */
export function DateField(props: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  disabled?: boolean;
  error?: boolean;
  allowClear?: boolean;
  ariaLabel: string;
  width?: number;
}) {
  const value = props.value && /^\d{4}-\d{2}-\d{2}$/.test(props.value) && dayjs(props.value).isValid() ? dayjs(props.value) : null;
  return (
    <BusinessDatePicker
      value={value}
      onChange={(d) => props.onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      format={['YYYY年M月D日', 'YYYY-MM-DD', 'YYYYMMDD']}
      allowClear={props.allowClear ?? false}
      disabled={props.disabled}
      status={props.error ? 'error' : undefined}
      aria-label={props.ariaLabel}
      style={{ width: props.width ?? 150 }}
      placeholder="选择日期"
    />
  );
}
