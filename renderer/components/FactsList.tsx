import type { ReactNode } from 'react';

/** One labelled fact: the term as the operator reads it, and its value (text or a small element). */
export type Fact = readonly [term: string, value: ReactNode];

/**
 * The one term/value list every screen shows facts in (certificate, identity, management, contact):
 * one markup, so the styles, the reading order and what a screen reader announces stay the same everywhere.
 * `compact` is the short form used beside other content (a preview, a chain).
 */
export function FactsList({ rows, compact = false }: { rows: readonly Fact[]; compact?: boolean }) {
  return (
    <dl className={compact ? 'facts compact' : 'facts'}>
      {rows.map(([term, value]) => (
        <div key={term} className="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
