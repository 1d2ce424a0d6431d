import { useEffect, useId, useRef } from 'react';

/**
 * The native modal <dialog> driven by state: showModal() makes the rest of the
 * page inert and keeps focus inside without a focus trap of our own, and Esc
 * closes it. `restoreFocus` (the dialog's `close` handler) gives focus back to
 * whatever opened it. `initialFocus` names the element to start at instead of the
 * first control showModal() focuses (a title, where a screen reader should start);
 * `fallbackFocus` where focus goes back to when the opener is gone (the page changed under the dialog).
 */
export function useModalDialog(open: boolean, { initialFocus, fallbackFocus }: { initialFocus?: string; fallbackFocus?: string } = {}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      if (initialFocus) dialog.querySelector<HTMLElement>(initialFocus)?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, initialFocus]);

  /**
   * The `close` event arrives as a task after Esc's `cancel`: by then a quick
   * Enter on the opener may have opened the dialog again. Such a stale close
   * is ignored (false), so it neither moves focus nor reports "closed".
   */
  const restoreFocus = (): boolean => {
    if (ref.current?.open) return false;
    const back = opener.current?.isConnected ? opener.current : fallbackFocus ? document.querySelector<HTMLElement>(fallbackFocus) : null;
    back?.focus();
    opener.current = null;
    return true;
  };

  return { ref, titleId, restoreFocus };
}
