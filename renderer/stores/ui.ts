import { create } from 'zustand';

/** The text field the on-screen keyboard types into; functions so it always sees the field's current value. */
export interface KeyboardTarget {
  fieldId: string;
  read(): string;
  write(value: string): void;
  /** Enter on the on-screen keyboard: submits a one-line field's form. */
  submit?: () => void;
}

interface UiState {
  keyboardTarget: KeyboardTarget | null;
  openKeyboard(target: KeyboardTarget): void;
  closeKeyboard(fieldId?: string): void;
}

export const useUi = create<UiState>()((set, get) => ({
  keyboardTarget: null,
  openKeyboard: (keyboardTarget) => set({ keyboardTarget }),
  closeKeyboard(fieldId) {
    const current = get().keyboardTarget;
    if (current && (fieldId === undefined || current.fieldId === fieldId)) set({ keyboardTarget: null });
  },
}));

/**
 * How the last pointer went down. Focus itself does not say whether a finger
 * or a key moved it, and the keyboard must appear only for a finger.
 */
let lastPointer: { type: string; at: number } = { type: 'none', at: 0 };

export function followInputModality(): () => void {
  const onPointerDown = (event: PointerEvent) => {
    lastPointer = { type: event.pointerType, at: event.timeStamp };
  };
  // A physical key means a physical keyboard is there: the on-screen one gets out of the way.
  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    // Focus moved by this key (Tab) is not a touch focus, however recent the last touch was.
    lastPointer = { type: 'key', at: event.timeStamp };
    useUi.getState().closeKeyboard();
  };
  document.addEventListener('pointerdown', onPointerDown, true);
  document.addEventListener('keydown', onKeyDown, true);
  return () => {
    document.removeEventListener('pointerdown', onPointerDown, true);
    document.removeEventListener('keydown', onKeyDown, true);
  };
}

/** True when the focus that is happening now came from a touch, not a key or a mouse. */
export function focusCameFromTouch(now: number): boolean {
  return lastPointer.type === 'touch' && now - lastPointer.at < 1500;
}
