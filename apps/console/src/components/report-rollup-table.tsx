import { Table, Text } from '@mantine/core';
import type { ReportField, RollUpNode } from '@safenet/sdk';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { rollUpColumns, rollUpRows } from '../api/report-view.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { pickText } from './localized.js';
import { ReportRate } from './report-rate.js';
import { ApprovalState } from './report-review.js';
import { ScrollTable } from './scroll-table.js';

/**
 * The roll-up as a table, as the 2017 report was: one row per organisation (its subtree's
 * totals, status and rates) and the totals row of the organisation rolled up. With
 * `approvals` (a form with approval levels), each row's approval and `actions` (approve,
 * withdraw, return) end the row.
 */
export function RollUpTable({
  fields,
  rows,
  total,
  approvals = false,
  actions,
}: {
  fields: readonly ReportField[];
  rows: readonly RollUpNode[];
  total: RollUpNode;
  approvals?: boolean;
  actions?: (node: RollUpNode) => ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = currentLanguage();
  const columns = rollUpColumns(fields);
  const body = rollUpRows(columns, rows);
  const [totals] = rollUpRows(columns, [total]);
  const nodes = new Map(rows.map((node) => [node.orgId, node]));
  const extra = (approvals ? 1 : 0) + (actions ? 1 : 0);
  const number = (value: number | null) => (value === null ? '—' : format.number(value));
  return (
    <ScrollTable minWidth={Math.max(720, 160 + columns.length * 110)}>
      <Table withTableBorder striped captionSide="top" data-testid="rollup-table">
        <Table.Caption ta="left">{t('reports.tableCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.organisation')}</Table.Th>
            <Table.Th scope="col">{t('reports.status')}</Table.Th>
            {columns.map((c) => (
              <Table.Th scope="col" key={c.key}>
                {pickText(c.label, language)}
                {c.optionLabel && `: ${pickText(c.optionLabel, language)}`}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('reports.reportingRate')}</Table.Th>
            <Table.Th scope="col">{t('reports.onTimeRate')}</Table.Th>
            <Table.Th scope="col">{t('reports.expectedSubmitted')}</Table.Th>
            {approvals && <Table.Th scope="col">{t('review.approval')}</Table.Th>}
            {actions && <Table.Th scope="col">{t('review.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {body.map((row) => (
            <Table.Tr key={row.orgId} data-testid={`rollup-row-${row.orgId}`}>
              <Table.Th scope="row" fw="normal">
                {row.name}
              </Table.Th>
              <Table.Td>{t(`reports.own.${row.own}`)}</Table.Td>
              {row.cells.map((value, i) => (
                <Table.Td key={columns[i]?.key} ta="right">
                  {number(value)}
                </Table.Td>
              ))}
              <Table.Td>
                <ReportRate rate={row.completeness.reportingRate} />
              </Table.Td>
              <Table.Td ta="right">
                {row.completeness.onTimeRate === null
                  ? '—'
                  : format.percent(row.completeness.onTimeRate)}
              </Table.Td>
              <Table.Td ta="right">
                {t('reports.ratio', {
                  submitted: format.number(row.completeness.submitted),
                  expected: format.number(row.completeness.expected),
                })}
              </Table.Td>
              {approvals && (
                <Table.Td>
                  <ApprovalState node={nodes.get(row.orgId) as RollUpNode} />
                </Table.Td>
              )}
              {actions && <Table.Td>{actions(nodes.get(row.orgId) as RollUpNode)}</Table.Td>}
            </Table.Tr>
          ))}
          {body.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length + 5 + extra}>
                <Text c="dimmed" size="sm">
                  {t('reports.noRows')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        {totals && (
          <Table.Tfoot>
            <Table.Tr data-testid="rollup-total" fw={700}>
              <Table.Th scope="row">{t('reports.total')}</Table.Th>
              <Table.Td />
              {totals.cells.map((value, i) => (
                <Table.Td key={columns[i]?.key} ta="right">
                  {number(value)}
                </Table.Td>
              ))}
              <Table.Td>
                <ReportRate rate={totals.completeness.reportingRate} />
              </Table.Td>
              <Table.Td ta="right">
                {totals.completeness.onTimeRate === null
                  ? '—'
                  : format.percent(totals.completeness.onTimeRate)}
              </Table.Td>
              <Table.Td ta="right">
                {t('reports.ratio', {
                  submitted: format.number(totals.completeness.submitted),
                  expected: format.number(totals.completeness.expected),
                })}
              </Table.Td>
              {extra > 0 && <Table.Td colSpan={extra} />}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </ScrollTable>
  );
}
