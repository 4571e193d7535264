import {
  Badge,
  Button,
  Group,
  Select,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  type PlanAssignmentState,
  type PlanAssignmentStatus,
  type PlanCounts,
  type PlanGrid,
  type PlanGridCell,
  roleHasScope,
} from '@safenet/sdk';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../api/campaigns.js';
import { cellOf, type GridRow, type GridSection, gridSections } from '../api/plan-grid.js';
import { useGrid, useGridUpdates, usePlan } from '../api/plans.js';
import { useUser } from '../auth/session.js';
import { AssignmentEditor, type EditedPair } from '../components/assignment-editor.js';
import { CampaignTabs } from '../components/campaign-tabs.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { PlanStatusBadge, planStatusText } from '../components/plan-status.js';
import { ScrollTable } from '../components/scroll-table.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { type GridSearch, PLAN_STATES } from './grid-search.js';

type GridOrg = PlanGrid['organisations'][number];

const total = (c: PlanCounts) => c.planned + c.in_progress + c.done + c.overdue;

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
  const sections = data ? gridSections(data, plan.data) : [];
  const title = campaign.data ? pickText(campaign.data.title, language) : t('campaign.title');

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
      <PageTitle title={t('plan.gridTitle', { title })} />
      <CampaignTabs campaignId={campaignId} current="grid" />
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
              total: total(data.totals),
              overdue: data.totals.overdue,
            })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={campaign.error ?? plan.error ?? grid.error} />
      {grid.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length === 0 && (
        <Text c="dimmed" data-testid="grid-empty">
          {t('plan.emptyPlan')}
        </Text>
      )}
      {data && data.items.length > 0 && (
        <ScrollTable minWidth={280 + 150 * (data.organisations.length + 1)}>
          <Table
            withTableBorder
            withColumnBorders
            aria-busy={grid.isFetching}
            data-testid="plan-grid"
            captionSide="top"
          >
            <Table.Caption>{t('plan.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('plan.item')}</Table.Th>
                {data.organisations.map((org) => (
                  <Table.Th scope="col" key={org.orgId} data-testid={`grid-org-${org.orgId}`}>
                    {org.name}
                  </Table.Th>
                ))}
                <Table.Th scope="col">{t('plan.itemCounts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {sections.map((section) => (
              <SectionRows
                key={section.key}
                section={section}
                gridCampaignId={campaignId}
                organisations={data.organisations}
                locale={format.locale}
                rowLabel={rowLabel}
                onEdit={writer ? edit : undefined}
              />
            ))}
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">{t('plan.orgCounts')}</Table.Th>
                {data.organisations.map((org) => (
                  <Table.Td key={org.orgId} data-testid={`org-counts-${org.orgId}`}>
                    <Counts counts={org.counts} />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Counts counts={data.totals} />
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollTable>
      )}
      {data && (cursors.length > 0 || data.nextCursor) && (
        <Group mt="xs" gap="sm">
          <Button
            variant="light"
            size="xs"
            disabled={cursors.length === 0}
            onClick={() => setCursors((list) => list.slice(0, -1))}
          >
            {t('plan.previousPage')}
          </Button>
          <Text size="sm">{t('plan.page', { n: cursors.length + 1 })}</Text>
          <Button
            variant="light"
            size="xs"
            disabled={!data.nextCursor}
            onClick={() =>
              data.nextCursor && setCursors((list) => [...list, data.nextCursor ?? ''])
            }
            data-testid="grid-next"
          >
            {t('plan.nextPage')}
          </Button>
        </Group>
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

/** A section's heading row and its items' rows. */
function SectionRows({
  section,
  gridCampaignId,
  organisations,
  locale,
  rowLabel,
  onEdit,
}: {
  section: GridSection;
  gridCampaignId: string;
  organisations: readonly GridOrg[];
  locale: string;
  rowLabel: (row: GridRow) => string;
  onEdit: ((row: GridRow, org: GridOrg, cell: PlanGridCell) => void) | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Table.Tbody>
      <Table.Tr bg="var(--mantine-color-gray-0)">
        <Table.Th scope="colgroup" colSpan={organisations.length + 2}>
          {pickText(section.title, language)}
        </Table.Th>
      </Table.Tr>
      {section.rows.map((row) => (
        <Table.Tr key={`${row.campaign?.id ?? ''}/${row.key}`} data-testid={`grid-row-${row.key}`}>
          <Table.Th scope="row" fw={400}>
            {rowLabel(row)}
            {row.campaign && (
              <Badge size="xs" variant="outline" ml="xs" tt="none">
                {row.campaign.title
                  ? pickText(row.campaign.title, language)
                  : t('plan.implementing')}
              </Badge>
            )}
          </Table.Th>
          {organisations.map((org) => {
            const cell = cellOf(org.cells, row, gridCampaignId);
            if (!cell) {
              return (
                <Table.Td key={org.orgId}>
                  <Text size="sm" c="dimmed" span aria-hidden="true">
                    —
                  </Text>
                  <VisuallyHidden>{t('plan.notResponsible')}</VisuallyHidden>
                </Table.Td>
              );
            }
            const badge = (
              <PlanStatusBadge status={cell.status} overdueFor={cell.overdueFor} locale={locale} />
            );
            return (
              <Table.Td
                key={org.orgId}
                data-testid={`cell-${row.key}-${org.orgId}`}
                data-status={cell.status}
                bg={cell.status === 'overdue' ? 'var(--mantine-color-red-0)' : undefined}
              >
                {onEdit ? (
                  <UnstyledButton
                    onClick={() => onEdit(row, org, cell)}
                    aria-label={t('plan.changeStatus', {
                      pair: `${rowLabel(row)} — ${org.name}`,
                      status: planStatusText(t, cell.status, cell.overdueFor, locale),
                    })}
                    data-testid="cell-edit"
                  >
                    {badge}
                  </UnstyledButton>
                ) : (
                  badge
                )}
                {cell.byAgreement && (
                  <Text size="xs" c="dimmed">
                    {t('campaign.byAgreement')}
                  </Text>
                )}
              </Table.Td>
            );
          })}
          <Table.Td data-testid={`item-counts-${row.key}`}>
            <Counts counts={row.counts} />
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

/** "2 of 5 done", and the overdue count when there are any. */
function Counts({ counts }: { counts: PlanCounts }) {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      {t('plan.doneOf', { done: counts.done, total: total(counts) })}
      {counts.overdue > 0 && (
        <>
          {' · '}
          <Text span fw={700} c="red.9">
            {t('plan.overdueCount', { n: counts.overdue })}
          </Text>
        </>
      )}
    </Text>
  );
}
