import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import { useLogServer } from '../stores/logServer';
import { useStatusStore } from '../stores/status';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';
import { TextField } from '../components/TextField';
import { FactsList } from '../components/FactsList';

/** Issue 10: where the audit trail goes, whether it gets there, and a test with the same trust reasons as elsewhere. */
export function LogServerScreen() {
  const { t, i18n } = useTranslation();
  const delivery = useStatusStore((s) => s.status?.logDelivery ?? null);
  const admin = useStatusStore((s) => s.status?.management.adminContact?.name ?? null);
  const settings = useLogServer((s) => s.settings);
  const draft = useLogServer((s) => s.draft);
  const busy = useLogServer((s) => s.busy);
  const error = useLogServer((s) => s.error);
  const saved = useLogServer((s) => s.saved);
  const check = useLogServer((s) => s.check);
  const sent = useLogServer((s) => s.sent);
  const load = useLogServer((s) => s.load);
  const setDraft = useLogServer((s) => s.setDraft);
  const save = useLogServer((s) => s.save);
  const test = useLogServer((s) => s.test);
  const send = useLogServer((s) => s.send);

  useEffect(() => {
    void load();
  }, [load]);

  const managed = settings?.managedKeys.includes('logServer') ?? false;
  const current = delivery?.server ?? settings?.logServer ?? null;
  const submit = () => void save();
  return (
    <section aria-labelledby="log-server-heading" className="screen">
      <ScreenHeading id="log-server-heading" title={t('mgmt.logServer.title')} description={t('mgmt.logServer.description')} />
      <div className="panel">
        <FactsList
          rows={[
            [t('mgmt.logServer.current'), current ?? t('mgmt.logServer.none')],
            ...(delivery
              ? ([
                  [t('mgmt.logServer.delivery'), <span key="state" data-state={delivery.state}>{t(`mgmt.logServer.state.${delivery.state}`)}</span>],
                  [t('mgmt.logServer.waiting'), new Intl.NumberFormat(i18n.language).format(delivery.waiting)],
                  [t('mgmt.logServer.lastAttempt'), formatDateTime(delivery.lastAttempt, i18n.language)],
                  ...(delivery.lastError ? ([[t('mgmt.logServer.lastError'), delivery.lastError]] as const) : []),
                ] as const)
              : []),
          ]}
        />
      </div>
      {managed ? (
        <p className="panel managed-note">{t('mgmt.logServer.managedBy', { admin: admin ?? t('purpose.ksc.title') })}</p>
      ) : (
        <form
          className="panel stack"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextField label={t('mgmt.logServer.field')} hint={t('mgmt.logServer.fieldHint')} value={draft} onChange={setDraft} onSubmit={submit} errorId="log-server-error" />
          <div className="actions">
            <button type="submit" className="button" disabled={busy !== null}>
              {t('mgmt.logServer.save')}
            </button>
            <button type="button" className="button secondary" disabled={busy !== null} onClick={() => void save('')}>
              {t('mgmt.logServer.clear')}
            </button>
          </div>
        </form>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void test()}>
          {busy === 'test' ? t('mgmt.logServer.testing') : t('mgmt.logServer.test')}
        </button>
        <button type="button" className="button secondary" disabled={busy !== null} onClick={() => void send()}>
          {busy === 'send' ? t('mgmt.logServer.sending') : t('mgmt.logServer.send')}
        </button>
      </div>
      <ErrorMessage error={error} id="log-server-error" />
      {/* Results arrive seconds after the press: a polite region says them without moving focus. */}
      <div aria-live="polite" className="check-result">
        {saved ? <p>{t('mgmt.logServer.saved')}</p> : null}
        {sent ? <p>{t('mgmt.logServer.sent', { count: sent.sent, server: sent.server, waiting: sent.waiting })}</p> : null}
        {check ? (
          <div className={`panel verdict ${check.trusted ? 'verdict-trusted' : 'verdict-untrusted'}`}>
            <h3>{t(check.trusted ? 'mgmt.logServer.trusted' : 'mgmt.logServer.untrusted', { server: `${check.host}:${check.port}` })}</h3>
            {check.reasons.length > 0 ? (
              <ul className="reasons">
                {check.reasons.map((reason, index) => (
                  <li key={`${reason.code}-${index}`} data-code={reason.code}>
                    {reasonText(reason, t, i18n.language)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
