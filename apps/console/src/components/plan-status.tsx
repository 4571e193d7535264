import { Badge } from '@mantine/core';
import type { PlanAssignmentState } from '@safenet/sdk';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../i18n/campaign-days.js';

/**
 * How each status looks. Overdue is not told by colour alone: it is a filled badge with a
 * warning sign and the word (the grid says the date missed beneath it). Done is outlined in
 * dark teal: Mantine's light teal falls below 4.5:1 on its own background.
 */
const LOOKS: Record<PlanAssignmentState, { color: string; variant: string; sign: string }> = {
  planned: { color: 'gray', variant: 'light', sign: '○' },
  in_progress: { color: 'blue', variant: 'light', sign: '◐' },
  done: { color: 'teal.9', variant: 'outline', sign: '✓' },
  overdue: { color: 'red.8', variant: 'filled', sign: '⚠' },
};

/** The words of a pair's status: "Overdue: due 21 Apr 2017" when overdue. */
export function planStatusText(
  t: TFunction,
  status: PlanAssignmentState,
  overdueFor: string | null | undefined,
  locale: string,
): string {
  return status === 'overdue' && overdueFor
    ? t('plan.overdueSince', { day: formatDay(locale, overdueFor) })
    : t(`plan.status.${status}`);
}

/** A pair's status as shown. */
export function PlanStatusBadge({ status }: { status: PlanAssignmentState }) {
  const { t } = useTranslation();
  const look = LOOKS[status];
  return (
    <Badge
      color={look.color}
      variant={look.variant}
      tt="none"
      data-testid="plan-status"
      data-status={status}
      leftSection={<span aria-hidden="true">{look.sign}</span>}
    >
      {t(`plan.status.${status}`)}
    </Badge>
  );
}
