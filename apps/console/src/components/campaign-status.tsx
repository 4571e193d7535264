import { Badge } from '@mantine/core';
import type { CampaignStatus } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';

/** Colours of a campaign's statuses, in list and page alike. */
export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'gray',
  scheduled: 'blue',
  active: 'teal',
  completed: 'green',
  archived: 'dark',
  cancelled: 'orange',
};

/** A campaign's status, as the calendar has it now. */
export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={CAMPAIGN_STATUS_COLORS[status]} variant="dot" data-testid="campaign-status">
      {t(`campaignStatus.${status}`)}
    </Badge>
  );
}
