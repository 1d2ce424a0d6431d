import { useTranslation } from 'react-i18next';
import type { Certificate } from '../../app/schemas';
import { formatDate, formatDateTime } from '../i18n/format';
import { FactsList, type Fact } from './FactsList';
import { Fingerprint } from './Fingerprint';
import { CertificateBadges } from './StatusBadge';

/** Every field of a certificate as CLI.md lists it, labelled in the current language. */
export function CertificateFacts({ certificate }: { certificate: Certificate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const list = (items: string[]) => (items.length === 0 ? t('cert.none') : items.join(', '));
  const key =
    certificate.keyType === 'ec'
      ? t('cert.keyEc', { bits: certificate.keyBits, curve: certificate.curve ?? '?' })
      : t(`cert.key.${certificate.keyType}`, { bits: certificate.keyBits });
  const rows: Fact[] = [
    [t('cert.status'), <CertificateBadges key="s" certificate={certificate} />],
    [t('cert.subject'), certificate.subject],
    [t('cert.issuer'), certificate.issuer],
    [t('cert.notBefore'), formatDateTime(certificate.notBefore, language)],
    [t('cert.notAfter'), formatDateTime(certificate.notAfter, language)],
    [t('cert.kind'), t(kindKey(certificate))],
    ...(certificate.onlyFor ? [[t('cert.onlyFor'), certificate.onlyFor.join(', ')] as Fact] : []),
    [t('cert.selfSigned'), certificate.selfSigned ? t('common.yes') : t('common.no')],
    [t('cert.subjectAltNames'), list(certificate.subjectAltNames)],
    [t('cert.keyLabel'), key],
    [t('cert.signatureAlgorithm'), certificate.signatureAlgorithm],
    [t('cert.keyUsage'), list(certificate.keyUsage)],
    [t('cert.extKeyUsage'), list(certificate.extKeyUsage)],
    [t('cert.serial'), <code key="n" className="wrap">{certificate.serial}</code>],
    [t('cert.sha256'), <Fingerprint key="f" value={certificate.fingerprint} />],
    [t('cert.sha1'), <Fingerprint key="g" value={certificate.sha1} />],
    [t('cert.purposes'), certificate.purposes.length === 0 ? t('cert.none') : certificate.purposes.map((p) => t(`purpose.${p}.title`)).join(', ')],
    [t('cert.source'), certificate.source ? t(`source.${certificate.source}`) : t('cert.none')],
    [t('cert.label'), certificate.label ?? t('cert.none')],
    [t('cert.addedAt'), formatDateTime(certificate.addedAt, language)],
  ];
  return <FactsList rows={rows} />;
}

/** The few facts that tell certificates apart in a preview or a chain, with the SHA-256 to compare. */
export function CertificateSummary({ certificate }: { certificate: Certificate }) {
  const { t, i18n } = useTranslation();
  const rows: Fact[] = [
    [
      t('cert.subject'),
      <>
        {certificate.subject} <CertificateBadges certificate={certificate} />
      </>,
    ],
    [t('cert.issuer'), certificate.issuer],
    [t('cert.validity'), t('cert.validRange', { from: formatDate(certificate.notBefore, i18n.language), to: formatDate(certificate.notAfter, i18n.language) })],
    [t('cert.kind'), t(kindKey(certificate))],
    [t('cert.sha256'), <Fingerprint key="f" value={certificate.fingerprint} />],
  ];
  return <FactsList rows={rows} compact />;
}

/** What a certificate is; "pinned" and "trusts…" only for one that is stored (a server's chain is not). */
function kindKey(certificate: { isCA: boolean; addedAt: string | null }): string {
  const stored = certificate.addedAt !== null;
  if (certificate.isCA) return stored ? 'cert.kindCA' : 'cert.kindCAPresented';
  return stored ? 'cert.kindLeaf' : 'cert.kindLeafPresented';
}
