import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import type { CheckResult } from '../../app/schemas';
import { useChecks } from '../stores/checks';
import { JudgedChain, TrustVerdict } from '../components/TrustVerdict';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServerAddressForm } from '../components/ServerAddressForm';

function Verdict({ result }: { result: CheckResult }) {
  const { t, i18n } = useTranslation();
  const title = result.trusted
    ? t(result.by === 'pinned-leaf' ? 'check.trustedPinned' : 'check.trustedAnchor', { host: result.host, port: result.port })
    : t('check.untrusted', { host: result.host, port: result.port });
  return (
    <TrustVerdict trusted={result.trusted} title={title} reasons={result.reasons} warnings={result.warnings}>
      <p className="muted">
        {result.protocol
          ? t('check.meta', { protocol: result.protocol, ms: new Intl.NumberFormat(i18n.language).format(result.durationMs) })
          : t('check.metaNoTls', { ms: new Intl.NumberFormat(i18n.language).format(result.durationMs) })}
      </p>
    </TrustVerdict>
  );
}

export function CheckScreen({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const start = useChecks((s) => s.start);
  const host = useChecks((s) => s.host);
  const port = useChecks((s) => s.port);
  const busy = useChecks((s) => s.busy);
  const result = useChecks((s) => s.result);
  const error = useChecks((s) => s.error);
  const setHost = useChecks((s) => s.setHost);
  const setPort = useChecks((s) => s.setPort);
  const run = useChecks((s) => s.run);

  useEffect(() => {
    start(purpose);
  }, [start, purpose]);

  const submit = () => void run();
  return (
    <section aria-labelledby="check-heading" className="screen">
      <ScreenHeading id="check-heading" title={t('check.title', { purpose: t(`purpose.${purpose}.title`) })} description={t('check.description')} />
      <ServerAddressForm
        className="panel stack"
        host={host}
        port={port}
        onHost={setHost}
        onPort={setPort}
        onSubmit={submit}
        errorId="check-error"
        hostLabel={t('fields.host')}
        hostHint={t('fields.hostHint')}
        portLabel={t('fields.port')}
        busy={busy}
        submitLabel={busy ? t('check.running') : t('check.run')}
      />
      <ErrorMessage error={error} id="check-error" />
      {/* The verdict arrives seconds after the button press: a live region says it without moving focus. */}
      <div aria-live="polite" aria-busy={busy} className="check-result">
        {busy ? <p>{t('check.running')}</p> : null}
        {result ? <Verdict result={result} /> : null}
      </div>
      {result ? <JudgedChain id="chain-heading" title={t('check.chain')} chain={result.chain} /> : null}
    </section>
  );
}
