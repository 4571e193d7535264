import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * `position: relative` holds absolutely positioned content (visually hidden text) inside the
 * scrolling region: otherwise it widens the whole page on a narrow screen.
 */
const REGION = { overflowX: 'auto', position: 'relative' } as const;

/**
 * A table that scrolls sideways on a narrow screen. The scrolling region is focusable and
 * named, so a keyboard can scroll it too (Mantine's ScrollContainer is not focusable).
 * `label` names it when a page has several, as landmarks need names of their own.
 */
export function ScrollTable({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  label?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus (WCAG 2.1.1)
    <section tabIndex={0} aria-label={label ?? t('common.scrollTable')} style={REGION}>
      <div style={{ minWidth }}>{children}</div>
    </section>
  );
}
