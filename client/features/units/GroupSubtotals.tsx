import { Card, Col, Progress, Row, Typography } from 'antd';
import { formatCents } from '../../../shared/format';
import { OKABE_ITO } from '../../lib/charts/palette';
import type { UnitScore } from './types';

/** Each group's score out of its points. */
export function GroupSubtotals({ groups }: { groups: UnitScore['groups'] }) {
  return (
    <Card title="分组得分" size="small">
      <Row gutter={[24, 12]}>
        {groups.map((g, i) => (
          <Col key={g.code} flex="1 1 180px">
            <Typography.Text>{g.name}</Typography.Text>
            <div>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid={`group-score-${g.code}`}>
                {formatCents(g.score)}
              </Typography.Text>
              <Typography.Text type="secondary"> / {formatCents(g.points)}</Typography.Text>
            </div>
            <Progress
              percent={g.points ? (g.score / g.points) * 100 : 0}
              showInfo={false}
              size="small"
              strokeColor={OKABE_ITO[i % OKABE_ITO.length]}
              aria-label={`${g.name} ${formatCents(g.score)} / ${formatCents(g.points)}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
