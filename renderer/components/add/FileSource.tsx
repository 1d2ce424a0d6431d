import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddFlow } from '../../stores/addFlow';
import { MediaFileChoices } from '../MediaFileChoices';

/** Add from a file: choose one of the files main found on removable media, then preview it. */
export function FileSource() {
  const { t } = useTranslation();
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
      <MediaFileChoices files={files} searched={searched} selectedPath={selectedPath} onSelect={selectPath} name="media-file" />
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
