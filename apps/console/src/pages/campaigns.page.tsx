import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type CampaignStatus, roleHasScope } from '@safenet/sdk';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCampaignUpdates } from '../api/campaigns.js';
import { client } from '../api/client.js';
import { CAMPAIGN_STATUSES } from '../api/domain.js';
import { useOrganisations } from '../api/organisations.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { CampaignStatusBadge } from '../components/campaign-status.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { type CampaignsSearch, campaignListParams } from './campaigns-search.js';

/** Campaigns per page: "load more" fetches the next one. */
const PAGE = 50;
/** How long typing rests before the search runs (ms). */
const DEBOUNCE = 300;

/**
 * Campaigns of an organisation's subtree, filtered by the hub (status as the calendar has it
 * now, a title prefix in any language), a page at a time; live on `campaign.updated`. The
 * filters are the URL's, so a filtered list can be linked.
 */
export function CampaignsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const { data: orgs = [] } = useOrganisations();
  const search = useSearch({ from: '/app/campaigns' });
  const navigate = useNavigate({ from: '/campaigns' });
  const orgId = search.orgId ?? user.orgId;
  const set = (change: Partial<CampaignsSearch>) =>
    void navigate({
      search: (previous: CampaignsSearch) => {
        const next: Record<string, string | undefined> = { ...previous, ...change };
        for (const key of Object.keys(next)) if (!next[key]) delete next[key];
        return next as CampaignsSearch;
      },
      replace: true,
    });
  useCampaignUpdates();

  // The box follows typing; the URL (and so the query) follows the box once typing rests.
  const [typed, setTyped] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(typed.trim(), DEBOUNCE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a rested change of the text navigates
  useEffect(() => {
    if (debounced !== (search.q ?? '')) set({ q: debounced || undefined });
  }, [debounced]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only
  useEffect(() => {
    if ((search.q ?? '') !== debounced) setTyped(search.q ?? '');
  }, [search.q]);

  const params = campaignListParams(search, orgId);
  const campaigns = useInfiniteQuery({
    queryKey: ['campaigns', 'list', params],
    queryFn: ({ pageParam }) =>
      client.campaigns.list({
        ...params,
        limit: PAGE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const shown = campaigns.data?.pages.flatMap((p) => p.items) ?? [];
  const language = currentLanguage();
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? '—';
  return (
    <>
      <PageTitle title={t('campaigns.title')}>
        {roleHasScope(user.role, 'write') && (
          <Group gap="sm">
            <Button
              component={Link}
              to="/campaigns/load"
              variant="light"
              data-testid="load-programme"
            >
              {t('campaigns.load')}
            </Button>
            <Button component={Link} to="/campaigns/new" data-testid="new-campaign">
              {t('campaigns.new')}
            </Button>
          </Group>
        )}
      </PageTitle>
      <Group align="end" mb="md" wrap="wrap">
        <OrgSelect
          value={orgId}
          onChange={(id) => set({ orgId: id === user.orgId ? undefined : id })}
        />
        <TextInput
          label={t('campaigns.search')}
          description={t('campaigns.searchHint')}
          type="search"
          value={typed}
          maxLength={300}
          onChange={(e) => setTyped(e.currentTarget.value)}
        />
        <Select
          label={t('campaigns.status')}
          description={t('campaigns.statusHint')}
          clearable
          value={search.status ?? null}
          onChange={(v) => set({ status: (v as CampaignStatus | null) ?? undefined })}
          data={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatus.${s}`) }))}
          data-testid="campaign-status-filter"
        />
      </Group>
      <ErrorAlert error={campaigns.error} />
      <ScrollTable minWidth={640}>
        <Table striped highlightOnHover aria-busy={campaigns.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.campaign')}</Table.Th>
              <Table.Th>{t('common.organisation')}</Table.Th>
              <Table.Th>{t('campaigns.window')}</Table.Th>
              <Table.Th>{t('campaigns.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((c) => (
              <Table.Tr key={c.id} data-testid={`campaign-${c.id}`}>
                <Table.Td>
                  <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                    {pickText(c.title, language)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{orgName(c.orgId)}</Table.Td>
                <Table.Td>
                  {formatDay(format.locale, c.startsOn)} – {formatDay(format.locale, c.endsOn)}
                </Table.Td>
                <Table.Td>
                  <CampaignStatusBadge status={c.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group mt="xs" gap="md">
        <Text size="sm" c="dimmed" role="status">
          {campaigns.isSuccess && shown.length === 0
            ? t('campaigns.noMatch')
            : t('campaigns.shown', { n: shown.length })}
        </Text>
        {campaigns.hasNextPage && (
          <Button
            variant="light"
            size="xs"
            loading={campaigns.isFetchingNextPage}
            onClick={() => void campaigns.fetchNextPage()}
          >
            {t('campaigns.more')}
          </Button>
        )}
      </Group>
    </>
  );
}
