import { Badge, Card, List, Stack, Table, Text, Title } from '@mantine/core';
import type { Delivery } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';
import { useStreamEvents } from '../stream/use-stream.js';

/**
 * One delivery: its channel, language, state and reason, how many attempts the send took,
 * the deliveries on earlier channels it replaced (fallback), and each state change seen live.
 * The hub has no endpoint for one delivery, so it is found in its broadcast's list.
 */
export function DeliveryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { broadcastId, deliveryId } = useParams({
    from: '/app/broadcasts/$broadcastId/deliveries/$deliveryId',
  });
  const [changes, setChanges] = useState<{ at: string; status: string; reason: string | null }[]>(
    [],
  );
  const all = useQuery({
    queryKey: ['broadcasts', broadcastId, 'deliveries', 'all'],
    queryFn: async () => {
      const found: Delivery[] = [];
      for await (const d of client.broadcasts.iterateDeliveries(broadcastId, { limit: 500 })) {
        found.push(d);
      }
      return found;
    },
  });
  useStreamEvents(['delivery.updated'], (event) => {
    if (event.data.deliveryId !== deliveryId) return;
    setChanges((c) => [
      ...c,
      { at: event.at, status: event.data.status, reason: event.data.reason },
    ]);
    void all.refetch();
  });

  const byId = new Map((all.data ?? []).map((d) => [d.id, d]));
  const delivery = byId.get(deliveryId);
  const chain: Delivery[] = [];
  for (let d = delivery; d; d = d.fallbackFrom ? byId.get(d.fallbackFrom) : undefined)
    chain.unshift(d);

  return (
    <>
      <PageTitle title={t('delivery.title')}>
        <AnchorLink to="/broadcasts/$broadcastId" params={{ broadcastId }}>
          {t('delivery.back')}
        </AnchorLink>
      </PageTitle>
      <ErrorAlert error={all.error} />
      {all.data && !delivery && <Text>{t('delivery.notFound')}</Text>}
      {delivery && (
        <Stack>
          <Card withBorder data-testid="delivery">
            <Table variant="vertical" layout="fixed">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={180}>{t('progress.channel')}</Table.Th>
                  <Table.Td>{t(`channels.${delivery.channel}`)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('progress.language')}</Table.Th>
                  <Table.Td>{t(`languages.${delivery.language}`)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('progress.status')}</Table.Th>
                  <Table.Td>
                    <Badge variant="dot" data-testid="delivery-status">
                      {t(`deliveryStatus.${delivery.status}`)}
                    </Badge>
                    {delivery.reason && <Text size="sm">{delivery.reason}</Text>}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('delivery.attempts')}</Table.Th>
                  <Table.Td>{format.number(delivery.attempts)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('delivery.providerId')}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {delivery.providerMessageId ?? '—'}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('common.created')}</Table.Th>
                  <Table.Td>{format.dateTime(delivery.createdAt)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('progress.updated')}</Table.Th>
                  <Table.Td>{format.dateTime(delivery.updatedAt)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Card>
          {chain.length > 1 && (
            <Card withBorder component="section" aria-labelledby="chain-title">
              <Title order={2} size="h4" id="chain-title">
                {t('delivery.chain')}
              </Title>
              <List type="ordered">
                {chain.map((d) => (
                  <List.Item key={d.id}>
                    {t(`channels.${d.channel}`)}: {t(`deliveryStatus.${d.status}`)}
                    {d.reason ? ` (${d.reason})` : ''} ·{' '}
                    {t('delivery.attemptsN', { n: d.attempts })}
                  </List.Item>
                ))}
              </List>
            </Card>
          )}
          {changes.length > 0 && (
            <Card withBorder component="section" aria-labelledby="changes-title">
              <Title order={2} size="h4" id="changes-title">
                {t('delivery.liveChanges')}
              </Title>
              <List>
                {changes.map((c) => (
                  <List.Item key={`${c.at}-${c.status}`}>
                    {format.time(c.at)}: {t(`deliveryStatus.${c.status as 'sent'}`)}
                    {c.reason ? ` (${c.reason})` : ''}
                  </List.Item>
                ))}
              </List>
            </Card>
          )}
        </Stack>
      )}
    </>
  );
}
