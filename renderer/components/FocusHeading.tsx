import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A heading that takes focus when it appears: when a step of a flow replaces
 * the previous one, keyboard and screen-reader users continue from here
 * instead of from the top of the page.
 */
export function FocusHeading({ id, children, level = 3 }: { id: string; children: ReactNode; level?: 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} ref={ref} tabIndex={-1} className="focus-heading">
      {children}
    </Tag>
  );
}
