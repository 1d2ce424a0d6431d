import { useEffect, useId, useRef, type FocusEvent, type PointerEvent } from 'react';
import { focusCameFromTouch, useUi } from '../stores/ui';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Enter on a one-line field (physical or on-screen) runs the form's main action. */
  onSubmit?: () => void;
  multiline?: boolean;
  hint?: string;
  inputMode?: 'text' | 'numeric';
  autoComplete?: string;
  spellCheck?: boolean;
  /** The id of an element describing a refusal about this field. */
  errorId?: string;
  /** A password or a SCEP challenge: shown as dots, so a person beside the kiosk does not read it. */
  secret?: boolean;
}

/**
 * A labelled text field that calls up the on-screen keyboard when a finger
 * focuses it, and leaves it away for a physical keyboard or a mouse.
 */
export function TextField({ label, value, onChange, onSubmit, multiline = false, hint, inputMode = 'text', autoComplete = 'off', spellCheck = false, errorId, secret = false }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const openKeyboard = useUi((s) => s.openKeyboard);
  const closeKeyboard = useUi((s) => s.closeKeyboard);
  // The keyboard reads and writes through refs so it always sees the value of this render.
  const latest = useRef({ value, onChange, onSubmit });
  useEffect(() => {
    latest.current = { value, onChange, onSubmit };
  });
  useEffect(() => () => closeKeyboard(id), [closeKeyboard, id]);

  const showKeyboard = () =>
    openKeyboard({
      fieldId: id,
      read: () => latest.current.value,
      write: (next) => latest.current.onChange(next),
      submit: multiline ? undefined : () => latest.current.onSubmit?.(),
    });
  const onFocus = (event: FocusEvent) => {
    if (focusCameFromTouch(event.timeStamp)) showKeyboard();
  };
  // A finger on a field that already has focus (say, after Hide keyboard) brings the keyboard back.
  const onPointerUp = (event: PointerEvent) => {
    if (event.pointerType === 'touch' && document.activeElement === event.currentTarget) showKeyboard();
  };
  const onBlur = (event: FocusEvent) => {
    // Focus moving onto the on-screen keyboard itself is not leaving the field.
    if (event.relatedTarget instanceof Element && event.relatedTarget.closest('.osk')) return;
    closeKeyboard(id);
  };
  const describedBy = [hint ? hintId : null, errorId ?? null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    onFocus,
    onBlur,
    onPointerUp,
    autoComplete,
    spellCheck,
    'aria-describedby': describedBy,
    'data-keyboard-field': id,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={8} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={secret ? 'password' : 'text'}
          inputMode={inputMode}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && onSubmit) {
              e.preventDefault();
              onSubmit();
            }
          }}
        />
      )}
    </div>
  );
}
