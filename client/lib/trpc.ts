import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/root';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => {
          if (err instanceof TRPCClientError) {
            const status = (err.data as { httpStatus?: number } | undefined)?.httpStatus ?? 500;
            if (status < 500) return false;
          }
          return count < 2;
        },
      },
    },
  });
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc', maxURLLength: 4000 })],
  });
}

export interface FieldError {
  path: string;
  message: string;
  /** Set on problems of report values: the indicator and field concerned. */
  indicator?: string;
  field?: string;
}

/** Message and per-field errors of a failed call, in Chinese. */
export function errorInfo(err: unknown): { message: string; code?: string; fieldErrors: FieldError[] } {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; fieldErrors?: FieldError[] | null } | undefined;
    return { message: err.message, code: data?.code, fieldErrors: data?.fieldErrors ?? [] };
  }
  if (err instanceof Error) return { message: err.message === 'Failed to fetch' ? '无法连接服务器，请检查网络' : err.message, fieldErrors: [] };
  return { message: '未知错误', fieldErrors: [] };
}
