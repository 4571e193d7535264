import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Deadline, InheritedPlanItem } from '@safenet/sdk';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { inheritedGroups } from '../api/lineage-view.js';
import { useOrganisations } from '../api/organisations.js';
import { usePlan } from '../api/plans.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AnchorLink } from './anchor-link.js';
import { pickText } from './localized.js';
import { PlanStatusBadge, planStatusText } from './plan-status.js';

/** A deadline as the plan documents say it: a window, "by" a date, ongoing or recurring. */
export function deadlineText(t: TFunction, locale: string, deadline: Deadline): string {
  switch (deadline.kind) {
    case 'window':
      return t('lineage.deadline.window', {
        from: formatDay(locale, deadline.from),
        to: formatDay(locale, deadline.to),
      });
    case 'date':
      return t('lineage.deadline.date', { day: formatDay(locale, deadline.by) });
    case 'ongoing':
      return t('lineage.deadline.ongoing');
    case 'recurring':
      return t('lineage.deadline.recurring', { rule: deadline.rrule });
  }
}

/**
 * "From the plans above": the items a campaign inherits from the campaigns it carries out,
 * grouped by the campaign they come from — number, title, deadline (set above) and the status
 * of each of its organisations' pairs. They are read only here: a status is recorded on the
 * campaign above, so each organisation links to that campaign's grid, filtered to it.
 */
export function InheritedItems({
  items,
  orgName,
}: {
  items: readonly InheritedPlanItem[];
  orgName: (orgId: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = currentLanguage();
  return (
    <Card withBorder component="section" aria-labelledby="plan-inherited" data-testid="inherited">
      <Title order={2} size="h4" id="plan-inherited" mb="xs">
        {t('lineage.inheritedTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('lineage.inheritedHint')}
      </Text>
      <Stack>
        {inheritedGroups(items).map((group) => {
          const from = pickText(group.campaign.title, language);
          return (
            <section
              key={group.campaign.id}
              aria-label={from}
              data-testid="inherited-group"
              data-campaign={group.campaign.id}
            >
              <Title order={3} size="h5" mb="xs">
                <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: group.campaign.id }}>
                  {from}
                </AnchorLink>
              </Title>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('plan.item')}</Table.Th>
                    <Table.Th scope="col">{t('lineage.deadlineColumn')}</Table.Th>
                    <Table.Th scope="col">{t('lineage.statuses')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {group.items.map((item) => (
                    <Table.Tr key={item.key} data-testid="inherited-item" data-key={item.key}>
                      <Table.Td>
                        {item.number} {pickText(item.title, language)}
                      </Table.Td>
                      <Table.Td data-testid="inherited-deadline">
                        {deadlineText(t, format.locale, item.deadline)}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          {item.assignments.map((pair) => (
                            <Group
                              key={pair.orgId}
                              gap="xs"
                              wrap="wrap"
                              data-testid="inherited-pair"
                            >
                              <PlanStatusBadge status={pair.status} />
                              <AnchorLink
                                size="sm"
                                to="/campaigns/$campaignId/grid"
                                params={{ campaignId: group.campaign.id }}
                                search={{ orgId: pair.orgId }}
                                aria-label={t('lineage.setStatus', {
                                  org: orgName(pair.orgId),
                                  status: planStatusText(
                                    t,
                                    pair.status,
                                    pair.overdueFor,
                                    format.locale,
                                  ),
                                })}
                                data-testid="inherited-set-status"
                              >
                                {orgName(pair.orgId)}
                              </AnchorLink>
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </section>
          );
        })}
      </Stack>
    </Card>
  );
}

/** The items the campaign inherits from the plans above, when it carries one out. */
export function CampaignInherited({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const plan = usePlan(campaignId);
  const { data: orgs = [] } = useOrganisations();
  const inherited = plan.data?.inherited ?? [];
  if (inherited.length === 0) return null;
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? t('lineage.anOrg');
  return <InheritedItems items={inherited} orgName={orgName} />;
}
