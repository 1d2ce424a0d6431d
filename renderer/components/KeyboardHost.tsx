import { lazy, Suspense, useEffect } from 'react';
import { useUi } from '../stores/ui';

// Lazy: keyboard-only devices never download the keyboard, and it stays out of the first bundle.
const OnScreenKeyboard = lazy(() => import('./OnScreenKeyboard'));

/** Shows the on-screen keyboard under the page while a touched field is focused. */
export function KeyboardHost() {
  const target = useUi((s) => s.keyboardTarget);
  useEffect(() => {
    document.body.classList.toggle('keyboard-open', target !== null);
    if (!target) return;
    // The keyboard covers the lower part of the screen: the field goes to the top, its label just above it.
    const field = document.querySelector(`[data-keyboard-field="${CSS.escape(target.fieldId)}"]`);
    const frame = requestAnimationFrame(() => field?.scrollIntoView({ block: 'start' }));
    return () => cancelAnimationFrame(frame);
  }, [target]);
  if (!target) return null;
  return (
    <Suspense fallback={null}>
      <OnScreenKeyboard target={target} />
    </Suspense>
  );
}
