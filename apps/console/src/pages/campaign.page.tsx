import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type Campaign, type LocalizedText, roleHasScope } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { refreshCampaigns, useCampaign, useCampaignUpdates } from '../api/campaigns.js';
import { client } from '../api/client.js';
import { CAMPAIGN_ACTIONS, CAMPAIGN_EDITABLE, type CampaignAction } from '../api/domain.js';
import { useOrganisations } from '../api/organisations.js';
import { useLineage } from '../api/plans.js';
import { useUser } from '../auth/session.js';
import { LineageCard } from '../components/campaign-lineage.js';
import { CampaignSources } from '../components/campaign-sources.js';
import { CampaignStatusBadge } from '../components/campaign-status.js';
import { CampaignTabs } from '../components/campaign-tabs.js';
import { CampaignTimeline } from '../components/campaign-timeline.js';
import { CopyCampaign, DownloadProgramme } from '../components/copy-campaign.js';
import { ErrorAlert } from '../components/error-alert.js';
import { CampaignInherited } from '../components/inherited-items.js';
import { pickedLanguage, pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { PlanAbove } from '../components/plan-above.js';
import { ReportTargets } from '../components/report-targets.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';

const ACTIONS = Object.keys(CAMPAIGN_ACTIONS) as CampaignAction[];

/**
 * One campaign: its title and goal in the reader's language (with fallback), window and
 * zone, status with the lifecycle moves allowed now, phases on a timeline with today, the
 * organisers, partners, targets (measured by its reports, beside the completeness they stand
 * on) and the document it comes from; its lineage (the plans it
 * carries out and those carrying it out) and the items it inherits from the plans above; a
 * writer copies it into a new period, anyone downloads it as a programme file. Live on
 * `campaign.updated`. A campaign above the reader's organisation, which the hub does not
 * open, shows what its lineage says, with "Adopt as our plan".
 */
export function CampaignPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId' });
  const user = useUser();
  const format = useFormat();
  const queryClient = useQueryClient();
  const campaign = useCampaign(campaignId);
  useCampaignUpdates();
  const move = useMutation({
    mutationFn: (action: CampaignAction) => client.campaigns[action](campaignId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['campaigns', campaignId], updated);
      await refreshCampaigns(queryClient);
    },
  });
  const lineage = useLineage(campaignId);
  const { data: orgs } = useOrganisations();
  const c = campaign.data;
  // Owned above the reader's subtree: the hub opens its lineage, not the campaign. Told from
  // the data, not from the campaign's 404, which a refetch clears while it runs.
  const ownerId = lineage.data?.campaign.owner.id;
  if (!c && lineage.data && orgs && !orgs.some((o) => o.id === ownerId)) {
    return <PlanAbove lineage={lineage.data} />;
  }
  if (!c) {
    return (
      <>
        <PageTitle title={t('campaign.title')} />
        <ErrorAlert error={campaign.error} />
        {(campaign.isPending || (campaign.isError && lineage.isPending)) && (
          <Text c="dimmed">{t('common.loading')}</Text>
        )}
      </>
    );
  }
  const language = currentLanguage();
  const writer = roleHasScope(user.role, 'write');
  const allowed = ACTIONS.filter((a) =>
    (CAMPAIGN_ACTIONS[a] as readonly string[]).includes(c.status),
  );
  return (
    <>
      <PageTitle title={pickText(c.title, language)}>
        <Group gap="sm" align="start">
          {writer && <CopyCampaign campaign={c} />}
          <DownloadProgramme campaign={c} />
          {writer && CAMPAIGN_EDITABLE.includes(c.status) && (
            <Button
              renderRoot={(props) => (
                <Link to="/campaigns/$campaignId/edit" params={{ campaignId }} {...props} />
              )}
              variant="light"
              data-testid="edit-campaign"
            >
              {t('campaign.edit')}
            </Button>
          )}
        </Group>
      </PageTitle>
      <FallbackNote texts={c.title} language={language} />
      <CampaignTabs campaignId={campaignId} current="overview" />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack>
          <Card withBorder component="section" aria-labelledby="campaign-status-title">
            <Title order={2} size="h4" id="campaign-status-title" mb="xs">
              {t('campaign.statusTitle')}
            </Title>
            <Group gap="sm" mb="xs">
              <CampaignStatusBadge status={c.status} />
              <Text size="sm" data-testid="campaign-window">
                {formatDay(format.locale, c.startsOn)} – {formatDay(format.locale, c.endsOn)} ·{' '}
                {c.timeZone}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" mb="xs">
              {t(`campaign.statusHint.${c.status}`)}
            </Text>
            <ErrorAlert error={move.error} />
            {writer && allowed.length > 0 && (
              <Group gap="sm" mt="xs">
                {allowed.map((action) => (
                  <Button
                    key={action}
                    size="sm"
                    color={action === 'cancel' ? 'red' : undefined}
                    variant={action === 'cancel' ? 'outline' : 'filled'}
                    loading={move.isPending && move.variables === action}
                    data-testid={`campaign-${action}`}
                    onClick={() =>
                      window.confirm(t(`campaign.confirm.${action}`)) && move.mutate(action)
                    }
                  >
                    {t(`campaign.actions.${action}`)}
                  </Button>
                ))}
              </Group>
            )}
          </Card>
          {c.goal && (
            <Card withBorder component="section" aria-labelledby="campaign-goal">
              <Title order={2} size="h4" id="campaign-goal" mb="xs">
                {t('campaign.goal')}
              </Title>
              <Text size="sm" lang={pickedLanguage(c.goal, language) ?? undefined}>
                {pickText(c.goal, language)}
              </Text>
              {c.description && (
                <Text size="sm" mt="xs" c="dimmed">
                  {c.description}
                </Text>
              )}
            </Card>
          )}
          <Card withBorder component="section" aria-labelledby="campaign-phases">
            <Title order={2} size="h4" id="campaign-phases" mb="xs">
              {t('campaign.phases')}
            </Title>
            <CampaignTimeline campaign={c} locale={format.locale} />
          </Card>
        </Stack>
        <Stack>
          <Participants campaign={c} />
          <CampaignSources campaign={c} />
        </Stack>
      </SimpleGrid>
      <Stack mt="lg">
        {c.targets.length > 0 && <ReportTargets campaignId={campaignId} />}
        {lineage.data && <LineageCard lineage={lineage.data} />}
        <CampaignInherited campaignId={campaignId} />
      </Stack>
    </>
  );
}

/** Says which language a text is shown in when the reader's has none. */
function FallbackNote({ texts, language }: { texts: LocalizedText; language: string }) {
  const { t } = useTranslation();
  const from = pickedLanguage(texts as Record<string, string>, language);
  if (!from || from === language) return null;
  return (
    <Badge color="orange" variant="dot" mb="md">
      {t('recommendations.fallbackFrom', { language: t(`languages.${from as 'ru'}`) })}
    </Badge>
  );
}

/** Organisers (with "by agreement"), partners and targets. */
function Participants({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  const language = currentLanguage();
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? t('campaign.orgAbove');
  return (
    <Card withBorder component="section" aria-labelledby="campaign-who">
      <Title order={2} size="h4" id="campaign-who" mb="xs">
        {t('campaign.organisers')}
      </Title>
      {campaign.organisers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('common.none')}
        </Text>
      ) : (
        <List size="sm" data-testid="campaign-organisers">
          {campaign.organisers.map((o) => (
            <List.Item key={o.orgId}>
              {orgName(o.orgId)}
              {o.byAgreement && (
                <Badge size="xs" variant="light" ml="xs">
                  {t('campaign.byAgreement')}
                </Badge>
              )}
            </List.Item>
          ))}
        </List>
      )}
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('campaign.partners')}
      </Title>
      {campaign.partners.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('common.none')}
        </Text>
      ) : (
        <List size="sm" data-testid="campaign-partners">
          {campaign.partners.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('campaign.targets')}
      </Title>
      {campaign.targets.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('common.none')}
        </Text>
      ) : (
        <List size="sm">
          {campaign.targets.map((target) => (
            <List.Item key={target.key}>
              {pickText(target.title, language)}
              {/* A ratio's goal is a percentage of no kind of organisation (pupils reached). */}
              {target.measure &&
                ` — ${
                  target.measure.of === undefined
                    ? `${target.measure.percent}%`
                    : t('campaign.measure', {
                        percent: target.measure.percent,
                        kind: t(`orgKinds.${target.measure.of}`),
                      })
                }`}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
