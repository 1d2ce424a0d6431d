import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddFlow } from '../../stores/addFlow';
import { formatDateTime } from '../../i18n/format';

/** Certificate files main found on removable media; the renderer never reads the file system itself. */
export function FileSource() {
  const { t, i18n } = useTranslation();
  const files = useAddFlow((s) => s.mediaFiles);
  const searched = useAddFlow((s) => s.searched);
  const selectedPath = useAddFlow((s) => s.selectedPath);
  const busy = useAddFlow((s) => s.busy);
  const loadMediaFiles = useAddFlow((s) => s.loadMediaFiles);
  const selectPath = useAddFlow((s) => s.selectPath);
  const previewFile = useAddFlow((s) => s.previewFile);

  useEffect(() => {
    void loadMediaFiles();
  }, [loadMediaFiles]);

  return (
    <div className="add-source">
      {files === null ? (
        <p role="status">{t('home.loading')}</p>
      ) : files.length === 0 ? (
        <div role="status">
          <p>{t('add.file.none')}</p>
          {searched.length > 0 ? <p className="muted">{t('add.file.searched', { folders: searched.join(', ') })}</p> : null}
        </div>
      ) : (
        <fieldset className="choices">
          <legend>{t('add.file.choose')}</legend>
          {files.map((file) => (
            <label key={file.path} className="choice">
              <input type="radio" name="media-file" value={file.path} checked={selectedPath === file.path} onChange={() => selectPath(file.path)} />
              <span>
                <span className="choice-title">{file.name}</span>
                <span className="muted">
                  {t('add.file.meta', { size: new Intl.NumberFormat(i18n.language).format(file.size), date: formatDateTime(file.modifiedAt, i18n.language) })}
                </span>
                <span className="muted wrap">{file.path}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={busy || !selectedPath} onClick={() => void previewFile()}>
          {t('add.preview')}
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={() => void loadMediaFiles()}>
          {t('add.file.refresh')}
        </button>
      </div>
    </div>
  );
}
