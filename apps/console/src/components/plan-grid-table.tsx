import { Badge, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { PlanCounts, PlanGrid, PlanGridCell } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { cellOf, type GridRow, type GridSection } from '../api/plan-grid.js';
import { formatDay } from '../i18n/campaign-days.js';
import { currentLanguage } from '../i18n/i18n.js';
import { pickText } from './localized.js';
import { PlanStatusBadge, planStatusText } from './plan-status.js';
import { ScrollTable } from './scroll-table.js';

/** An organisation (a column) of the grid. */
export type GridOrg = PlanGrid['organisations'][number];

/** Opens the status dialog of a pair. */
export type EditPair = (row: GridRow, org: GridOrg, cell: PlanGridCell) => void;

/** How many pairs `counts` counts. */
export const countTotal = (c: PlanCounts) => c.planned + c.in_progress + c.done + c.overdue;

/**
 * The grid as a table: the items by section in rows, the organisations in columns, each cell
 * the pair's status (a button that opens its dialog when `onEdit` is given), the counts per
 * item in the last column and per organisation in the last row. It scrolls sideways in its
 * own region on a narrow screen.
 */
export function PlanGridTable({
  grid,
  sections,
  locale,
  busy,
  rowLabel,
  onEdit,
}: {
  grid: PlanGrid;
  sections: readonly GridSection[];
  locale: string;
  busy: boolean;
  rowLabel: (row: GridRow) => string;
  onEdit: EditPair | undefined;
}) {
  const { t } = useTranslation();
  return (
    <ScrollTable minWidth={280 + 150 * (grid.organisations.length + 1)}>
      <Table
        withTableBorder
        withColumnBorders
        aria-busy={busy}
        data-testid="plan-grid"
        captionSide="top"
      >
        <Table.Caption ta="left">{t('plan.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('plan.item')}</Table.Th>
            {grid.organisations.map((org) => (
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
            gridCampaignId={grid.campaignId}
            organisations={grid.organisations}
            locale={locale}
            rowLabel={rowLabel}
            onEdit={onEdit}
          />
        ))}
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t('plan.orgCounts')}</Table.Th>
            {grid.organisations.map((org) => (
              <Table.Td key={org.orgId} data-testid={`org-counts-${org.orgId}`}>
                <Counts counts={org.counts} />
              </Table.Td>
            ))}
            <Table.Td>
              <Counts counts={grid.totals} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </ScrollTable>
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
  onEdit: EditPair | undefined;
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
            const badge = <PlanStatusBadge status={cell.status} />;
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
                {cell.status === 'overdue' && cell.overdueFor && (
                  <Text size="xs" c="red.9" fw={600}>
                    {t('plan.dueOn', { day: formatDay(locale, cell.overdueFor) })}
                  </Text>
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
      {t('plan.doneOf', { done: counts.done, total: countTotal(counts) })}
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
