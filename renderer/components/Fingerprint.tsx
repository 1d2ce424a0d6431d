import { fingerprintGroups } from '../i18n/format';

/** A fingerprint in groups of four, each group its own word so lines break between groups only. */
export function Fingerprint({ value }: { value: string }) {
  return (
    <code className="fingerprint">
      {fingerprintGroups(value).map((group, index) => (
        <span key={index}>{group} </span>
      ))}
    </code>
  );
}
