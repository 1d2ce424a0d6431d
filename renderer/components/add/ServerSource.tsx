import { useTranslation } from 'react-i18next';
import { useAddFlow } from '../../stores/addFlow';
import { ServerAddressForm } from '../ServerAddressForm';

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
    <ServerAddressForm
      className="add-source"
      host={host}
      port={port}
      onHost={setHost}
      onPort={setPort}
      onSubmit={submit}
      errorId="add-error"
      hostLabel={t('fields.host')}
      hostHint={t('fields.hostHint')}
      portLabel={t('fields.port')}
      busy={busy}
      submitLabel={busy ? t('add.server.fetching') : t('add.server.fetch')}
    />
  );
}
