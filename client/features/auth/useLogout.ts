import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/** Signs out (this session, or with `everywhere` every session of the account) and starts afresh at the login page. */
export function useLogout(everywhere = false) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = {
    onSuccess: () => {
      queryClient.clear();
      window.location.assign('/');
    },
  };
  const one = useMutation(trpc.auth.logout.mutationOptions(options));
  const all = useMutation(trpc.auth.logoutEverywhere.mutationOptions(options));
  return everywhere ? all : one;
}
