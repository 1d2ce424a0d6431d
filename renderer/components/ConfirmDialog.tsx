import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/**
 * The native modal <dialog>: showModal() makes the rest of the page inert and
 * keeps focus inside without a focus trap of our own, and Esc closes it. Focus
 * goes back to whatever opened it.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busy = false, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
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
    onClose();
  };

  return (
    // Esc fires `cancel` at once but `close` only later, as a task, while Chrome already gives focus back:
    // saying "closed" on `cancel` keeps a quick Enter on the opener from finding the dialog still "open".
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={onClose} onClose={restoreFocus}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="actions">
        {/* Cancel first: the safe choice takes the first focus in a dialog that destroys something. */}
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            onClose();
            ref.current?.close();
          }}
          autoFocus
        >
          {t('common.cancel')}
        </button>
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
