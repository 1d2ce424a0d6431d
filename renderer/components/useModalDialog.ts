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

  const restoreFocus = () => {
    if (opener.current?.isConnected) opener.current.focus();
    opener.current = null;
  };

  return { ref, titleId, restoreFocus };
}
