import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ChannelInfo, ChannelSession } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useStreamEvents } from '../stream/use-stream.js';

/**
 * Each channel adapter: provider, whether it is paused and why. A channel paired with a phone
 * (WhatsApp Web) shows its session; an admin sees the pairing QR code live from the stream.
 * The hub renders the QR code as a PNG data URL (`qrDataUrl`), so the console needs no QR
 * library.
 */
export function ChannelsPage() {
  const { t } = useTranslation();
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => client.channels.list() });
  useStreamEvents(['alert'], (event) => {
    if (event.data.code.startsWith('channel_')) void channels.refetch();
  });
  return (
    <>
      <PageTitle title={t('channelsPage.title')} />
      <ErrorAlert error={channels.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {channels.data?.items.map((info) => (
          <ChannelCard key={`${info.channel}-${info.provider}-${info.orgId}`} info={info} />
        ))}
      </SimpleGrid>
    </>
  );
}

function ChannelCard({ info }: { info: ChannelInfo }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      component="section"
      aria-label={`${t(`channels.${info.channel}`)} · ${info.provider}`}
    >
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t(`channels.${info.channel}`)}
        </Title>
        <Badge color={info.paused ? 'orange' : 'teal'} variant="dot">
          {info.paused ? t('channelsPage.paused') : t('channelsPage.active')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {info.provider}
        {info.reportsDelivery ? ` · ${t('channelsPage.receipts')}` : ''}
      </Text>
      {info.paused && (
        <Text size="sm" mt="xs">
          {info.paused}
        </Text>
      )}
      {info.pairs && <PairingSession info={info} />}
    </Card>
  );
}

function PairingSession({ info }: { info: ChannelInfo }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const admin = roleHasScope(user.role, 'admin');
  const key = ['channels', info.channel, 'session'];
  const session = useQuery({
    queryKey: key,
    queryFn: () => client.channels.session(info.channel),
    enabled: admin,
  });
  const start = useMutation({
    mutationFn: () => client.channels.startSession(info.channel),
    onSuccess: (s) => queryClient.setQueryData(key, s),
  });
  useStreamEvents(['channel.session'], (event) => {
    if (event.data.channel !== info.channel) return;
    // Events to non-admins carry no pairing code: keep only the state then.
    queryClient.setQueryData(key, (old: ChannelSession | undefined) =>
      admin || !old ? event.data : { ...old, state: event.data.state, detail: event.data.detail },
    );
  });
  if (!admin) {
    return (
      <Text size="sm" mt="xs">
        {t('channelsPage.adminPairs')}
      </Text>
    );
  }
  const s = session.data;
  return (
    <Stack mt="sm" gap="xs" data-testid={`session-${info.channel}`}>
      <ErrorAlert error={session.error ?? start.error} />
      {s && (
        <Text size="sm">
          {t('channelsPage.session')}: <b>{t(`sessionStates.${s.state}`)}</b>
          {s.detail ? ` — ${s.detail}` : ''}
        </Text>
      )}
      {s?.state === 'qr' && s.qrDataUrl && (
        <>
          <Alert color="blue">{t('channelsPage.scan')}</Alert>
          <Image src={s.qrDataUrl} alt={t('channelsPage.qrAlt')} w={240} h={240} />
        </>
      )}
      {s && (s.state === 'disconnected' || s.state === 'failed') && (
        <Button onClick={() => start.mutate()} loading={start.isPending}>
          {t('channelsPage.reconnect')}
        </Button>
      )}
    </Stack>
  );
}
