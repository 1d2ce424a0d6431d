import { useTranslation } from 'react-i18next';
import { useIdentityFlow } from '../../stores/identityFlow';
import { CertificateSummary } from '../CertificateFacts';
import { FocusHeading } from '../FocusHeading';
import { TextField } from '../TextField';

/**
 * SCEP enrollment as the management enrollment does it: the address (with the
 * challenge and the optional names) → the CA's certificate, compared by its
 * fingerprint with what the administrator gave → enrolled.
 */
export function IdentityEnroll() {
  const { t } = useTranslation();
  const flow = useIdentityFlow();
  const busy = flow.busy !== null;

  if (flow.ca) {
    return (
      <section className="panel stack" aria-labelledby="identity-ca-heading">
        <FocusHeading id="identity-ca-heading">{t('identity.presented', { server: flow.scepUrl })}</FocusHeading>
        <p className="compare-hint">{t('identity.compare')}</p>
        <CertificateSummary certificate={flow.ca} />
        <div className="actions">
          <button type="button" className="button secondary" onClick={flow.discardCa} disabled={busy}>
            {t('identity.otherServer')}
          </button>
          <button type="button" className="button" onClick={() => void flow.enroll()} disabled={busy} aria-describedby="identity-error">
            {flow.busy === 'enroll' ? t('identity.enrolling') : t('identity.confirmEnroll')}
          </button>
        </div>
      </section>
    );
  }
  const submit = () => void flow.previewCa();
  return (
    <form
      className="panel stack"
      aria-labelledby="identity-enroll-heading"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <FocusHeading id="identity-enroll-heading">{t('identity.enrollHeading')}</FocusHeading>
      <TextField label={t('identity.url')} hint={t('identity.urlHint')} value={flow.scepUrl} onChange={(value) => flow.set('scepUrl', value)} onSubmit={submit} errorId="identity-error" />
      <TextField
        label={t('identity.challenge')}
        hint={t('identity.challengeHint')}
        value={flow.challenge}
        onChange={(value) => flow.set('challenge', value)}
        onSubmit={submit}
        secret
      />
      <TextField label={t('identity.cn')} hint={t('identity.cnHint')} value={flow.cn} onChange={(value) => flow.set('cn', value)} onSubmit={submit} />
      <TextField label={t('identity.sans')} hint={t('identity.sansHint')} value={flow.sans} onChange={(value) => flow.set('sans', value)} onSubmit={submit} errorId="identity-error" />
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => flow.go('actions')} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button" disabled={busy}>
          {flow.busy === 'preview' ? t('identity.fetching') : t('identity.fetchCa')}
        </button>
      </div>
    </form>
  );
}
