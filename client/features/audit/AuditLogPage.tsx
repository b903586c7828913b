import { Flex, Typography } from 'antd';
import { AuditLogView } from './AuditLogView';

/** 审计日志 (厅办公室): every write, newest first, in Chinese. */
export default function AuditLogPage() {
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
        审计日志
      </Typography.Title>
      <AuditLogView />
    </Flex>
  );
}
