import {
  Alert,
  Button,
  Card,
  Checkbox,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { Language, TelegramChat } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { LANGUAGES } from '../api/domain.js';
import { useTelegramPostWrites } from '../api/telegram.js';
import {
  emptyPostDraft,
  keepPostable,
  postableChats,
  type TelegramPostDraft,
  telegramPostInput,
  uncoveredChats,
} from '../api/telegram-view.js';
import { currentLanguage } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { pickText } from './localized.js';

/**
 * A post to one or more active chats: a published recommendation from the library (picked
 * as the broadcast composer picks one) or text written here — a title if wanted and the text,
 * in one language. Chats whose language would not fall back to the text's are named before
 * anything is sent; a refused post says why, as the console says the hub's errors.
 */
export function TelegramPostForm(props: { orgId: string; chats: readonly TelegramChat[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [draft, setDraft] = useState<TelegramPostDraft>(() => emptyPostDraft(language));
  const { create } = useTelegramPostWrites();
  const recommendations = useQuery({
    queryKey: ['recommendations'],
    queryFn: () => client.recommendations.list({ limit: 200 }),
  });
  const postable = postableChats(props.chats);
  // A chat that lost its bot since it was ticked is no longer part of the post.
  const chosen = { ...draft, chatIds: keepPostable(draft.chatIds, props.chats) };
  const input = telegramPostInput(chosen, props.orgId);
  const uncovered = uncoveredChats(chosen, props.chats);
  const change = (patch: Partial<TelegramPostDraft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!input) return;
    create.mutate(input, {
      // Ready for the next post: the chats stay chosen, the content goes.
      onSuccess: () => change({ recommendationId: null, title: '', body: '' }),
    });
  }

  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="telegram-post">
      <Title order={2} size="h4" id="telegram-post" mb="xs">
        {t('telegramPage.post.title')}
      </Title>
      <Stack gap="sm">
        {postable.length === 0 ? (
          <Text c="dimmed" data-testid="telegram-post-no-chats">
            {t('telegramPage.post.noChats')}
          </Text>
        ) : (
          <Checkbox.Group
            label={t('telegramPage.post.chats')}
            value={chosen.chatIds}
            onChange={(chatIds) => change({ chatIds })}
            data-testid="telegram-post-chats"
          >
            <Stack gap={6} mt={6}>
              {postable.map((chat) => (
                <Checkbox
                  key={chat.id}
                  value={chat.id}
                  label={`${chat.title} · ${t(`languages.${chat.language as Language}`, { defaultValue: chat.language })}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <SegmentedControl
          value={draft.mode}
          onChange={(mode) => change({ mode: mode as TelegramPostDraft['mode'] })}
          aria-label={t('telegramPage.post.content')}
          data={[
            { value: 'recommendation', label: t('telegramPage.post.recommendation') },
            { value: 'text', label: t('telegramPage.post.ownText') },
          ]}
          data-testid="telegram-post-mode"
        />
        {draft.mode === 'recommendation' ? (
          <Select
            label={t('telegramPage.post.pickRecommendation')}
            searchable
            value={draft.recommendationId}
            onChange={(recommendationId) => change({ recommendationId })}
            data={(recommendations.data?.items ?? [])
              .filter((r) => r.status === 'published')
              .map((r) => ({ value: r.id, label: pickText(r.title, language) }))}
            data-testid="telegram-post-recommendation"
          />
        ) : (
          <>
            <Select
              label={t('telegramPage.post.textLanguage')}
              allowDeselect={false}
              value={draft.language}
              onChange={(value) => value && change({ language: value as Language })}
              data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
              data-testid="telegram-post-language"
            />
            <TextInput
              label={t('telegramPage.post.textTitle')}
              lang={draft.language}
              value={draft.title}
              onChange={(e) => change({ title: e.currentTarget.value })}
              data-testid="telegram-post-text-title"
            />
            <Textarea
              label={t('telegramPage.post.body')}
              lang={draft.language}
              autosize
              minRows={4}
              required
              value={draft.body}
              onChange={(e) => change({ body: e.currentTarget.value })}
              data-testid="telegram-post-body"
            />
          </>
        )}
        {uncovered.length > 0 && (
          <Alert color="yellow" data-testid="telegram-post-uncovered">
            {t('telegramPage.post.uncovered', {
              language: t(`languages.${draft.language}`),
              chats: uncovered.map((chat) => chat.title).join(', '),
            })}
          </Alert>
        )}
        <ErrorAlert error={create.error} />
        <Button
          type="submit"
          disabled={!input || uncovered.length > 0}
          loading={create.isPending}
          data-testid="telegram-post-submit"
        >
          {t('telegramPage.post.submit')}
        </Button>
      </Stack>
    </Card>
  );
}
