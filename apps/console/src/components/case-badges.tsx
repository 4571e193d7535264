import { Badge, Text } from '@mantine/core';
import type { CaseSeverity, CaseSummary } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { clockTone, deadlineOf, formatRemaining, remaining } from '../api/case-clock.js';

/**
 * How each severity looks: always its word, the colour only beside it. Filled dark shades
 * (white text on red 9 and blue 9, black on orange 9, gray 7 outlined) keep 4.5:1 contrast.
 */
const LOOKS: Record<CaseSeverity, { color: string; variant: string }> = {
  critical: { color: 'red.9', variant: 'filled' },
  high: { color: 'orange.9', variant: 'filled' },
  normal: { color: 'blue.9', variant: 'filled' },
  low: { color: 'gray.7', variant: 'outline' },
};

/** A case's severity as a badge that says it in words. */
export function SeverityBadge({ severity }: { severity: CaseSeverity }) {
  const { t } = useTranslation();
  const look = LOOKS[severity];
  return (
    <Badge
      color={look.color}
      variant={look.variant}
      autoContrast
      tt="none"
      data-testid="case-severity"
      data-severity={severity}
    >
      {t('cases.severityOf', { severity: t(`cases.severity.${severity}`) })}
    </Badge>
  );
}

/**
 * The clock a case runs against, counting down from `now` (the page's ticking clock): "Triage
 * within 14 min 30 s", then "Triage overdue by 2 min" in bold red. Nothing once it is closed.
 */
export function CaseClock({
  kase,
  now,
}: {
  kase: Pick<CaseSummary, 'state' | 'acknowledgedAt' | 'acknowledgeBy' | 'resolveBy' | 'createdAt'>;
  now: number;
}) {
  const { t } = useTranslation();
  const deadline = deadlineOf(kase);
  if (!deadline) return null;
  const left = remaining(deadline.at, now);
  const time = formatRemaining(left, (unit, n) => t(`cases.unit.${unit}`, { n }));
  const tone = clockTone(kase, deadline, now);
  const key = left.overdue ? (`${deadline.kind}Overdue` as const) : deadline.kind;
  return (
    <Text
      size="sm"
      fw={tone === 'ok' ? undefined : 700}
      c={tone === 'overdue' ? 'red.9' : undefined}
      data-testid="case-clock"
      data-tone={tone}
    >
      {tone === 'ok' ? '' : '⚠ '}
      {t(`cases.clock.${key}`, { time })}
    </Text>
  );
}
