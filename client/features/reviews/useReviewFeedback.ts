import { useCallback } from 'react';
import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';

/**
 * After a review action: refresh everything that shows report status; on failure explain why in
 * words a reviewer can act on, and refresh so the list shows the report as it now is.
 */
export function useReviewFeedback() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const refresh = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.reviews.pathFilter()),
        queryClient.invalidateQueries(trpc.periods.pathFilter()),
        queryClient.invalidateQueries(trpc.reports.pathFilter()),
      ]),
    [queryClient, trpc],
  );
  const onError = useCallback(
    (err: unknown) => {
      const info = errorInfo(err);
      if (info.code === 'CONFLICT') {
        modal.warning({
          title: '报告已被修改或已被处理',
          content: `${info.message}（待审核列表已刷新。）`,
          okText: '知道了',
        });
      } else if (info.code === 'FORBIDDEN') {
        modal.error({ title: '无权执行此操作', content: info.message, okText: '知道了' });
      } else if (info.code === 'NOT_FOUND') {
        message.error(`${info.message}，列表已刷新`);
      } else {
        message.error(info.message);
        return { handled: false, info };
      }
      void refresh();
      return { handled: true, info };
    },
    [message, modal, refresh],
  );
  return { refresh, onError, message };
}
