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
    /** The password rules of the security policy, one sentence each. */
    passwordRules: q.data?.passwordRules ?? [],
    /** Days before the password expires, when within the warning period. */
    passwordExpiresInDays: q.data?.passwordExpiresInDays ?? null,
    previousLoginAt: q.data?.previousLoginAt ?? null,
    previousLoginIp: q.data?.previousLoginIp ?? null,
    failuresBefore: q.data?.failuresBefore ?? 0,
    loading: q.isLoading,
    unauthorized,
    error: q.error && !unauthorized ? q.error : null,
    refetch: q.refetch,
  };
}
