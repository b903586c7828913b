import { useMemo, useState } from 'react';
import { Alert, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { validateScheme, type Indicator, type IndicatorValueLabels, type ReportingLevel, type RollupMode, type Scheme, type ScoringRule } from '../../../shared/scheme';
import { annualCellOptions } from '../../../shared/annual-report/indicator-cells';
import { DateField } from './DateField';
import { describeIndicator, RULE_NAMES } from '../../../shared/rule-description';
import { clean, EVIDENCE_NAMES, friendlyProblems, LEVEL_NAMES, MODE_NAMES, percentToWeight, problemsAt, weightToPercent, withRule } from './model';

const RULES = Object.keys(RULE_NAMES) as ScoringRule[];
const MODES = Object.keys(MODE_NAMES) as RollupMode[];

export interface IndicatorEdit {
  /** Index in the scheme's indicators, or null for a new one (appended to its group). */
  idx: number | null;
  indicator: Indicator;
}

/**
 * Edits one indicator. Changes stay in the drawer until 确定; the problems shown are those the whole
 * scheme would have with this version of the indicator.
 */
export function IndicatorDrawer(props: {
  edit: IndicatorEdit;
  scheme: Scheme;
  reportsByIndicator: Record<string, number>;
  readOnly: boolean;
  onApply: (ind: Indicator) => void;
  onClose: () => void;
}) {
  const { edit, scheme, readOnly } = props;
  const [ind, setInd] = useState<Indicator>(edit.indicator);
  const set = (patch: Partial<Indicator>) => setInd((cur) => clean({ ...cur, ...patch }));
  const setLabel = (key: keyof IndicatorValueLabels, v: string) =>
    setInd((cur) => {
      const value = clean({ ...cur.value, [key]: v.trim() ? v : undefined });
      return clean({ ...cur, value: Object.keys(value).length ? value : undefined });
    });
  const setPoints = (level: ReportingLevel, v: number | null) =>
    setInd((cur) => {
      const points = { ...cur.points };
      if (v === null) delete points[level];
      else points[level] = v;
      return { ...cur, points };
    });

  const originalCode = edit.idx === null ? null : scheme.indicators[edit.idx].code;
  const used = originalCode ? (props.reportsByIndicator[originalCode] ?? 0) : 0;
  const idx = edit.idx ?? scheme.indicators.length;
  const problems = useMemo(() => {
    const indicators = edit.idx === null ? [...scheme.indicators, ind] : scheme.indicators.map((x, i) => (i === edit.idx ? ind : x));
    const r = validateScheme({ ...scheme, indicators });
    return r.ok ? [] : problemsAt(friendlyProblems(r.problems), `indicators.${idx}`);
  }, [scheme, ind, edit.idx, idx]);
  const err = (field: string) => {
    const list = problems.filter((p) => p.path === `indicators.${idx}.${field}` || p.path.startsWith(`indicators.${idx}.${field}.`));
    return list.length ? { validateStatus: 'error' as const, help: list.map((p) => p.message).join('；') } : {};
  };
  const rollupSources = scheme.indicators.filter((i) => i.code !== ind.code && i.points.county !== undefined);
  const sourceOptions = rollupSources.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));

  return (
    <Drawer
      open
      size={680}
      title={edit.idx === null ? '新增指标' : `${readOnly ? '查看' : '编辑'}指标 ${edit.indicator.code}`}
      onClose={props.onClose}
      destroyOnHidden
      // The body scrolls in the region below, which the keyboard can reach even when a read-only form has no field to focus.
      styles={{ body: { padding: 0, overflow: 'hidden', display: 'flex', flexDirection: 'column' } }}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>{readOnly ? '关闭' : '取消'}</Button>
          {!readOnly && (
            <Button type="primary" onClick={() => props.onApply(ind)} disabled={!ind.code.trim() || !ind.name.trim()}>
              确定
            </Button>
          )}
        </Space>
      }
    >
      <div className="drawer-scroll" tabIndex={0} role="region" aria-label={`指标 ${edit.indicator.code || '（新增）'}的定义`}>
        <Form layout="vertical" component="div" disabled={readOnly}>
          {problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="该指标当前有以下问题（保存方案前须修正）"
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.map((p) => (
                    <li key={`${p.path}:${p.message}`}>{p.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="指标代码" required {...err('code')} extra={used ? `已有 ${used} 份报告填报了该指标，代码不能修改` : undefined}>
                <Input value={ind.code} disabled={readOnly || used > 0} onChange={(e) => set({ code: e.target.value.trim() })} aria-label="指标代码" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item label="所属分组" required {...err('group')}>
                <Select
                  value={ind.group}
                  onChange={(group: string) => set({ group })}
                  options={scheme.groups.map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
                  aria-label="所属分组"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="指标名称" required {...err('name')}>
            <Input.TextArea value={ind.name} autoSize={{ minRows: 1, maxRows: 3 }} onChange={(e) => set({ name: e.target.value })} aria-label="指标名称" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="方案条款" {...err('clause')}>
                <Input value={ind.clause ?? ''} placeholder="如 二、十四" onChange={(e) => set({ clause: e.target.value || undefined })} aria-label="方案条款" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item label="牵头处室" {...err('owner')}>
                <Input value={ind.owner ?? ''} placeholder="如 住房保障处" onChange={(e) => set({ owner: e.target.value || undefined })} aria-label="牵头处室" />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start" plain>
            分值
          </Divider>
          <Row gutter={16}>
            {(['city', 'county'] as const).map((level) => (
              <Col span={12} key={level}>
                <Form.Item label={`${LEVEL_NAMES[level]}分值`} {...err(`points.${level}`)} extra="留空表示不适用于该层级">
                  <InputNumber<number>
                    value={ind.points[level] ?? null}
                    min={0}
                    max={100}
                    placeholder="不适用"
                    suffix="分"
                    onChange={(v) => setPoints(level, v)}
                    style={{ width: '100%' }}
                    aria-label={`${LEVEL_NAMES[level]}分值`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
          {problems
            .filter((p) => p.path === `indicators.${idx}.points`)
            .map((p) => (
              <Typography.Paragraph key={p.message} type="danger">
                {p.message}
              </Typography.Paragraph>
            ))}

          <Divider titlePlacement="start" plain>
            评分规则
          </Divider>
          <Form.Item label="评分规则" required {...err('rule')} extra={describeIndicator(ind, scheme.indicators)}>
            <Select<ScoringRule>
              value={ind.rule}
              onChange={(rule) => setInd((cur) => withRule(cur, rule))}
              options={RULES.map((r) => ({ value: r, label: `${RULE_NAMES[r]}（${r}）` }))}
              aria-label="评分规则"
            />
          </Form.Item>

          {ind.rule === 'deadline' && (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label="截止日期" required {...err('deadline')}>
                  <DateField value={ind.deadline} onChange={(d) => set({ deadline: d })} allowClear disabled={readOnly} ariaLabel="截止日期" width={200} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="逾期每月扣分" {...err('deductPerMonth')} extra="不足一个月按一个月计，扣完为止">
                  <InputNumber<number>
                    value={ind.deductPerMonth ?? null}
                    min={0}
                    max={100}
                    suffix="分/月"
                    onChange={(v) => set({ deductPerMonth: v ?? undefined })}
                    style={{ width: '100%' }}
                    aria-label="逾期每月扣分"
                  />
                </Form.Item>
              </Col>
            </Row>
          )}
          {ind.rule === 'ratio' && (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label="目标完成率" required {...err('target')} extra="达到目标即得满分">
                  <InputNumber<number>
                    value={ind.target === undefined ? null : weightToPercent(ind.target)}
                    min={0.01}
                    max={1000}
                    suffix="%"
                    onChange={(v) => set({ target: v === null ? undefined : percentToWeight(v) })}
                    style={{ width: '100%' }}
                    aria-label="目标完成率"
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="分母为 0 时" {...err('fullWhenNone')}>
                  <Space>
                    <Switch checked={Boolean(ind.fullWhenNone)} onChange={(v) => set({ fullWhenNone: v || undefined })} aria-label="分母为 0 时得满分" />
                    <span>{ind.fullWhenNone ? '得满分（本年度无此项任务）' : '得 0 分'}</span>
                  </Space>
                </Form.Item>
              </Col>
            </Row>
          )}
          {ind.rule === 'count' && (
            <Form.Item label="目标数量" required {...err('target')} extra="达到目标即得满分">
              <InputNumber<number>
                value={ind.target ?? null}
                min={0.01}
                suffix={ind.value?.unit}
                onChange={(v) => set({ target: v ?? undefined })}
                style={{ width: 200 }}
                aria-label="目标数量"
              />
            </Form.Item>
          )}
          {ind.rule === 'rollup' && (
            <Row gutter={16}>
              <Col span={14}>
                <Form.Item label="汇总来源指标（县级）" required {...err('of')}>
                  <Select value={ind.of} onChange={(of: string) => set({ of })} options={sourceOptions} placeholder="选择县(市、区)填报的指标" aria-label="汇总来源指标" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label="汇总方式" required {...err('mode')}>
                  <Select<RollupMode> value={ind.mode} onChange={(mode) => set({ mode })} options={MODES.map((m) => ({ value: m, label: MODE_NAMES[m] }))} aria-label="汇总方式" />
                </Form.Item>
              </Col>
            </Row>
          )}
          {ind.rule !== 'rollup' && (
            <Form.Item
              label="设区市得分"
              {...err('cityRule')}
              extra="开启后，设区市该指标不自行填报，而由所辖县(市、区)的数值汇总计算（分子分母分别求和）"
            >
              <Space wrap>
                <Switch
                  checked={Boolean(ind.cityRule)}
                  onChange={(on) => set({ cityRule: on ? { rule: 'rollup', of: ind.code, mode: ind.rule === 'deadline' ? 'share-on-time' : 'sum-ratio' } : undefined })}
                  aria-label="设区市按所辖县汇总"
                />
                <span>{ind.cityRule ? '按所辖县(市、区)汇总' : '设区市自行填报'}</span>
                {ind.cityRule && (
                  <>
                    <Select
                      value={ind.cityRule.of}
                      style={{ width: 200 }}
                      onChange={(of: string) => ind.cityRule && set({ cityRule: { ...ind.cityRule, of } })}
                      options={[...(ind.points.county !== undefined ? [{ value: ind.code, label: `${ind.code}（本指标）` }] : []), ...sourceOptions]}
                      aria-label="设区市汇总来源指标"
                    />
                    <Select<RollupMode>
                      value={ind.cityRule.mode}
                      style={{ width: 140 }}
                      onChange={(mode) => ind.cityRule && set({ cityRule: { ...ind.cityRule, mode } })}
                      options={MODES.map((m) => ({ value: m, label: MODE_NAMES[m] }))}
                      aria-label="设区市汇总方式"
                    />
                  </>
                )}
              </Space>
            </Form.Item>
          )}

          <Divider titlePlacement="start" plain>
            填报与佐证
          </Divider>
          <Form.Item label="佐证材料" {...err('evidence')} extra="网页链接或上传的 PDF、图片">
            <Select<'required' | 'optional' | 'none'>
              value={ind.evidence ?? 'none'}
              onChange={(v) => set({ evidence: v === 'none' ? undefined : v })}
              options={[
                { value: 'required', label: EVIDENCE_NAMES.required },
                { value: 'optional', label: EVIDENCE_NAMES.optional },
                { value: 'none', label: '不要求' },
              ]}
              style={{ width: 200 }}
              aria-label="佐证材料"
            />
          </Form.Item>
          {(ind.rule === 'deadline' || ind.rule === 'ratio' || ind.rule === 'count') && (
            <Row gutter={16}>
              {ind.rule === 'deadline' && <LabelField label="完成日期的名称" k="date" placeholder="如 目录编制完成日期" ind={ind} onChange={setLabel} />}
              {ind.rule === 'ratio' && <LabelField label="分子名称" k="numerator" placeholder="如 已完成改造套数" ind={ind} onChange={setLabel} />}
              {ind.rule === 'ratio' && <LabelField label="分母名称" k="denominator" placeholder="如 年度计划改造套数" ind={ind} onChange={setLabel} />}
              {ind.rule === 'count' && <LabelField label="数量名称" k="count" placeholder="如 已发布通报期数" ind={ind} onChange={setLabel} />}
              {ind.rule !== 'deadline' && <LabelField label="计量单位" k="unit" placeholder="如 套、件、期" ind={ind} onChange={setLabel} span={6} />}
            </Row>
          )}
          <Typography.Text type="secondary">填报表中显示这些名称；留空时使用通用名称。</Typography.Text>
          {(ind.rule === 'ratio' || ind.rule === 'count') && (
            <>
              <Divider titlePlacement="start" plain>
                从政府信息公开工作年度报告取数
              </Divider>
              <Typography.Paragraph type="secondary">
                选择后，该项数值取自本单位当年已采纳的年度报告的对应单元格（单位无需在进度报告中填写；年度报告未采纳时按未填报计），得分说明中写明所取的表和单元格。
              </Typography.Paragraph>
              <Row gutter={16}>
                {(ind.rule === 'ratio' ? (['numerator', 'denominator'] as const) : (['count'] as const)).map((f) => (
                  <Col key={f} xs={24} md={12}>
                    <Form.Item label={`${ind.value?.[f] || (f === 'numerator' ? '分子' : f === 'denominator' ? '分母' : '数量')}取自`} {...err(`annual.${f}`)}>
                      <Select<string>
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        value={ind.annual?.[f]}
                        placeholder="不取自年度报告（由单位填报）"
                        options={annualCellOptions()}
                        onChange={(cell) => set({ annual: cleanAnnual({ ...ind.annual, [f]: cell || undefined }) })}
                        aria-label={`${f === 'numerator' ? '分子' : f === 'denominator' ? '分母' : '数量'}取自年度报告单元格`}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </>
          )}
        </Form>
      </div>
    </Drawer>
  );
}

/** The mapping without unset fields; none at all → no mapping. */
function cleanAnnual(a: NonNullable<Indicator['annual']>): Indicator['annual'] {
  const out = Object.fromEntries(Object.entries(a).filter(([, v]) => v)) as NonNullable<Indicator['annual']>;
  return Object.keys(out).length ? out : undefined;
}

function LabelField(props: {
  label: string;
  k: keyof IndicatorValueLabels;
  placeholder: string;
  ind: Indicator;
  span?: number;
  onChange: (k: keyof IndicatorValueLabels, v: string) => void;
}) {
  return (
    <Col span={props.span ?? 9}>
      <Form.Item label={props.label}>
        <Input value={props.ind.value?.[props.k] ?? ''} placeholder={props.placeholder} onChange={(e) => props.onChange(props.k, e.target.value)} aria-label={props.label} />
      </Form.Item>
    </Col>
  );
}
