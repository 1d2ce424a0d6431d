import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { Certificate } from '../../app/schemas';
import { formatDate } from '../i18n/format';
import { CertificateBadges } from './StatusBadge';
import { certificateName } from './certificateName';

/** Fixed row height: measuring 10,000 rows would cost what virtualising saves. */
const ROW_HEIGHT = 96;

interface Props {
  certificates: Certificate[];
  label: string;
  onOpen(certificate: Certificate): void;
}

/**
 * A listbox with a roving tabindex: one Tab stop for the whole list, arrows
 * move between rows, Enter or Space opens one. Only the rows in view exist in
 * the DOM, so 10,000 certificates scroll as smoothly as ten.
 */
export function CertificateList({ certificates, label, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  const count = certificates.length;
  const activeIndex = Math.min(active, Math.max(0, count - 1));

  // Not memoised by the React Compiler, and it need not be: the virtualiser re-renders this component itself on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    rangeExtractor: useCallback(
      // The active row stays in the DOM even when scrolled out of view: were it unmounted, the focus on it would fall to <body>.
      (range: Range) => {
        const indexes = defaultRangeExtractor(range);
        return indexes.includes(activeIndex) || activeIndex >= count ? indexes : [...indexes, activeIndex].sort((a, b) => a - b);
      },
      [activeIndex, count],
    ),
  });

  // Focus follows the active row once it is rendered; a far jump (End, PageDown) renders it a frame later.
  useEffect(() => {
    if (!focusWanted) return;
    let frame = 0;
    let tries = 0;
    const focusRow = () => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
      if (row) {
        row.focus();
        setFocusWanted(false);
      } else if (tries++ < 10) frame = requestAnimationFrame(focusRow);
    };
    focusRow();
    return () => cancelAnimationFrame(frame);
  }, [activeIndex, focusWanted]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    setFocusWanted(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const certificate = certificates[activeIndex];
      if (certificate) {
        event.preventDefault();
        onOpen(certificate);
      }
    }
  };

  return (
    <div ref={scrollRef} className="cert-list" role="listbox" aria-label={label} onKeyDown={onKeyDown}>
      <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const certificate = certificates[item.index];
          if (!certificate) return null;
          const selected = item.index === activeIndex;
          return (
            <div
              key={certificate.fingerprint}
              data-index={item.index}
              role="option"
              aria-selected={selected}
              aria-posinset={item.index + 1}
              aria-setsize={count}
              tabIndex={selected ? 0 : -1}
              className="cert-row"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                setActive(item.index);
                onOpen(certificate);
              }}
            >
              <span className="cert-row-main">
                <span className="cert-subject">{certificateName(certificate)}</span>
                <CertificateBadges certificate={certificate} />
              </span>
              <span className="cert-row-detail">
                {t('cert.subjectAndIssuer', { subject: certificate.subject, issuer: certificate.issuer })}
              </span>
              <span className="cert-row-detail">
                {t('cert.validRange', {
                  from: formatDate(certificate.notBefore, i18n.language),
                  to: formatDate(certificate.notAfter, i18n.language),
                })}
                {certificate.onlyFor ? ` · ${t('cert.onlyForShort', { names: certificate.onlyFor.join(', ') })}` : null}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
