import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/** The signed-in account; `user` is null when signed out. */
export function useMe() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: 5 * 60_000 });
  const unauthorized = (q.error?.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
  return {
    user: q.data?.user ?? null,
    roleName: q.data?.roleName ?? '',
    loading: q.isLoading,
    unauthorized,
    error: q.error && !unauthorized ? q.error : null,
    refetch: q.refetch,
  };
}
