import { Button, Group } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

type CampaignView = 'overview' | 'calendar' | 'grid';

const PATHS = {
  overview: '/campaigns/$campaignId',
  calendar: '/campaigns/$campaignId/calendar',
  grid: '/campaigns/$campaignId/grid',
} as const satisfies Record<CampaignView, string>;

/** The campaign's pages — overview, calendar, plan grid, its report forms — as links, the open one marked. */
export function CampaignTabs({
  campaignId,
  current,
}: {
  campaignId: string;
  current: CampaignView;
}) {
  const { t } = useTranslation();
  return (
    <Group component="nav" aria-label={t('campaignViews.label')} gap="xs" mb="md">
      {(Object.keys(PATHS) as CampaignView[]).map((view) => (
        <Button
          key={view}
          size="xs"
          variant={view === current ? 'filled' : 'light'}
          aria-current={view === current ? 'page' : undefined}
          data-testid={`campaign-view-${view}`}
          renderRoot={(props) => <Link to={PATHS[view]} params={{ campaignId }} {...props} />}
        >
          {t(`campaignViews.${view}`)}
        </Button>
      ))}
      {/* The campaign's report forms: the reports list filtered by the campaign. */}
      <Button
        size="xs"
        variant="light"
        data-testid="campaign-view-reports"
        renderRoot={(props) => <Link to="/reports" search={{ campaignId }} {...props} />}
      >
        {t('campaignViews.reports')}
      </Button>
    </Group>
  );
}
