import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdentityFlow } from '../../stores/identityFlow';
import { FocusHeading } from '../FocusHeading';
import { MediaFileChoices } from '../MediaFileChoices';
import { TextField } from '../TextField';

/** A PKCS#12 file main found on removable media, and its password typed here (never stored). */
export function IdentityImport() {
  const { t } = useTranslation();
  const flow = useIdentityFlow();
  const busy = flow.busy !== null;
  const loadMediaFiles = flow.loadMediaFiles;

  useEffect(() => {
    void loadMediaFiles();
  }, [loadMediaFiles]);

  const submit = () => void flow.importFile();
  const files = flow.mediaFiles;
  return (
    <section className="panel stack" aria-labelledby="identity-import-heading">
      <FocusHeading id="identity-import-heading">{t('identity.importHeading')}</FocusHeading>
      {files !== null && files.length === 0 ? (
        <div role="status">
          <p>{t('identity.noFiles')}</p>
          {flow.searched.length > 0 ? <p className="muted">{t('add.file.searched', { folders: flow.searched.join(', ') })}</p> : null}
        </div>
      ) : (
        <MediaFileChoices
          files={files}
          searched={flow.searched}
          selectedPath={flow.selectedPath}
          onSelect={flow.selectPath}
          name="identity-file"
          label={t('identity.filesLabel')}
        />
      )}
      {files && files.length > 0 ? (
        <TextField label={t('identity.password')} hint={t('identity.passwordHint')} value={flow.password} onChange={(value) => flow.set('password', value)} onSubmit={submit} secret />
      ) : null}
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => flow.go('actions')} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button secondary" onClick={() => void loadMediaFiles()} disabled={busy}>
          {t('identity.refresh')}
        </button>
        <button type="button" className="button" onClick={submit} disabled={busy || !flow.selectedPath} aria-describedby="identity-error">
          {flow.busy === 'import' ? t('identity.importing') : t('identity.importNow')}
        </button>
      </div>
    </section>
  );
}
