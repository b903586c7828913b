import { useCallback, useEffect, useRef } from 'react';

/**
 * Warns before unsaved changes are lost: on closing or reloading the tab (the browser's own prompt)
 * and on in-app navigation (menu clicks), by asking before `history.pushState`.
 *
 * The app uses <BrowserRouter>, where react-router's `useBlocker` is not available (it needs a data
 * router), so in-app navigation is guarded at the History API: react-router reads the location back
 * from `window.location` after pushing, so a refused push leaves it where it was.
 *
 * `allow()` lets a navigation made right away through without asking (after the page asked itself).
 */
export function useLeaveGuard(dirty: boolean, message: string) {
  const dirtyRef = useRef(dirty);
  const allowRef = useRef(false);
  const messageRef = useRef(message);
  useEffect(() => {
    dirtyRef.current = dirty;
    messageRef.current = message;
  }, [dirty, message]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const history = window.history;
    const originalPush = history.pushState;
    const guardedPush: History['pushState'] = function guardedPush(this: History, data, unused, url) {
      if (dirtyRef.current && !allowRef.current && !window.confirm(messageRef.current)) return;
      allowRef.current = false;
      originalPush.call(this, data, unused, url);
    };
    history.pushState = guardedPush;
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (history.pushState === guardedPush) history.pushState = originalPush;
    };
  }, []);

  /** The next navigation goes through without asking (the page already confirmed discarding). */
  const allow = useCallback(() => {
    allowRef.current = true;
    window.setTimeout(() => {
      allowRef.current = false;
    }, 0);
  }, []);
  return { allow };
}
