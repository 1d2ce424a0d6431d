import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from './useModalDialog';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** A confirmation in the native modal <dialog> (useModalDialog): Cancel first, the destructive choice second. */
export function ConfirmDialog({ open, title, children, confirmLabel, busy = false, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  const { ref, titleId, restoreFocus } = useModalDialog(open);
  const closed = () => {
    if (restoreFocus()) onClose();
  };

  return (
    // Esc fires `cancel` at once but `close` only later, as a task, while Chrome already gives focus back:
    // saying "closed" on `cancel` keeps a quick Enter on the opener from finding the dialog still "open".
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={onClose} onClose={closed}>
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
