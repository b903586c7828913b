import { Col, Row, Typography } from 'antd';
import type { RouterOutputs } from '../../../server/root';
import { ENTITY_NAMES } from './actions';

type Entry = RouterOutputs['audit']['list']['rows'][number];

function Json({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      {value === null || value === undefined ? (
        <div>
          <Typography.Text type="secondary">（无）</Typography.Text>
        </div>
      ) : (
        <pre
          style={{ maxHeight: 360, overflow: 'auto', background: '#fafafa', border: '1px solid #f0f0f0', padding: 8, margin: '4px 0 0', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          tabIndex={0}
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** An entry's before and after, pretty-printed side by side. */
export function JsonDiff({ entry }: { entry: Entry }) {
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        对象：{ENTITY_NAMES[entry.entity] ?? entry.entity}
        {entry.entityId ? ` #${entry.entityId}` : ''}
        {entry.ip ? ` · IP ${entry.ip}` : ''}
        {entry.accountId ? ` · 账号编号 ${entry.accountId}` : ''}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Json title="修改前" value={entry.before} />
        </Col>
        <Col xs={24} lg={12}>
          <Json title="修改后" value={entry.after} />
        </Col>
      </Row>
    </div>
  );
}
