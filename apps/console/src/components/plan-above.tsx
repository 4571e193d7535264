import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type CampaignLineage, roleHasScope } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { ADOPT_CLOSED } from '../api/lineage-view.js';
import { useUser } from '../auth/session.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AdoptCard } from './adopt-card.js';
import { AnchorLink } from './anchor-link.js';
import { LineageCard } from './campaign-lineage.js';
import { CampaignStatusBadge } from './campaign-status.js';
import { pickText } from './localized.js';
import { PageTitle } from './page-title.js';

/**
 * A campaign of an organisation above the reader's: the hub does not open the campaign itself
 * (only its owner's subtree reads it) but does open its plan and lineage. The page then shows
 * what the lineage says — title, owner, status, the plans above and below — a link to its grid,
 * and, for a writer, "Adopt as our plan".
 */
export function PlanAbove({ lineage }: { lineage: CampaignLineage }) {
  const { t } = useTranslation();
  const user = useUser();
  const c = lineage.campaign;
  const adoptable = roleHasScope(user.role, 'write') && !ADOPT_CLOSED.has(c.status);
  return (
    <>
      <PageTitle title={pickText(c.title, currentLanguage())} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack>
          <Card withBorder component="section" aria-labelledby="plan-above-title">
            <Title order={2} size="h4" id="plan-above-title" mb="xs">
              {t('lineage.aboveTitle')}
            </Title>
            <Group gap="sm" mb="xs">
              <CampaignStatusBadge status={c.status} />
              <Text size="sm" data-testid="plan-above-owner">
                {t('lineage.owner', { name: c.owner.name })}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" mb="xs">
              {t('lineage.aboveHint')}
            </Text>
            <AnchorLink
              size="sm"
              to="/campaigns/$campaignId/grid"
              params={{ campaignId: c.id }}
              data-testid="plan-above-grid"
            >
              {t('lineage.grid')}
            </AnchorLink>
          </Card>
          {adoptable && <AdoptCard lineage={lineage} orgId={user.orgId} />}
        </Stack>
        <LineageCard lineage={lineage} />
      </SimpleGrid>
    </>
  );
}
