import { useTranslation } from 'react-i18next';
import type { Certificate, Warning } from '../../../app/schemas';
import { useAddFlow, type Pending } from '../../stores/addFlow';
import { fingerprintGroups } from '../../i18n/format';
import { CertificateSummary } from '../CertificateFacts';
import { FocusHeading } from '../FocusHeading';
import { TextField } from '../TextField';
import { warningText } from './warnings';

function PreviewCertificate({ certificate, warnings }: { certificate: Certificate; warnings: Warning[] }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="panel">
      <CertificateSummary certificate={certificate} />
      {warnings.length > 0 ? (
        <ul className="warnings">
          {warnings.map((w) => (
            <li key={w.code} className={`warning warning-${w.code}`}>
              {warningText(w, t, i18n.language)}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A server's chain: the operator picks the certificate to add, the leaf unless they choose its CA. */
function ChainChoice({ pending }: { pending: Extract<Pending, { kind: 'server' }> }) {
  const { t } = useTranslation();
  const chooseFromChain = useAddFlow((s) => s.chooseFromChain);
  const chosen = pending.fetched.chain.find((c) => c.fingerprint === pending.fingerprint);
  return (
    <>
      <fieldset className="choices">
        <legend>{t('add.server.chainLegend', { host: pending.fetched.host, port: pending.fetched.port })}</legend>
        {pending.fetched.chain.map((certificate, index) => (
          <label key={certificate.fingerprint} className="choice">
            <input
              type="radio"
              name="chain-choice"
              value={certificate.fingerprint}
              checked={certificate.fingerprint === pending.fingerprint}
              onChange={() => chooseFromChain(certificate.fingerprint)}
            />
            <span>
              <span className="choice-title">
                {index === 0 ? t('add.server.leaf') : t('add.server.issuer', { n: index })}: {certificate.subject}
              </span>
              <span className="muted fingerprint-inline">SHA-256 {fingerprintGroups(certificate.fingerprint).join(' ')}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {chosen ? (
        <ul className="preview-list">
          <PreviewCertificate certificate={chosen} warnings={pending.fetched.warnings.filter((w) => w.fingerprint === chosen.fingerprint)} />
        </ul>
      ) : null}
    </>
  );
}

export function AddPreview({ pending }: { pending: Pending }) {
  const { t } = useTranslation();
  const purpose = useAddFlow((s) => s.purpose);
  const label = useAddFlow((s) => s.label);
  const busy = useAddFlow((s) => s.busy);
  const setLabel = useAddFlow((s) => s.setLabel);
  const confirm = useAddFlow((s) => s.confirm);
  const discardPreview = useAddFlow((s) => s.discardPreview);
  const purposeTitle = purpose ? t(`purpose.${purpose}.title`) : '';
  const count = pending.kind === 'input' ? pending.preview.certificates.length : 1;
  return (
    <section aria-labelledby="preview-heading" className="add-preview">
      <FocusHeading id="preview-heading">{t('add.previewHeading', { count, purpose: purposeTitle })}</FocusHeading>
      {pending.kind === 'input' ? (
        <ul className="preview-list">
          {pending.preview.certificates.map((certificate) => (
            <PreviewCertificate
              key={certificate.fingerprint}
              certificate={certificate}
              warnings={pending.preview.warnings.filter((w) => w.fingerprint === certificate.fingerprint)}
            />
          ))}
        </ul>
      ) : (
        <ChainChoice pending={pending} />
      )}
      <TextField label={t('add.label')} hint={t('add.labelHint')} value={label} onChange={setLabel} onSubmit={() => void confirm()} />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
          {t('add.confirm', { purpose: purposeTitle })}
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={discardPreview}>
          {t('add.changeInput')}
        </button>
      </div>
    </section>
  );
}
