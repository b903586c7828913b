import { Typography } from 'antd';
import { AUDIT_ENTITY_NAMES, auditDetailLine } from '../../../shared/audit';
import type { AuditEntry } from './types';

/** An entry's details, one 字段：修改前 → 修改后 per line, as the shared formatter words them. */
export function AuditDetails({ entry }: { entry: AuditEntry }) {
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        对象：{AUDIT_ENTITY_NAMES[entry.entity] ?? '其他'}
        {entry.entityId ? ` ${entry.entityId.length > 20 ? `${entry.entityId.slice(0, 16)}…` : `#${entry.entityId}`}` : ''}
        {entry.ip ? ` · 来源地址 ${entry.ip}` : ''}
        {` · 记录编号 ${entry.id}`}
      </Typography.Paragraph>
      {entry.details.length === 0 ? (
        <Typography.Text type="secondary">（无修改内容）</Typography.Text>
      ) : (
        <ul className="audit-details">
          {entry.details.map((d, i) => (
            <li key={i}>{auditDetailLine(d)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
