import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Certificate, Reason } from '../../app/schemas';
import { reasonText } from '../i18n/reasons';
import { CertificateSummary } from './CertificateFacts';

interface VerdictProps {
  trusted: boolean;
  title: string;
  reasons: readonly Reason[];
  /** Reasons that did not stop trust (revocation status unknown in soft mode). */
  warnings?: readonly Reason[] | undefined;
  children?: ReactNode;
}

/** Reasons in the current language, each tagged with its code; nothing when there are none. */
export function ReasonList({ reasons, className = 'reasons' }: { reasons: readonly Reason[]; className?: string }) {
  const { t, i18n } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <ul className={className}>
      {reasons.map((reason, index) => (
        <li key={`${reason.code}-${index}`} data-code={reason.code}>
          {reasonText(reason, t, i18n.language)}
        </li>
      ))}
    </ul>
  );
}

/** A trust verdict with every reason, as Test connection and Check a certificate file both show it. */
export function TrustVerdict({ trusted, title, reasons, warnings = [], children }: VerdictProps) {
  return (
    <div className={`panel verdict ${trusted ? 'verdict-trusted' : 'verdict-untrusted'}`}>
      <h3>{title}</h3>
      <ReasonList reasons={reasons} />
      <ReasonList reasons={warnings} className="reasons warnings" />
      {children}
    </div>
  );
}

/** The certificates a verdict was about, leaf first. */
export function JudgedChain({ id, title, chain }: { id: string; title: string; chain: readonly Certificate[] }) {
  if (chain.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ol className="preview-list">
        {chain.map((certificate) => (
          <li key={certificate.fingerprint} className="panel">
            <CertificateSummary certificate={certificate} />
          </li>
        ))}
      </ol>
    </section>
  );
}
