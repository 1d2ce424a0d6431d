import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { PURPOSES, isPurpose } from '../../app/purposes';
import type { AuditRecordView } from '../../app/schemas';
import { fingerprintGroups, formatDateTime } from '../i18n/format';
import { en } from '../i18n/en';
import { filterRecords, followHistory, useHistory } from '../stores/history';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScreenHeading } from '../components/ScreenHeading';

/** Fixed: measuring every record would cost what virtualising saves; two lines of sentence and one of facts fit. */
const ROW_HEIGHT = 104;

const EVENTS = Object.keys(en.mgmt.event);

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** With seconds: records of one minute are told apart. */
function formatTime(iso: string, language: string): string {
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    timeFormats.set(language, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** One record as a sentence in the current language, its details filled in the way the rest of the app says them. */
export function recordSentence(record: AuditRecordView, t: TFunction, language: string): string {
  const none = t('mgmt.history.none');
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(record.details)) {
    if (value === null || value === '') params[key] = none;
    else if (Array.isArray(value)) params[key] = value.join(', ');
    else if (typeof value === 'boolean') params[key] = value ? t('common.yes') : t('common.no');
    else params[key] = value;
  }
  const purpose = record.details.purpose;
  if (typeof purpose === 'string' && isPurpose(purpose)) {
    const title = t(`purpose.${purpose}.title`);
    params.purpose = language === 'ru' ? `«${title}»` : title;
  }
  if (typeof record.details.until === 'string') params.until = formatDateTime(record.details.until, language);
  if (typeof record.details.key === 'string' && t(`mgmt.settingKey.${record.details.key}`, { defaultValue: '' })) {
    params.key = t(`mgmt.settingKey.${record.details.key}`);
  }
  for (const name of ['admin', 'server', 'deviceId', 'revision', 'reason', 'subject', 'from', 'to', 'file', 'bytes', 'failedAttempts']) {
    if (params[name] === undefined) params[name] = none;
  }
  return EVENTS.includes(record.event) ? t(`mgmt.event.${record.event}`, params) : record.event;
}

function Row({ record, index, start, count }: { record: AuditRecordView; index: number; start: number; count: number }) {
  const { t, i18n } = useTranslation();
  const fingerprint = [record.details.fingerprint, record.details.presented].find((v): v is string => typeof v === 'string');
  const actor = t(`mgmt.actor.${record.actor}`, { defaultValue: record.actor });
  return (
    <li
      className="history-row"
      data-event={record.event}
      data-seq={record.seq}
      aria-setsize={count}
      aria-posinset={index + 1}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      <span className="history-sentence">{recordSentence(record, t, i18n.language)}</span>
      <span className="history-meta">
        <time dateTime={record.time}>{formatTime(record.time, i18n.language)}</time> · {actor} · {t('mgmt.history.seq', { seq: record.seq })}
      </span>
      {fingerprint ? (
        <span className="history-meta fingerprint-inline">
          {t('cert.sha256')}: {fingerprintGroups(fingerprint).join(' ')}
        </span>
      ) : null}
    </li>
  );
}

function HistoryList({ records }: { records: AuditRecordView[] }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Not memoised by the React Compiler, and it need not be: the virtualiser re-renders this component itself on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  return (
    // A focusable scroll region: arrows, Page Up/Down, Home and End scroll it for a keyboard user; nothing in a row is a control.
    <div ref={scrollRef} className="history-list" tabIndex={0} role="region" aria-label={t('mgmt.history.listLabel')}>
      <ol style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const record = records[item.index];
          return record ? <Row key={record.seq} record={record} index={item.index} start={item.start} count={records.length} /> : null;
        })}
      </ol>
    </div>
  );
}

/** Issue 10: the audit trail, newest first, filterable by purpose and event, in words. */
export function HistoryScreen() {
  const { t } = useTranslation();
  const records = useHistory((s) => s.records);
  const total = useHistory((s) => s.total);
  const loaded = useHistory((s) => s.loaded);
  const error = useHistory((s) => s.error);
  const purpose = useHistory((s) => s.purpose);
  const event = useHistory((s) => s.event);
  const setPurpose = useHistory((s) => s.setPurpose);
  const setEvent = useHistory((s) => s.setEvent);
  const load = useHistory((s) => s.load);

  useEffect(() => followHistory(), []);

  const shown = filterRecords(records, purpose, event);
  return (
    <section aria-labelledby="history-heading" className="screen">
      <ScreenHeading id="history-heading" title={t('mgmt.history.title')} description={t('mgmt.history.description')} />
      <div className="history-filters">
        <div role="group" aria-labelledby="history-purpose-label" className="filter-group">
          <span id="history-purpose-label" className="filter-label">
            {t('mgmt.history.purposeFilter')}
          </span>
          <div className="filter-buttons">
            {(['all', ...PURPOSES] as const).map((p) => (
              <button key={p} type="button" className="filter-button" aria-pressed={purpose === p} onClick={() => setPurpose(p)}>
                {p === 'all' ? t('mgmt.history.allPurposes') : t(`purpose.${p}.title`)}
              </button>
            ))}
          </div>
        </div>
        <div className="field filter-event">
          <label htmlFor="history-event">{t('mgmt.history.eventFilter')}</label>
          <select id="history-event" value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="all">{t('mgmt.history.allEvents')}</option>
            {EVENTS.map((name) => (
              <option key={name} value={name}>
                {t(`mgmt.eventName.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button secondary" onClick={() => void load()}>
          {t('mgmt.history.refresh')}
        </button>
      </div>
      <p aria-live="polite" className="muted">
        {loaded ? t('mgmt.history.shown', { count: shown.length, total }) : t('mgmt.history.loading')}
      </p>
      <ErrorMessage error={error} />
      {loaded && shown.length === 0 ? <p className="panel">{t('mgmt.history.empty')}</p> : <HistoryList records={shown} />}
    </section>
  );
}
