import { LineChart } from '@mantine/charts';
import {
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { BroadcastProgress, Delivery, DeliveryStatus } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { costSettled } from '../api/cost-view.js';
import { DELIVERY_STATUSES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { BroadcastCostCard } from '../components/broadcast-cost.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';
import { useStreamEvents } from '../stream/use-stream.js';
import { STATUS_COLORS } from './broadcasts.page.js';

/** Colours of delivery states in the chart and badges. */
export const DELIVERY_COLORS: Record<DeliveryStatus, string> = {
  queued: 'gray.6',
  sending: 'blue.6',
  sent: 'cyan.7',
  delivered: 'teal.7',
  read: 'green.8',
  failed: 'red.7',
  suppressed: 'orange.7',
  captured: 'violet.6',
  cancelled: 'yellow.8',
};

/** Of a big broadcast, the deliveries list shows this many. */
const DELIVERY_PAGE = 200;

interface Point {
  at: string;
  counts: BroadcastProgress['counts'];
}

/**
 * A broadcast's live progress: counts per state from `broadcast.progress` events, a chart of
 * them over the time the page is open, counts per channel and state, its cost (the estimate
 * beside what providers reported) and its deliveries (`delivery.updated` events keep them
 * current).
 */
export function BroadcastProgressPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { broadcastId } = useParams({ from: '/app/broadcasts/$broadcastId' });
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const listLoadedAt = useRef(0);

  const broadcast = useQuery({
    queryKey: ['broadcasts', broadcastId],
    queryFn: () => client.broadcasts.get(broadcastId),
  });
  const progress = useQuery({
    queryKey: ['broadcasts', broadcastId, 'progress'],
    queryFn: () => client.broadcasts.progress(broadcastId),
  });
  const deliveries = useQuery({
    queryKey: ['broadcasts', broadcastId, 'deliveries', status],
    queryFn: () =>
      client.broadcasts.deliveries(broadcastId, {
        limit: DELIVERY_PAGE,
        ...(status ? { status } : {}),
      }),
  });
  const cancel = useMutation({
    mutationFn: () => client.broadcasts.cancel(broadcastId),
    onSuccess: (b) => queryClient.setQueryData(['broadcasts', broadcastId], b),
  });

  // The first point of the chart: the counts when the page opened.
  useEffect(() => {
    if (progress.data && points.length === 0) {
      setPoints([{ at: new Date().toISOString(), counts: progress.data.counts }]);
    }
  }, [progress.data, points.length]);

  useStreamEvents(['broadcast.progress', 'delivery.updated'], (event) => {
    if (event.data.broadcastId !== broadcastId) return;
    if (event.type === 'broadcast.progress') {
      queryClient.setQueryData(['broadcasts', broadcastId, 'progress'], event.data);
      setPoints((p) => [...p.slice(-299), { at: event.at, counts: event.data.counts }]);
      if (event.data.status !== broadcast.data?.status) void broadcast.refetch();
      // New deliveries appear as the broadcast is planned: reload the list, at most once a
      // second, and once more when it is over.
      const now = Date.now();
      if (now - listLoadedAt.current > 1000 || event.data.status === 'completed') {
        listLoadedAt.current = now;
        void deliveries.refetch();
      }
    } else {
      const change = event.data;
      queryClient.setQueryData(
        ['broadcasts', broadcastId, 'deliveries', status],
        (page: { items: Delivery[]; nextCursor: string | null } | undefined) =>
          page && {
            ...page,
            items: page.items.map((d) =>
              d.id === change.deliveryId
                ? { ...d, status: change.status, reason: change.reason, updatedAt: event.at }
                : d,
            ),
          },
      );
    }
  });

  const p = progress.data;
  const b = broadcast.data;
  const shown = DELIVERY_STATUSES.filter((s) => (p?.counts[s] ?? 0) > 0);
  const byChannel = p?.channels ?? {};
  const chartData = points.map((point) => ({
    time: format.time(point.at),
    ...Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, point.counts[s] ?? 0])),
  }));

  return (
    <>
      <PageTitle title={t('progress.title')}>
        {b &&
          roleHasScope(user.role, 'send') &&
          ['scheduled', 'queued', 'sending', 'awaiting_approval'].includes(b.status) && (
            <Button
              color="red"
              variant="light"
              onClick={() => cancel.mutate()}
              loading={cancel.isPending}
            >
              {t('progress.cancel')}
            </Button>
          )}
      </PageTitle>
      <ErrorAlert error={broadcast.error ?? progress.error ?? cancel.error} />
      {b && p && (
        <Stack>
          <Card withBorder>
            <Group justify="space-between">
              <Group gap="xs">
                <Text>{t('progress.status')}:</Text>
                <Badge
                  variant="dot"
                  color={STATUS_COLORS[p.status]}
                  data-testid="broadcast-status"
                  data-status={p.status}
                >
                  {t(`broadcastStatus.${p.status}`)}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {format.dateTime(b.sendAt)} ·{' '}
                {b.channels.map((c) => t(`channels.${c}`)).join(' → ')}
              </Text>
            </Group>
            <Group gap="xs" mt="sm" aria-live="polite" data-testid="progress-counts">
              <Text fw={600}>{t('progress.total', { n: format.number(p.total) })}</Text>
              {shown.map((s) => (
                <Badge
                  key={s}
                  color={DELIVERY_COLORS[s].split('.')[0]}
                  variant="dot"
                  data-testid={`count-${s}`}
                >
                  {t(`deliveryStatus.${s}`)}: {format.number(p.counts[s] ?? 0)}
                </Badge>
              ))}
            </Group>
            {p.fallbacks > 0 && (
              <Text size="sm" mt="xs">
                {t('progress.fallbacks', { n: format.number(p.fallbacks) })}
              </Text>
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder component="section" aria-labelledby="chart-title">
              <Title order={2} size="h4" id="chart-title" mb="xs">
                {t('progress.overTime')}
              </Title>
              {chartData.length > 1 ? (
                <LineChart
                  h={220}
                  data={chartData}
                  dataKey="time"
                  withLegend
                  curveType="linear"
                  series={(shown.length ? shown : (['queued'] as DeliveryStatus[])).map((s) => ({
                    name: s,
                    label: t(`deliveryStatus.${s}`),
                    color: DELIVERY_COLORS[s],
                  }))}
                />
              ) : (
                <Text c="dimmed" size="sm">
                  {t('progress.chartWaiting')}
                </Text>
              )}
            </Card>
            <Card withBorder component="section" aria-labelledby="channels-title">
              <Title order={2} size="h4" id="channels-title" mb="xs">
                {t('progress.perChannel')}
              </Title>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('progress.channel')}</Table.Th>
                    <Table.Th>{t('progress.states')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {Object.entries(byChannel).map(([channel, counts]) => (
                    <Table.Tr key={channel}>
                      <Table.Td>{t(`channels.${channel as 'sms'}`)}</Table.Td>
                      <Table.Td>
                        {Object.entries(counts)
                          .map(
                            ([s, n]) =>
                              `${t(`deliveryStatus.${s as DeliveryStatus}`)}: ${format.number(n)}`,
                          )
                          .join(' · ')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          <BroadcastCostCard
            broadcastId={broadcastId}
            channels={b.channels}
            settled={costSettled(p)}
            format={format}
          />
          <Card withBorder component="section" aria-labelledby="deliveries-title">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4" id="deliveries-title">
                {t('progress.deliveries')}
              </Title>
              <Select
                aria-label={t('progress.filterStatus')}
                placeholder={t('progress.allStates')}
                clearable
                value={status}
                onChange={(v) => setStatus(v as DeliveryStatus | null)}
                data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`deliveryStatus.${s}`) }))}
              />
            </Group>
            <Table.ScrollContainer minWidth={480}>
              <Table striped data-testid="deliveries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('progress.channel')}</Table.Th>
                    <Table.Th>{t('progress.language')}</Table.Th>
                    <Table.Th>{t('progress.status')}</Table.Th>
                    <Table.Th>{t('progress.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {deliveries.data?.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <AnchorLink
                          to="/broadcasts/$broadcastId/deliveries/$deliveryId"
                          params={{ broadcastId, deliveryId: d.id }}
                        >
                          {t(`channels.${d.channel}`)}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{t(`languages.${d.language}`)}</Table.Td>
                      <Table.Td>
                        {t(`deliveryStatus.${d.status}`)}
                        {d.reason ? ` (${d.reason})` : ''}
                      </Table.Td>
                      <Table.Td>{format.time(d.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Stack>
      )}
    </>
  );
}
