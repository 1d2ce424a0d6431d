import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../app/purposes';
import type { CheckResult } from '../../app/schemas';
import { useChecks } from '../stores/checks';
import { reasonText } from '../i18n/reasons';
import { CertificateSummary } from '../components/CertificateFacts';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { ServerAddressForm } from '../components/ServerAddressForm';

function Verdict({ result }: { result: CheckResult }) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`panel verdict ${result.trusted ? 'verdict-trusted' : 'verdict-untrusted'}`}>
      <h3>
        {result.trusted
          ? t(result.by === 'pinned-leaf' ? 'check.trustedPinned' : 'check.trustedAnchor', { host: result.host, port: result.port })
          : t('check.untrusted', { host: result.host, port: result.port })}
      </h3>
      {result.reasons.length > 0 ? (
        <ul className="reasons">
          {result.reasons.map((reason, index) => (
            <li key={`${reason.code}-${index}`} data-code={reason.code}>
              {reasonText(reason, t, i18n.language)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">
        {result.protocol
          ? t('check.meta', { protocol: result.protocol, ms: new Intl.NumberFormat(i18n.language).format(result.durationMs) })
          : t('check.metaNoTls', { ms: new Intl.NumberFormat(i18n.language).format(result.durationMs) })}
      </p>
    </div>
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
      {result && result.chain.length > 0 ? (
        <section aria-labelledby="chain-heading">
          <h3 id="chain-heading">{t('check.chain')}</h3>
          <ol className="preview-list">
            {result.chain.map((certificate) => (
              <li key={certificate.fingerprint} className="panel">
                <CertificateSummary certificate={certificate} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}
