/**
 * Shortcuts that would leave, reload or inspect the kiosk (issue 9). Swallowed
 * in `before-input-event`, so a keyboard on a thin client cannot get out.
 */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

export function shouldSwallowKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const ctrl = input.control || input.meta;
  if (['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh'].includes(key)) return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  if (ctrl && ['w', 'q', 'r', 'p', 'u', 'n', 't', 'o', 's', 'f4'].includes(key)) return true;
  if (ctrl && key === 'F4') return true;
  if (ctrl && input.shift && ['i', 'j', 'c', 'r', 'delete'].includes(key)) return true;
  // Zoom: Ctrl with +, =, -, 0 (and the numpad's) would scale the kiosk out of its layout.
  if (ctrl && ['+', '=', '-', '_', '0'].includes(key)) return true;
  if (ctrl && ['NumpadAdd', 'NumpadSubtract', 'Numpad0'].includes(input.code ?? '')) return true;
  return false;
}
