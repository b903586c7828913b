import { useEffect, type RefObject } from 'react';

const SCROLLERS = '.ant-table-content, .ant-table-body';

/**
 * A table wider than its card scrolls inside the card (styles.css); keyboard users must be able to
 * reach and scroll it too (WCAG 2.1.1, axe `scrollable-region-focusable`). Whenever the content under
 * `root` changes or the window is resized, every table scroll box that actually overflows becomes a
 * focusable, named region; one that fits loses that again.
 */
export function useScrollableRegions(root: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      for (const box of el.querySelectorAll<HTMLElement>(SCROLLERS)) {
        const overflows = box.scrollWidth > box.clientWidth + 1;
        if (overflows && box.getAttribute('tabindex') !== '0') {
          box.setAttribute('tabindex', '0');
          box.setAttribute('role', 'region');
          box.setAttribute('aria-label', '表格（可左右滚动）');
        } else if (!overflows && box.getAttribute('role') === 'region') {
          box.removeAttribute('tabindex');
          box.removeAttribute('role');
          box.removeAttribute('aria-label');
        }
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(el, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [root]);
}
