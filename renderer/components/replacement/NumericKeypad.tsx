import { useTranslation } from 'react-i18next';

interface Props {
  onDigit(digit: string): void;
  onBackspace(): void;
  onClear(): void;
  disabled?: boolean;
}

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
] as const;

/**
 * Large keys for a finger (the kiosk may have no keyboard at all). Plain
 * buttons, so Tab, Enter and Space work for a keyboard user too; they type
 * into the code field through the store, never by moving focus there.
 */
export function NumericKeypad({ onDigit, onBackspace, onClear, disabled = false }: Props) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={t('mgmt.replacement.keypad')} className="keypad">
      {ROWS.flat().map((digit) => (
        <button key={digit} type="button" className="keypad-key" onClick={() => onDigit(digit)} disabled={disabled}>
          {digit}
        </button>
      ))}
      <button type="button" className="keypad-key keypad-word" onClick={onClear} disabled={disabled}>
        {t('mgmt.replacement.clear')}
      </button>
      <button type="button" className="keypad-key" onClick={() => onDigit('0')} disabled={disabled}>
        0
      </button>
      <button type="button" className="keypad-key" onClick={onBackspace} disabled={disabled} aria-label={t('mgmt.replacement.backspace')}>
        <span aria-hidden="true">⌫</span>
      </button>
    </div>
  );
}
