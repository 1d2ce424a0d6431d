import { useTranslation } from 'react-i18next';
import { useRemoteDesktops } from '../../stores/remoteDesktops';
import { FocusHeading } from '../FocusHeading';
import { TextField } from '../TextField';

/**
 * Add or edit a named remote desktop, in place of the list: inline rather than
 * in a modal dialog, so the on-screen keyboard (outside any dialog) stays usable.
 */
export function DesktopForm() {
  const { t } = useTranslation();
  const draft = useRemoteDesktops((s) => s.draft);
  const busy = useRemoteDesktops((s) => s.busy);
  const setDraft = useRemoteDesktops((s) => s.setDraft);
  const save = useRemoteDesktops((s) => s.save);
  const cancel = useRemoteDesktops((s) => s.cancelDraft);
  if (!draft) return null;
  const submit = () => void save();
  return (
    <form
      className="panel stack"
      aria-labelledby="desktop-form-heading"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <FocusHeading id="desktop-form-heading">{draft.id === null ? t('remote.form.addTitle') : t('remote.form.editTitle', { name: draft.name })}</FocusHeading>
      <TextField label={t('remote.form.name')} hint={t('remote.form.nameHint')} value={draft.name} onChange={(name) => setDraft({ name })} onSubmit={submit} errorId="remote-error" />
      <div className="field-row">
        <TextField label={t('remote.form.host')} hint={t('remote.form.hostHint')} value={draft.host} onChange={(host) => setDraft({ host })} onSubmit={submit} errorId="remote-error" />
        <TextField label={t('remote.form.port')} value={draft.port} onChange={(port) => setDraft({ port })} onSubmit={submit} inputMode="numeric" errorId="remote-error" />
      </div>
      <div className="actions">
        <button type="button" className="button secondary" onClick={cancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button" disabled={busy}>
          {t('remote.form.save')}
        </button>
      </div>
    </form>
  );
}
