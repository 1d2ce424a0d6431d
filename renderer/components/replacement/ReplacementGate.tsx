import { Suspense, useState } from 'react';
import { lazyScreen } from '../../lazy-screen';
import { useStatusStore } from '../../stores/status';

// The replacement windows are rare (PROTOCOL.md §4): their code and words load the first time main says one is required.
const ReplacementWindows = lazyScreen(() => import('./ReplacementWindows').then((m) => m.ReplacementWindows));

/** Mounts the replacement windows once a replacement was required, and keeps them: their confirmation outlives the state. */
export function ReplacementGate() {
  const required = useStatusStore((s) => s.status?.management.state === 'replacement-required');
  const [seen, setSeen] = useState(false);
  if (required && !seen) setSeen(true);
  if (!required && !seen) return null;
  return (
    <Suspense fallback={null}>
      <ReplacementWindows />
    </Suspense>
  );
}
