import { memo, useState, type ReactNode } from 'react';
import { Alert, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Space, Tag, Typography } from 'antd';
import { annualCellName, annualSources } from '../../../shared/annual-report/indicator-cells';
import type { DescriptionsProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { IndicatorValue } from '../../../shared/report-values';
import type { Indicator, ReportingLevel } from '../../../shared/scheme';
import { earliestValueDate, fieldLabel, type ProblemField } from '../../../shared/validation';
import { EvidenceField, EvidenceFileLink, EvidenceUrlLink } from './EvidenceField';
import { clauseText, ratioText, ruleOf, valueLines, type ReportFlag } from './model';
import { describeRule } from '../../../shared/rule-description';
import { formatDateTimeZh } from '../../../shared/dates';

type Messages = Partial<Record<ProblemField, string>>;

export interface IndicatorItemProps {
  ind: Indicator;
  level: ReportingLevel;
  value: IndicatorValue | undefined;
  /** The same indicator in the unit's previous accepted quarter. */
  previous: IndicatorValue | undefined;
  errors: Messages | undefined;
  warnings: Messages | undefined;
  flags: ReportFlag[];
  readOnly: boolean;
  unitCode: string;
  today: string;
  year: number;
  onChange: (code: string, patch: Partial<IndicatorValue>) => void;
}

function status(errors: Messages | undefined, warnings: Messages | undefined, f: ProblemField) {
  const e = errors?.[f];
  const w = warnings?.[f];
  return { validateStatus: e ? ('error' as const) : w ? ('warning' as const) : undefined, help: e ?? w };
}

function IndicatorHeader({ ind, level }: { ind: Indicator; level: ReportingLevel }) {
  return (
    <>
      <Flex justify="space-between" align="start" gap={8} wrap>
        <Space size={6} align="start" style={{ flex: 1, minWidth: 260 }}>
          <Tag style={{ marginInlineEnd: 0 }}>{ind.code}</Tag>
          <Typography.Text strong>{ind.name}</Typography.Text>
        </Space>
        <Space size={4}>
          {ind.clause && <Typography.Text type="secondary">{clauseText(ind.clause)}</Typography.Text>}
          <Tag color="gold">{ind.points[level]} 分</Tag>
          {ind.evidence === 'required' && <Tag color="blue">须附证明材料</Tag>}
        </Space>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {describeRule(ind, level)}
        {ind.owner ? ` · 业务处室：${ind.owner}` : ''}
      </Typography.Text>
    </>
  );
}

function Flags({ flags }: { flags: ReportFlag[] }) {
  if (!flags.length) return null;
  return (
    <Flex vertical gap={6} style={{ marginTop: 8 }}>
      {flags.map((f) => (
        <Alert
          key={f.id}
          type={f.resolvedAt ? 'info' : 'warning'}
          showIcon
          title={`审核意见${f.resolvedAt ? '（已处理）' : ''}：${f.comment}`}
          description={`针对第 ${f.version} 版 · ${formatDateTimeZh(f.at)}`}
          style={{ padding: '6px 12px' }}
        />
      ))}
    </Flex>
  );
}

const NUMBER_TEXT = /^[-+]?[\d,，０-９]*([.．][\d０-９]*)?$/;

/**
 * A number box that says why typed letters do not stay: the box keeps only numbers and puts the last
 * number back when it loses focus, which would otherwise look like the input was silently lost.
 */
function NumberBox({ value, onChange, unit, label }: { value: number | null; onChange: (v: number | null) => void; unit?: string; label: string }) {
  const [rejected, setRejected] = useState<string | null>(null);
  return (
    <>
      <InputNumber<number>
        value={value}
        onChange={(v) => {
          setRejected(null);
          onChange(v);
        }}
        onInput={(text) => setRejected(NUMBER_TEXT.test(text.trim()) ? null : text)}
        status={rejected ? 'warning' : undefined}
        suffix={unit}
        style={{ width: 200 }}
        aria-label={label}
      />
      {rejected !== null && (
        <Typography.Text type="warning" role="status" style={{ display: 'block', fontSize: 12 }}>
          “{rejected}”不是数字：这里只能填写数字（如 120），离开输入框后将恢复为原来的值
        </Typography.Text>
      )}
    </>
  );
}

function previousHint(prev: IndicatorValue | undefined, field: 'numerator' | 'count', unit: string | undefined) {
  const x = prev?.[field];
  return typeof x === 'number' ? `上季度已采纳：${x}${unit ? ` ${unit}` : ''}` : undefined;
}

/** The inputs of the indicator's rule (date, numerator/denominator, count or yes/no) plus extra figures. */
function RuleInputs({ ind, level, value, previous, errors, warnings, today, year, onChange }: Omit<IndicatorItemProps, 'flags' | 'readOnly' | 'unitCode'>) {
  const set = (patch: Partial<IndicatorValue>) => onChange(ind.code, patch);
  const unit = ind.value?.unit;
  const fromAnnual = new Map(annualSources(ind, level).map((a) => [a.field, a.cell]));
  const num = (field: 'numerator' | 'denominator' | 'count', extra?: string) =>
    fromAnnual.has(field) ? (
      <Form.Item key={field} label={fieldLabel(ind, field)} style={{ width: 220, marginBottom: 12 }}>
        <Typography.Text type="secondary">无需填写：取自本单位已采纳的年度报告{annualCellName(fromAnnual.get(field)!)}</Typography.Text>
      </Form.Item>
    ) : (
      <Form.Item key={field} label={fieldLabel(ind, field)} {...status(errors, warnings, field)} extra={extra} style={{ width: 220, marginBottom: 12 }}>
        <NumberBox value={value?.[field] ?? null} onChange={(v) => set({ [field]: v })} unit={unit} label={fieldLabel(ind, field)} />
      </Form.Item>
    );
  const rule = ruleOf(ind, level);
  const earliest = earliestValueDate(year);
  let inputs: ReactNode = null;
  if (rule === 'deadline') {
    inputs = (
      <Form.Item label={fieldLabel(ind, 'date')} {...status(errors, warnings, 'date')} style={{ width: 220, marginBottom: 12 }}>
        <DatePicker
          value={value?.date ? dayjs(value.date) : null}
          onChange={(d: Dayjs | null) => set({ date: d ? d.format('YYYY-MM-DD') : null })}
          disabledDate={(d) => d.isAfter(dayjs(today), 'day') || d.isBefore(dayjs(earliest), 'day')}
          placeholder="未完成可留空"
          style={{ width: 200 }}
          aria-label={fieldLabel(ind, 'date')}
        />
      </Form.Item>
    );
  } else if (rule === 'ratio') {
    const pct = ratioText(value?.numerator, value?.denominator, ind.fullWhenNone);
    inputs = (
      <>
        {num('numerator', previousHint(previous, 'numerator', unit))}
        {num('denominator')}
        <Form.Item label="完成率" style={{ marginBottom: 12 }}>
          <Typography.Text strong style={{ fontSize: 16, lineHeight: '32px' }}>
            {pct || '—'}
          </Typography.Text>
        </Form.Item>
      </>
    );
  } else if (rule === 'count') {
    inputs = num('count', previousHint(previous, 'count', unit));
  } else if (rule === 'boolean') {
    inputs = (
      <Form.Item label="是否完成" {...status(errors, warnings, 'yes')} style={{ minWidth: 220, marginBottom: 12 }}>
        <Radio.Group
          value={value?.yes ?? null}
          onChange={(e) => set({ yes: e.target.value as boolean })}
          options={[
            { label: '是', value: true },
            { label: '否', value: false },
          ]}
          aria-label={`${ind.name}是否完成`}
        />
      </Form.Item>
    );
  }
  const extras = Object.entries(ind.extra ?? {});
  return (
    <Space wrap align="start" size={[16, 0]}>
      {inputs}
      {extras.map(([key, label]) => (
        <Form.Item key={key} label={label} {...status(errors, warnings, 'extra')} style={{ width: 220, marginBottom: 12 }}>
          <NumberBox value={value?.extra?.[key] ?? null} onChange={(v) => set({ extra: { ...(value?.extra ?? {}), [key]: v } })} label={label} />
        </Form.Item>
      ))}
    </Space>
  );
}

function ReadOnlyValue({ ind, level, value }: { ind: Indicator; level: ReportingLevel; value: IndicatorValue | undefined }) {
  const lines = valueLines(ind, level, value);
  if (!lines.length) {
    return (
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">未填报</Typography.Text>
      </div>
    );
  }
  // Two columns; links and the note take a whole row, and every row is filled (antd warns otherwise).
  const items: NonNullable<DescriptionsProps['items']> = [];
  let col = 0;
  const fillLast = () => {
    if (col === 1) items[items.length - 1].span = 'filled';
    col = 0;
  };
  for (const l of lines) {
    const wide = l.field === 'note' || l.field === 'evidenceUrl' || l.field === 'evidenceFile';
    if (wide) fillLast();
    items.push({
      key: l.field,
      label: l.label,
      span: wide ? 2 : 1,
      children:
        l.field === 'evidenceUrl' ? (
          <EvidenceUrlLink url={l.text} />
        ) : l.field === 'evidenceFile' ? (
          <EvidenceFileLink hash={l.text} />
        ) : (
          <span style={{ whiteSpace: 'pre-wrap' }}>{l.text}</span>
        ),
    });
    col = wide ? 0 : (col + 1) % 2;
  }
  fillLast();
  return <Descriptions size="small" column={2} items={items} style={{ marginTop: 8 }} />;
}

/** One indicator: header, hint, inputs (or the values read-only), evidence, note, reviewer flags. */
export const IndicatorItem = memo(function IndicatorItem(props: IndicatorItemProps) {
  const { ind, level, value, errors, warnings, flags, readOnly, unitCode, onChange } = props;
  const whole = errors?._ ?? warnings?._;
  const noteStatus = status(errors, warnings, 'note');
  return (
    <div id={`ind-${ind.code}`} style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0', scrollMarginTop: 16 }}>
      <IndicatorHeader ind={ind} level={level} />
      <Flags flags={flags} />
      {whole && <Alert type={errors?._ ? 'error' : 'warning'} showIcon title={whole} style={{ marginTop: 8 }} />}
      {readOnly ? (
        <ReadOnlyValue ind={ind} level={level} value={value} />
      ) : (
        <div style={{ marginTop: 8 }}>
          <RuleInputs {...props} />
          <EvidenceField
            indicatorName={ind.name}
            value={value}
            unitCode={unitCode}
            required={ind.evidence === 'required'}
            urlError={errors?.evidenceUrl}
            fileError={errors?.evidenceFile}
            onChange={(patch) => onChange(ind.code, patch)}
          />
          <Form.Item label="备注" {...noteStatus} style={{ marginBottom: 0 }}>
            <Input.TextArea
              value={value?.note ?? ''}
              onChange={(e) => onChange(ind.code, { note: e.target.value })}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              placeholder="备注（选填；数据低于上季度已采纳数时须说明原因）"
              aria-label={`${ind.name}备注`}
            />
          </Form.Item>
        </div>
      )}
    </div>
  );
});
