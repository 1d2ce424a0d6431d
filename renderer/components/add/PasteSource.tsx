import { useTranslation } from 'react-i18next';
import { useAddFlow } from '../../stores/addFlow';
import { TextField } from '../TextField';

export function PasteSource() {
  const { t } = useTranslation();
  const pemText = useAddFlow((s) => s.pemText);
  const busy = useAddFlow((s) => s.busy);
  const setPemText = useAddFlow((s) => s.setPemText);
  const previewPaste = useAddFlow((s) => s.previewPaste);
  return (
    <div className="add-source">
      <TextField label={t('add.paste.label')} hint={t('add.paste.hint')} value={pemText} onChange={setPemText} multiline errorId="add-error" />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void previewPaste()}>
          {t('add.preview')}
        </button>
      </div>
    </div>
  );
}
