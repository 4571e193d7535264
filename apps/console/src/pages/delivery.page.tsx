import { Badge, Card, List, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import type { DeliveryDetail, DeliveryEvent } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { type Format, useFormat } from '../i18n/format.js';
import { useStreamEvents } from '../stream/use-stream.js';

/**
 * One delivery, loaded by its id (the URL can be shared): its channel, language, state and
 * reason, attempts, the channels tried for its recipient (fallback), and its history as a
 * timeline in the organisation's time zone. A `delivery.updated` event of any delivery of
 * the chain loads it again.
 */
export function DeliveryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { broadcastId, deliveryId } = useParams({
    from: '/app/broadcasts/$broadcastId/deliveries/$deliveryId',
  });
  const detail = useQuery({
    queryKey: ['deliveries', deliveryId],
    queryFn: () => client.deliveries.get(deliveryId),
  });
  useStreamEvents(['delivery.updated'], (event) => {
    const shown = detail.data?.delivery;
    // Any delivery of the same recipient in this broadcast: the chain, or a fallback
    // planned after this page loaded.
    const sameRecipient = shown
      ? event.data.broadcastId === shown.broadcastId && event.data.contactId === shown.contactId
      : event.data.deliveryId === deliveryId;
    if (sameRecipient) void detail.refetch();
  });
  const delivery = detail.data?.delivery;

  return (
    <>
      <PageTitle title={t('delivery.title')}>
        <AnchorLink to="/broadcasts/$broadcastId" params={{ broadcastId }}>
          {t('delivery.back')}
        </AnchorLink>
      </PageTitle>
      {detail.error && (
        <>
          <Text data-testid="delivery-missing">{t('delivery.notFound')}</Text>
          <ErrorAlert error={detail.error} />
        </>
      )}
      {detail.isPending && <Text>{t('common.loading')}</Text>}
      {delivery && detail.data && (
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
          {detail.data.chain.length > 1 && (
            <Card withBorder component="section" aria-labelledby="chain-title">
              <Title order={2} size="h4" id="chain-title">
                {t('delivery.chain')}
              </Title>
              <List type="ordered" data-testid="delivery-chain">
                {detail.data.chain.map((d) => (
                  <List.Item key={d.id}>
                    {t(`channels.${d.channel}`)}: {t(`deliveryStatus.${d.status}`)}
                    {d.reason ? ` (${d.reason})` : ''} ·{' '}
                    {t('delivery.attemptsN', { n: d.attempts })}
                  </List.Item>
                ))}
              </List>
            </Card>
          )}
          <History detail={detail.data} format={format} />
        </Stack>
      )}
    </>
  );
}

/** The chain's moves, oldest first: each a line of the timeline with its time and reason. */
function History({ detail, format }: { detail: DeliveryDetail; format: Format }) {
  const { t } = useTranslation();
  const fallbacks = new Set(detail.chain.filter((d) => d.fallbackFrom).map((d) => d.id));
  const title = (e: DeliveryEvent) => {
    const channel = t(`channels.${e.channel}`);
    if (e.previousStatus === null) {
      return fallbacks.has(e.deliveryId)
        ? t('delivery.fallbackPlanned', { channel })
        : t('delivery.planned', { channel });
    }
    return t('delivery.moved', {
      channel,
      from: t(`deliveryStatus.${e.previousStatus}`),
      to: t(`deliveryStatus.${e.status}`),
    });
  };
  return (
    <Card withBorder component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title">
        {t('delivery.history')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('delivery.historyHint')}
      </Text>
      {detail.history.length === 0 ? (
        <Text>{t('delivery.noHistory')}</Text>
      ) : (
        <Timeline
          bulletSize={14}
          lineWidth={2}
          active={detail.history.length - 1}
          data-testid="delivery-history"
        >
          {detail.history.map((e, i) => (
            <Timeline.Item
              // Moves have no id of their own; their order is their identity here.
              // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at the end
              key={i}
              title={title(e)}
              data-status={e.status}
            >
              <Text size="sm">
                <time dateTime={e.at}>{format.dateTime(e.at)}</time> ·{' '}
                {t('delivery.attemptsN', { n: e.attempts })}
              </Text>
              {e.reason && <Text size="sm">{t('delivery.reason', { reason: e.reason })}</Text>}
              {e.providerMessageId && e.status !== e.previousStatus && e.status === 'sent' && (
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {e.providerMessageId}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
