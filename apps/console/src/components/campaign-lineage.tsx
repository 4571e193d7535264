import { Box, Card, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import type { CampaignLineage, LineageCampaign, LineageDescendant } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { percentDone } from '../api/lineage-view.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AnchorLink } from './anchor-link.js';
import { CampaignStatusBadge } from './campaign-status.js';
import { pickText } from './localized.js';

/**
 * The campaign's lineage: the plans it carries out (nearest first) and the plans carrying it
 * out, as a tree by depth, each with its owner, status and progress (its own pairs done of
 * all, in the reader's subtree), linked to its page and its grid. The hub leaves out the
 * campaigns the reader may not see, so every one listed can be opened.
 */
export function LineageCard({ lineage }: { lineage: CampaignLineage }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="campaign-lineage" data-testid="lineage">
      <Title order={2} size="h4" id="campaign-lineage" mb="xs">
        {t('lineage.title')}
      </Title>
      <Title order={3} size="h5" mb="xs">
        {t('lineage.implements')}
      </Title>
      {lineage.ancestors.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {t('lineage.noAncestors')}
        </Text>
      ) : (
        <List size="sm" mb="sm" listStyleType="none" data-testid="lineage-ancestors">
          {lineage.ancestors.map((a) => (
            <List.Item key={a.id} data-testid="lineage-ancestor">
              <LineageEntry campaign={a} />
            </List.Item>
          ))}
        </List>
      )}
      <Title order={3} size="h5" mb="xs">
        {t('lineage.implementedBy')}
      </Title>
      {lineage.descendants.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('lineage.noDescendants')}
        </Text>
      ) : (
        <List size="sm" listStyleType="none" data-testid="lineage-descendants">
          {lineage.descendants.map((d) => (
            <DescendantItem key={d.id} campaign={d} />
          ))}
        </List>
      )}
    </Card>
  );
}

/** A plan beneath, indented by its depth (the list is depth first: each after its parent). */
function DescendantItem({ campaign }: { campaign: LineageDescendant }) {
  return (
    <List.Item
      data-testid="lineage-descendant"
      data-depth={campaign.depth}
      style={{ paddingInlineStart: `calc(${campaign.depth - 1} * var(--mantine-spacing-lg))` }}
    >
      <LineageEntry campaign={campaign} />
    </List.Item>
  );
}

/** One campaign of the lineage: title (its page), owner, status, progress, link to its grid. */
function LineageEntry({ campaign }: { campaign: LineageCampaign }) {
  const { t } = useTranslation();
  const title = pickText(campaign.title, currentLanguage());
  const { done, total } = campaign.progress;
  return (
    <Stack gap={4} py={4}>
      <Group gap="xs" wrap="wrap">
        <AnchorLink
          to="/campaigns/$campaignId"
          params={{ campaignId: campaign.id }}
          data-testid="lineage-link"
        >
          {title}
        </AnchorLink>
        <Text size="sm" span data-testid="lineage-owner">
          {campaign.owner.name}
        </Text>
        <CampaignStatusBadge status={campaign.status} />
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Box w={140}>
          <Progress
            value={percentDone(campaign.progress)}
            color="teal.9"
            aria-label={t('lineage.progressOf', { title })}
          />
        </Box>
        <Text size="xs" data-testid="lineage-progress">
          {t('lineage.progress', { done, total })}
        </Text>
        <AnchorLink
          size="xs"
          to="/campaigns/$campaignId/grid"
          params={{ campaignId: campaign.id }}
          data-testid="lineage-grid"
        >
          {t('lineage.grid')}
        </AnchorLink>
      </Group>
    </Stack>
  );
}
