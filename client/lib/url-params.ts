import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's URL parameters and a setter that changes some of them (an empty value removes one),
 * keeping the others, replacing the history entry — so a filtered view is a link.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { params, set };
}
