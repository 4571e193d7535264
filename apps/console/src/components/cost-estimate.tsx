import { Stack, Table, Text, Title } from '@mantine/core';
import type { CostEstimate } from '@safenet/sdk';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type EstimateRow, estimateRows } from '../api/cost-view.js';
import type { Format } from '../i18n/format.js';

/** A country's name in the reader's language, from its ISO code; null: the number's is unknown. */
function useCountryName(format: Format) {
  const { t } = useTranslation();
  const names = new Intl.DisplayNames([format.locale], { type: 'region', fallback: 'code' });
  return (code: string | null) => (code ? (names.of(code) ?? code) : t('cost.unknownCountry'));
}

const isZero = (amount: string) => /^0(\.0+)?$/.test(amount);

/**
 * One channel's estimated amount, and under it, in words, each destination the price table
 * has no price for (counted as nothing). A channel with no price at all says "no price".
 */
export function EstimateAmount({
  row,
  currency,
  format,
}: {
  row: EstimateRow;
  currency: string;
  format: Format;
}) {
  const { t } = useTranslation();
  const country = useCountryName(format);
  return (
    <>
      <Text size="sm" data-testid="cost-amount">
        {row.unpriced.length > 0 && isZero(row.amount)
          ? t('cost.noPrice')
          : format.money(row.amount, currency)}
      </Text>
      {row.unpriced.map((u) => (
        <Text key={u.country ?? '-'} size="xs" c="red.9" data-testid="cost-unpriced">
          {t('cost.unpriced', { country: country(u.country), n: format.number(u.recipients) })}
        </Text>
      ))}
    </>
  );
}

/** The total: "at least" when some destinations have no price (the hub never guesses them). */
export function estimateTotal(t: TFunction, estimate: CostEstimate, format: Format): string {
  const total = format.money(estimate.total, estimate.currency);
  return estimate.unpriced.length > 0 ? t('cost.atLeast', { amount: total }) : total;
}

/**
 * What sending would cost, per channel and in total, in the price table's currency and the
 * reader's number style — or, with no price table in force, that it cannot be estimated.
 */
export function PreviewCost({ cost, format }: { cost: CostEstimate | null; format: Format }) {
  const { t } = useTranslation();
  if (!cost) {
    return (
      <Text size="sm" mt="xs" data-testid="preview-cost-none">
        {t('cost.noTable')}
      </Text>
    );
  }
  return (
    <Stack gap={4} mt="sm" data-testid="preview-cost">
      <Title order={3} size="h5">
        {t('cost.estimate')}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('progress.channel')}</Table.Th>
            <Table.Th>{t('cost.estimated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {estimateRows(cost).map((row) => (
            <Table.Tr key={row.channel} data-channel={row.channel}>
              <Table.Td>{t(`channels.${row.channel}`)}</Table.Td>
              <Table.Td>
                <EstimateAmount row={row} currency={cost.currency} format={format} />
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('cost.total')}</Table.Th>
            <Table.Td fw={700} data-testid="cost-total">
              {estimateTotal(t, cost, format)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
