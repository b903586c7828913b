import { App, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';

/** The office shows (or hides) the year's published divisions' ranking on the public page `/public`. */
export function DivisionsPublicSwitch({ year, published }: { year: number; published: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const settings = useQuery(trpc.publicResults.settings.queryOptions());
  const set = useMutation(
    trpc.publicResults.setDivisionsPublic.mutationOptions({
      onSuccess: async (r) => {
        message.success(r.public ? `${year} 年度厅机关处室排名已在公开页面显示` : `${year} 年度厅机关处室排名已从公开页面撤下`);
        await qc.invalidateQueries({ queryKey: trpc.publicResults.settings.queryKey() });
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const current = settings.data?.find((s) => s.year === year)?.divisionsPublic ?? false;
  return (
    <Space wrap>
      <Switch
        checked={current}
        loading={settings.isLoading || set.isPending}
        disabled={!published}
        onChange={(v) => set.mutate({ year, public: v })}
        aria-label="在公开页面显示厅机关处室排名"
      />
      <Typography.Text>
        在<a href="/public" target="_blank" rel="noreferrer">公开页面</a>显示已发布的厅机关处室排名
        {!published && <Typography.Text type="secondary">（发布排名后可设置）</Typography.Text>}
      </Typography.Text>
    </Space>
  );
}
