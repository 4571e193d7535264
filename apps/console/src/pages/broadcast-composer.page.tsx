import {
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { BroadcastInput, Channel, Language } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CHANNELS, LANGUAGES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { BroadcastPreviewCard } from '../components/broadcast-preview.js';
import { ChipChoice } from '../components/chip-choice.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { zonedWallTimeToIso } from '../i18n/zoned-time.js';

type ContentMode = 'recommendation' | 'text';

/**
 * Compose a broadcast: content (a saved recommendation or text written here, per language),
 * a segment, channels in order of preference with an optional fallback delay, and when. The
 * preview shows what it would do before anything is sent.
 */
export function BroadcastComposerPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [orgId, setOrgId] = useState(user.orgId);
  const [mode, setMode] = useState<ContentMode>('recommendation');
  const [recommendationId, setRecommendationId] = useState<string | null>(null);
  const [body, setBody] = useState<Partial<Record<Language, string>>>({});
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [fallbackAfter, setFallbackAfter] = useState<number | ''>('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState('');

  const recommendations = useQuery({
    queryKey: ['recommendations'],
    queryFn: () => client.recommendations.list({ limit: 200 }),
  });
  const segments = useQuery({
    queryKey: ['segments'],
    queryFn: () => client.segments.list({ limit: 200 }),
  });

  const texts = Object.fromEntries(Object.entries(body).filter(([, v]) => v?.trim()));
  const content =
    mode === 'recommendation'
      ? recommendationId
        ? { recommendationId }
        : null
      : Object.keys(texts).length > 0
        ? { body: texts }
        : null;
  const input: BroadcastInput | null =
    content && segmentId && channels.length > 0
      ? {
          orgId,
          segmentId,
          channels,
          content,
          ...(fallbackAfter ? { fallbackAfterSeconds: fallbackAfter } : {}),
          ...(when === 'later' && sendAt
            ? { sendAt: zonedWallTimeToIso(sendAt, format.timeZone) }
            : {}),
        }
      : null;
  const [debounced] = useDebouncedValue(input, 400);
  const preview = useQuery({
    queryKey: ['broadcasts', 'preview', debounced],
    queryFn: () => client.broadcasts.preview(debounced!),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
  });
  const send = useMutation({
    mutationFn: (broadcast: BroadcastInput) => client.broadcasts.create(broadcast),
    onSuccess: async (broadcast) => {
      await queryClient.invalidateQueries({ queryKey: ['broadcasts'] });
      await navigate({ to: '/broadcasts/$broadcastId', params: { broadcastId: broadcast.id } });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (input) send.mutate(input);
  }

  const language = currentLanguage();
  return (
    <>
      <PageTitle title={t('composer.title')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder component="form" onSubmit={submit} aria-label={t('composer.title')}>
          <Stack>
            <OrgSelect value={orgId} onChange={setOrgId} />
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as ContentMode)}
              aria-label={t('composer.content')}
              data={[
                { value: 'recommendation', label: t('composer.savedContent') },
                { value: 'text', label: t('composer.ownText') },
              ]}
            />
            {mode === 'recommendation' ? (
              <Select
                label={t('composer.recommendation')}
                searchable
                value={recommendationId}
                onChange={setRecommendationId}
                data={(recommendations.data?.items ?? [])
                  .filter((r) => r.status === 'published')
                  .map((r) => ({ value: r.id, label: pickText(r.title, language) }))}
              />
            ) : (
              <Tabs defaultValue={language}>
                <Tabs.List>
                  {LANGUAGES.map((l) => (
                    <Tabs.Tab key={l} value={l}>
                      {t(`languages.${l}`)}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {LANGUAGES.map((l) => (
                  <Tabs.Panel key={l} value={l} pt="xs">
                    <Textarea
                      label={t('composer.textIn', { language: t(`languages.${l}`) })}
                      autosize
                      minRows={4}
                      value={body[l] ?? ''}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setBody((b) => ({ ...b, [l]: value }));
                      }}
                    />
                  </Tabs.Panel>
                ))}
              </Tabs>
            )}
            <Select
              label={t('composer.segment')}
              searchable
              value={segmentId}
              onChange={setSegmentId}
              data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              data-testid="composer-segment"
            />
            <ChipChoice
              legend={t('composer.channels')}
              options={CHANNELS}
              label={(c) => t(`channels.${c}`)}
              value={channels}
              onChange={setChannels}
              testId="composer-channels"
            />
            {channels.length > 1 && (
              <Text size="sm" c="dimmed">
                {t('composer.order')}: {channels.map((c) => t(`channels.${c}`)).join(' → ')}
              </Text>
            )}
            {channels.length > 1 && (
              <NumberInput
                label={t('composer.fallbackAfter')}
                description={t('composer.fallbackAfterHint')}
                min={1}
                value={fallbackAfter}
                onChange={(v) => setFallbackAfter(typeof v === 'number' ? v : '')}
              />
            )}
            <Radio.Group
              label={t('composer.when')}
              value={when}
              onChange={(v) => setWhen(v as 'now' | 'later')}
            >
              <Group mt="xs">
                <Radio value="now" label={t('composer.now')} />
                <Radio value="later" label={t('composer.later')} />
              </Group>
            </Radio.Group>
            {when === 'later' && (
              <TextInput
                type="datetime-local"
                label={t('composer.sendAt', { timeZone: format.timeZone })}
                value={sendAt}
                onChange={(e) => setSendAt(e.currentTarget.value)}
              />
            )}
            <ErrorAlert error={send.error ?? preview.error} />
            {roleHasScope(user.role, 'send') && (
              <Button
                type="submit"
                disabled={!input || !preview.data || (when === 'later' && !sendAt)}
                loading={send.isPending}
                data-testid="send-broadcast"
              >
                {when === 'now' ? t('composer.sendNow') : t('composer.schedule')}
              </Button>
            )}
          </Stack>
        </Card>
        {preview.data && input ? (
          <BroadcastPreviewCard preview={preview.data} format={format} />
        ) : (
          <Text c="dimmed">{t('composer.previewHint')}</Text>
        )}
      </SimpleGrid>
    </>
  );
}
