import { Card, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { MIN_DISCLOSURE_WEIGHT, type Scheme, type SchemeProblem } from '../../../shared/scheme';
import { toFixedHalfUp } from '../../../shared/format';
import { percentToWeight, problemsExactly, weightToPercent } from './model';

/** Title and the disclosure weight in the annual assessment (clause 十四: at least 4%). */
export function BasicSection(props: { scheme: Scheme; problems: SchemeProblem[]; readOnly: boolean; onChange: (patch: Partial<Scheme>) => void }) {
  const { scheme, problems, readOnly } = props;
  const titleProblems = problemsExactly(problems, 'title');
  const weightProblems = problemsExactly(problems, 'disclosureWeight', 'minDisclosureWeight');
  const min = Math.max(MIN_DISCLOSURE_WEIGHT, scheme.minDisclosureWeight ?? 0);
  const example = 87.5 * scheme.disclosureWeight;
  return (
    <Card title="基本信息" size="small">
      <Form layout="vertical" component="div">
        <Row gutter={24}>
          <Col xs={24} lg={14}>
            <Form.Item
              label="方案名称"
              required
              validateStatus={titleProblems.length ? 'error' : undefined}
              help={titleProblems.map((p) => p.message).join('；') || undefined}
            >
              <Input value={scheme.title} disabled={readOnly} maxLength={100} onChange={(e) => props.onChange({ title: e.target.value })} aria-label="方案名称" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={10}>
            <Form.Item
              label="政务公开在年度综合考核中的权重"
              required
              validateStatus={weightProblems.length ? 'error' : undefined}
              help={
                weightProblems.length ? (
                  weightProblems.map((p) => p.message).join('；')
                ) : (
                  <span>
                    方案第十四条：政务公开工作“所占分值权重不低于4%”，权重须 ≥ {toFixedHalfUp(min * 100, 0)}%。
                    按当前权重，政务公开得分 87.5 分计入年度考核 {toFixedHalfUp(example, 2)} 分。
                  </span>
                )
              }
            >
              <InputNumber<number>
                value={weightToPercent(scheme.disclosureWeight)}
                min={0}
                max={100}
                step={1}
                suffix="%"
                disabled={readOnly}
                style={{ width: 160 }}
                aria-label="政务公开考核权重（百分比）"
                onChange={(v) => props.onChange({ disclosureWeight: percentToWeight(v ?? 0) })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">
          考核年度 {scheme.year}。该年度的填报、评分和排名均按本方案执行；每次保存后版本号加一。
        </Typography.Text>
      </Form>
    </Card>
  );
}
