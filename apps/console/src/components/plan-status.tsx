import { Badge } from '@mantine/core';
import type { PlanAssignmentState } from '@safenet/sdk';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../i18n/campaign-days.js';

/**
 * How each status looks. Overdue is not told by colour alone: it is a filled badge with a
 * warning sign and the word, and says the date it was due.
 */
const LOOKS: Record<PlanAssignmentState, { color: string; variant: string; sign: string }> = {
  planned: { color: 'gray', variant: 'light', sign: '○' },
  in_progress: { color: 'blue.9', variant: 'light', sign: '◐' },
  done: { color: 'teal.9', variant: 'light', sign: '✓' },
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

/** A pair's status as shown, with the missed due date when overdue. */
export function PlanStatusBadge({
  status,
  overdueFor,
  locale,
}: {
  status: PlanAssignmentState;
  overdueFor?: string | null;
  locale: string;
}) {
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
      {planStatusText(t, status, overdueFor, locale)}
    </Badge>
  );
}
