import { Card, Table, Text, Title } from '@mantine/core';
import type { Channel } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { type CostRow, costRows } from '../api/cost-view.js';
import type { Format } from '../i18n/format.js';
import { EstimateAmount, estimateTotal } from './cost-estimate.js';
import { ErrorAlert } from './error-alert.js';

/** Until the broadcast is over and every SMS has its price, the providers may still report. */
const REFRESH_MS = 5_000;

/** What the providers reported for one channel, in words. */
function ReportedCell({ row, format }: { row: CostRow; format: Format }) {
  const { t } = useTranslation();
  const reported = row.reported;
  switch (reported.kind) {
    case 'amounts':
      return (
        <>
          {reported.amounts.map((a) => (
            <Text key={a.unit ?? '-'} size="sm" data-testid="cost-actual">
              {a.unit ? format.money(a.amount, a.unit) : a.amount}{' '}
              {t('cost.priced', { n: format.number(a.priced) })}
            </Text>
          ))}
          {reported.amounts.length === 0 && reported.awaiting === 0 && (
            <Text size="sm" c="dimmed" data-testid="cost-actual">
              {t('cost.noneYet')}
            </Text>
          )}
          {reported.awaiting > 0 && (
            <Text size="xs" c="dimmed" data-testid="cost-awaiting">
              {t('cost.awaiting', { n: format.number(reported.awaiting) })}
            </Text>
          )}
        </>
      );
    case 'billable':
      return (
        <Text size="sm" data-testid="cost-actual">
          {t('cost.whatsappBillable', {
            billable: format.number(reported.billable),
            notBillable: format.number(reported.notBillable),
          })}
        </Text>
      );
    case 'none':
      return (
        <Text size="sm" c="dimmed" data-testid="cost-actual">
          {t('cost.notReported')}
        </Text>
      );
  }
}

/**
 * A sent broadcast's cost: per channel, the estimate recorded when it was created beside what
 * the providers reported (Twilio's amounts, WhatsApp's billable count), read again every few
 * seconds until it is `settled` (see `costSettled`) and no SMS awaits its price.
 */
export function BroadcastCostCard(props: {
  broadcastId: string;
  channels: readonly Channel[];
  settled: boolean;
  format: Format;
}) {
  const { t } = useTranslation();
  const { format } = props;
  const cost = useQuery({
    queryKey: ['broadcasts', props.broadcastId, 'cost'],
    queryFn: () => client.broadcasts.cost(props.broadcastId),
    refetchInterval: (query) =>
      props.settled && query.state.data?.awaitingPrice === 0 ? false : REFRESH_MS,
  });
  // The last messages just became final: their look-ups are queued now, read them at once
  // (an answer read before would say nothing awaits, and stop the refresh too early).
  const { refetch } = cost;
  useEffect(() => {
    if (props.settled) void refetch();
  }, [props.settled, refetch]);
  const c = cost.data;
  return (
    <Card withBorder component="section" aria-labelledby="cost-title" data-testid="broadcast-cost">
      <Title order={2} size="h4" id="cost-title" mb="xs">
        {t('cost.title')}
      </Title>
      <ErrorAlert error={cost.error} />
      {c && !c.estimate && (
        <Text size="sm" mb="xs" data-testid="cost-no-estimate">
          {t('cost.noEstimate')}
        </Text>
      )}
      {c && (
        <Table.ScrollContainer minWidth={420}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('progress.channel')}</Table.Th>
                <Table.Th>{t('cost.estimated')}</Table.Th>
                <Table.Th>{t('cost.reported')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {costRows(c, props.channels).map((row) => (
                <Table.Tr key={row.channel} data-channel={row.channel}>
                  <Table.Td>{t(`channels.${row.channel}`)}</Table.Td>
                  <Table.Td>
                    {row.estimate && c.estimate ? (
                      <EstimateAmount
                        row={row.estimate}
                        currency={c.estimate.currency}
                        format={format}
                      />
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ReportedCell row={row} format={format} />
                  </Table.Td>
                </Table.Tr>
              ))}
              {c.estimate && (
                <Table.Tr>
                  <Table.Th scope="row">{t('cost.total')}</Table.Th>
                  <Table.Td fw={700} data-testid="cost-total">
                    {estimateTotal(t, c.estimate, format)}
                  </Table.Td>
                  <Table.Td />
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
