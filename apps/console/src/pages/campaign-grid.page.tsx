import { Group, Select, Text } from '@mantine/core';
import {
  type PlanAssignmentState,
  type PlanAssignmentStatus,
  type PlanGridCell,
  roleHasScope,
} from '@safenet/sdk';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../api/campaigns.js';
import { type GridRow, gridSections } from '../api/plan-grid.js';
import { useGrid, useGridUpdates, useLineage, usePlan } from '../api/plans.js';
import { useUser } from '../auth/session.js';
import { AssignmentEditor, type EditedPair } from '../components/assignment-editor.js';
import { CampaignTabs } from '../components/campaign-tabs.js';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { countTotal, type GridOrg, PlanGridTable } from '../components/plan-grid-table.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { type GridSearch, PLAN_STATES } from './grid-search.js';

/**
 * The activity plan's grid: the items, by section and number, against the responsible
 * organisations of a subtree (a page of them at a time), each pair's status with overdue
 * marked in words and sign, counts per item and per organisation. A person with write scope
 * records a pair's status from its cell (the hub lets the organisation and those above it);
 * live on `plan.assignment.updated`.
 */
export function CampaignGridPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId/grid' });
  const search = useSearch({ from: '/app/campaigns/$campaignId/grid' });
  const navigate = useNavigate({ from: '/campaigns/$campaignId/grid' });
  const user = useUser();
  const format = useFormat();
  const language = currentLanguage();
  const orgId = search.orgId ?? user.orgId;
  // The cursors of the pages before this one, to go back; '' is the first page.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1) ?? '';
  const campaign = useCampaign(campaignId);
  const plan = usePlan(campaignId);
  const grid = useGrid(campaignId, orgId, search.status, cursor);
  const setSearch = (change: GridSearch) => {
    setCursors([]);
    void navigate({ search: change, replace: true });
  };
  useGridUpdates(campaignId);
  const [editing, setEditing] = useState<EditedPair | null>(null);
  const writer = roleHasScope(user.role, 'write');
  const data = grid.data;
  const lineage = useLineage(campaignId);
  const campaignTitles = new Map(
    (lineage.data?.descendants ?? []).map((d) => [d.id, d.title] as const),
  );
  const sections = data ? gridSections(data, plan.data, campaignTitles) : [];

  const rowLabel = (row: GridRow) => `${row.number} ${pickText(row.title, language)}`.trim();
  const edit = (row: GridRow, org: GridOrg, cell: PlanGridCell) =>
    setEditing({
      campaignId: row.campaign?.id ?? campaignId,
      itemKey: row.key,
      orgId: org.orgId,
      label: `${rowLabel(row)} — ${org.name}`,
      status: (cell.status === 'overdue' ? 'planned' : cell.status) as PlanAssignmentStatus,
    });

  return (
    <>
      {/* A school reads the plan of a campaign above it, but not the campaign itself (the
          hub shows campaigns of one's own subtree): then the page has no title or tabs. */}
      <PageTitle
        title={
          campaign.data
            ? t('plan.gridTitle', { title: pickText(campaign.data.title, language) })
            : t('plan.gridTitleBare')
        }
      />
      {campaign.data && <CampaignTabs campaignId={campaignId} current="grid" />}
      <Group align="end" mb="md" wrap="wrap">
        <OrgSelect
          label={t('plan.subtree')}
          value={orgId}
          onChange={(id) =>
            setSearch({
              ...(id === user.orgId ? {} : { orgId: id }),
              ...(search.status ? { status: search.status } : {}),
            })
          }
        />
        <Select
          label={t('plan.statusFilter')}
          clearable
          value={search.status ?? null}
          onChange={(value) =>
            setSearch({
              ...(search.orgId ? { orgId: search.orgId } : {}),
              ...(value ? { status: value as PlanAssignmentState } : {}),
            })
          }
          data={PLAN_STATES.map((s) => ({ value: s, label: t(`plan.status.${s}`) }))}
          data-testid="grid-status-filter"
        />
        {data && (
          <Text size="sm" role="status" data-testid="grid-totals">
            {t('plan.totals', {
              done: data.totals.done,
              total: countTotal(data.totals),
              overdue: data.totals.overdue,
            })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={plan.error ?? grid.error} />
      {grid.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length === 0 && (
        <Text c="dimmed" data-testid="grid-empty">
          {t('plan.emptyPlan')}
        </Text>
      )}
      {data && data.items.length > 0 && (
        <PlanGridTable
          grid={data}
          sections={sections}
          locale={format.locale}
          busy={grid.isFetching}
          rowLabel={rowLabel}
          onEdit={writer ? edit : undefined}
        />
      )}
      {data && (
        <CursorPager
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={data.nextCursor}
          previousLabel={t('plan.previousPage')}
          nextLabel={t('plan.nextPage')}
          nextTestId="grid-next"
        />
      )}
      {!writer && data && data.items.length > 0 && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="grid-read-only">
          {t('plan.readOnly')}
        </Text>
      )}
      <AssignmentEditor
        gridCampaignId={campaignId}
        pair={editing}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
