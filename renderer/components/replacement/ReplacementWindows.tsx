import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatusStore } from '../../stores/status';
import { useReplacement } from '../../stores/management';
import { FocusHeading } from '../FocusHeading';
import { useModalDialog } from '../useModalDialog';
import { LanguageSwitch } from '../LanguageSwitch';
import { ReplacementCode } from './ReplacementCode';
import { ReplacementRequired } from './ReplacementRequired';
import { serverAddressText, type ServerAddress } from '../../../app/server-address';

const doneText = (server: ServerAddress | null) => (server ? serverAddressText(server) : '');

/**
 * "Certificate replacement required" → "Certificate replacement code" as one
 * full-screen native modal <dialog> (the web host's stand-in for the kiosk's
 * own windows): showModal() makes the page behind inert and keeps focus in,
 * with no focus trap of our own. It opens whenever main says a replacement is
 * required — also right at start — and cannot be dismissed while it is.
 */
export function ReplacementWindows() {
  const { t } = useTranslation();
  const management = useStatusStore((s) => s.status?.management ?? null);
  const step = useReplacement((s) => s.step);
  const next = useReplacement((s) => s.next);
  const doneServer = useReplacement((s) => s.doneServer);
  const reset = useReplacement((s) => s.reset);
  const required = management?.state === 'replacement-required';
  // The confirmation stays until the operator closes it, even though status is already back to 'ok'.
  const open = required || step === 'done';
  // showModal focuses the first control; the title is where a screen reader should start.
  const { ref, restoreFocus } = useModalDialog(open, { initialFocus: '#replacement-title', fallbackFocus: '#content' });

  useEffect(() => {
    // Replaced elsewhere (the CLI, a second screen) while the windows were open: they go away with the reason.
    if (!required && step !== 'done') reset();
  }, [required, step, reset]);

  const onClose = () => {
    const dialog = ref.current;
    // Esc may still close a dialog after its cancel was refused; a required replacement reopens at once.
    if (dialog && useStatusStore.getState().status?.management.state === 'replacement-required' && useReplacement.getState().step !== 'done') {
      dialog.showModal();
      return;
    }
    restoreFocus();
  };

  const finish = () => {
    reset();
  };

  return (
    <dialog
      ref={ref}
      className="replacement-dialog"
      aria-labelledby="replacement-title"
      onCancel={(event) => {
        if (useReplacement.getState().step !== 'done') event.preventDefault();
      }}
      onClose={onClose}
    >
      <div className="replacement-bar">
        <span className="replacement-bar-title">{t('mgmt.replacement.dialogLabel')}</span>
        <LanguageSwitch />
      </div>
      {!open || !management ? null : step === 'done' ? (
        <div className="replacement-body">
          <FocusHeading id="replacement-title" level={2}>
            {t('mgmt.replacement.doneTitle')}
          </FocusHeading>
          <p role="status" className="replacement-done">
            {t('mgmt.replacement.done', { server: doneText(doneServer ?? management.server) })}
          </p>
          <div className="actions replacement-actions">
            <button type="button" className="button" onClick={finish}>
              {t('mgmt.replacement.close')}
            </button>
          </div>
        </div>
      ) : step === 'code' ? (
        <ReplacementCode statusLockedUntil={management.lockedUntil} />
      ) : (
        <ReplacementRequired management={management} onNext={next} />
      )}
    </dialog>
  );
}
