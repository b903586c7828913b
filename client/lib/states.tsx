import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { errorInfo } from './trpc';

/** Loading, error and empty states in one place, so every view shows them the same way. */
export function QueryState(props: {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  rows?: number;
  children: ReactNode;
}) {
  if (props.loading) return <Skeleton active paragraph={{ rows: props.rows ?? 6 }} />;
  if (props.error) {
    return (
      <Alert
        type="error"
        showIcon
        title="加载失败"
        description={errorInfo(props.error).message}
        action={props.onRetry && <Button onClick={props.onRetry}>重试</Button>}
      />
    );
  }
  if (props.empty) return <Empty description={props.emptyText ?? '暂无数据'} />;
  return <>{props.children}</>;
}
