import { useTranslation } from 'react-i18next';
import { refusal, type ErrorShape } from '../../../app/errors';
import { MAX_CERTIFICATE_BYTES } from '../../../app/limits';
import { useAddFlow } from '../../stores/addFlow';
import { TextField } from '../TextField';

/**
 * Main refuses more than a certificate file may hold anyway; saying so here
 * spares sending megabytes over the bridge only to hear it back.
 */
function pasteTooLarge(text: string): ErrorShape | null {
  const size = new TextEncoder().encode(text).length;
  if (size <= MAX_CERTIFICATE_BYTES) return null;
  return refusal('paste-too-large', `The pasted text is ${size} bytes, larger than the ${MAX_CERTIFICATE_BYTES} bytes (1 MiB) a certificate may be.`, {
    size,
    limit: MAX_CERTIFICATE_BYTES,
  });
}

export function PasteSource() {
  const { t } = useTranslation();
  const pemText = useAddFlow((s) => s.pemText);
  const busy = useAddFlow((s) => s.busy);
  const setPemText = useAddFlow((s) => s.setPemText);
  const previewPaste = useAddFlow((s) => s.previewPaste);
  const preview = () => {
    const tooLarge = pasteTooLarge(pemText);
    if (tooLarge) useAddFlow.setState({ error: tooLarge });
    else void previewPaste();
  };
  return (
    <div className="add-source">
      <TextField label={t('add.paste.label')} hint={t('add.paste.hint')} value={pemText} onChange={setPemText} multiline errorId="add-error" />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={preview}>
          {t('add.preview')}
        </button>
      </div>
    </div>
  );
}
