import { useEffect, useId, useRef } from 'react';

/**
 * The native modal <dialog> driven by state: showModal() makes the rest of the
 * page inert and keeps focus inside without a focus trap of our own, and Esc
 * closes it. `restoreFocus` (the dialog's `close` handler) gives focus back to
 * whatever opened it.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  /**
   * The `close` event arrives as a task after Esc's `cancel`: by then a quick
   * Enter on the opener may have opened the dialog again. Such a stale close
   * is ignored (false), so it neither moves focus nor reports "closed".
   */
  const restoreFocus = (): boolean => {
    if (ref.current?.open) return false;
    if (opener.current?.isConnected) opener.current.focus();
    opener.current = null;
    return true;
  };

  return { ref, titleId, restoreFocus };
}
