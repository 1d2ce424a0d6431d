import { useTranslation } from 'react-i18next';
import { useAddFlow } from '../../stores/addFlow';
import { TextField } from '../TextField';

export function ServerSource() {
  const { t } = useTranslation();
  const host = useAddFlow((s) => s.host);
  const port = useAddFlow((s) => s.port);
  const busy = useAddFlow((s) => s.busy);
  const setHost = useAddFlow((s) => s.setHost);
  const setPort = useAddFlow((s) => s.setPort);
  const fetchChain = useAddFlow((s) => s.fetchChain);
  const submit = () => void fetchChain();
  return (
    <form
      className="add-source"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field-row">
        <TextField label={t('fields.host')} hint={t('fields.hostHint')} value={host} onChange={setHost} onSubmit={submit} errorId="add-error" />
        <TextField label={t('fields.port')} value={port} onChange={setPort} onSubmit={submit} inputMode="numeric" errorId="add-error" />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('add.server.fetching') : t('add.server.fetch')}
        </button>
      </div>
    </form>
  );
}
