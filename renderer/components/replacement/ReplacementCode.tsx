import { useTranslation } from 'react-i18next';
import type { ErrorShape } from '../../../app/errors';
import { formatDateTime } from '../../i18n/format';
import { useReplacement } from '../../stores/management';
import { FocusHeading } from '../FocusHeading';
import { useErrorText } from '../ErrorMessage';
import { NumericKeypad } from './NumericKeypad';
import { useNow } from './useNow';

/** "m:ss" (or "h:mm:ss"): a lock is at most an hour, and a countdown reads best as a clock. */
function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Window 2 of PROTOCOL.md §4: the replacement code, by keypad, keyboard or paste. */
export function ReplacementCode({ statusLockedUntil }: { statusLockedUntil: string | null }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const code = useReplacement((s) => s.code);
  const busy = useReplacement((s) => s.busy);
  const error = useReplacement((s) => s.error);
  const errorLock = useReplacement((s) => s.lockedUntil);
  const setCode = useReplacement((s) => s.setCode);
  const press = useReplacement((s) => s.press);
  const backspace = useReplacement((s) => s.backspace);
  const clear = useReplacement((s) => s.clear);
  const back = useReplacement((s) => s.back);
  const submit = useReplacement((s) => s.submit);

  const lockedUntil = errorLock ?? statusLockedUntil;
  const lockEnd = lockedUntil ? new Date(lockedUntil).getTime() : 0;
  const now = useNow(lockEnd > 0);
  const locked = lockEnd > now;
  // A lock that has run out: said once, politely, so the operator knows the form is open again.
  const unlockedNow = lockEnd > 0 && !locked;

  const digits = code.replace(/\D/g, '').length;

  const message = (e: ErrorShape): string => {
    const params = e.params ?? {};
    if (e.code === 'code-malformed') return t('mgmt.replacement.malformed');
    if (e.code === 'code-wrong') {
      return typeof params.lockedUntil === 'string'
        ? t('mgmt.replacement.wrongLocked')
        : t('mgmt.replacement.wrong', { count: Number(params.attemptsLeft ?? 0) });
    }
    if (e.code === 'locked-out' && typeof params.lockedUntil === 'string') return t('mgmt.replacement.locked', { time: formatDateTime(params.lockedUntil, i18n.language) });
    return errorText(e);
  };

  return (
    <div className="replacement-body">
      <FocusHeading id="replacement-title" level={2}>
        {t('mgmt.replacement.codeTitle')}
      </FocusHeading>
      <p>{t('mgmt.replacement.codeIntro')}</p>
      <div className="replacement-entry">
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (!locked) void submit();
          }}
        >
          <div className="field">
            <label htmlFor="replacement-code">{t('mgmt.replacement.entryLabel')}</label>
            <p id="replacement-code-hint" className="hint">
              {t('mgmt.replacement.entryHint')}
            </p>
            <input
              id="replacement-code"
              className="code-input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
              value={code}
              aria-describedby="replacement-code-hint replacement-code-count replacement-message"
              aria-invalid={error !== null && error.code !== 'locked-out'}
              onChange={(e) => setCode(e.target.value)}
            />
            <p id="replacement-code-count" className="hint">
              {t('mgmt.replacement.digitsTyped', { count: digits })}
            </p>
          </div>
          {/* In place, where the eyes are: a refusal (role=alert, announced at once) and the lock's countdown. */}
          <div role="alert" id="replacement-message" className={error ? 'error-message' : undefined}>
            {error ? message(error) : null}
          </div>
          {locked ? (
            // role=timer is not announced on every tick (it would talk over everything); the alert above said the lock once.
            <p role="timer" className="countdown" aria-atomic="true">
              {t('mgmt.replacement.countdown', { time: clock(lockEnd - now) })}
            </p>
          ) : null}
          <p aria-live="polite" className="muted">
            {unlockedNow ? t('mgmt.replacement.unlocked') : null}
          </p>
          <div className="actions">
            <button type="button" className="button secondary" onClick={back}>
              {t('mgmt.replacement.back')}
            </button>
            <button type="submit" className="button" disabled={busy || locked}>
              {busy ? t('mgmt.replacement.checking') : t('mgmt.replacement.confirm')}
            </button>
          </div>
        </form>
        <NumericKeypad onDigit={press} onBackspace={backspace} onClear={clear} />
      </div>
    </div>
  );
}
