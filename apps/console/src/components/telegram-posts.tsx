import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Language, TelegramPost, TelegramPostTarget } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useTelegramPostWrites } from '../api/telegram.js';
import { postHeadline, postUnfinished } from '../api/telegram-view.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { pickText } from './localized.js';
import { ScrollTable } from './scroll-table.js';

const POST_COLORS: Record<TelegramPost['status'], string> = {
  scheduled: 'gray',
  sending: 'blue',
  completed: 'teal',
  cancelled: 'orange',
};

const TARGET_COLORS: Record<TelegramPostTarget['status'], string> = {
  queued: 'gray',
  sending: 'blue',
  posted: 'teal',
  failed: 'red',
  cancelled: 'orange',
};

/**
 * Recent posts of the reader's subtree, newest first, each with every chat's outcome: posted
 * (in which language, when), waiting, failed and why, or cancelled. A sender cancels what has
 * not gone out yet. The page reads the list again while a post is going out.
 */
export function TelegramPosts(props: {
  posts: readonly TelegramPost[];
  loaded: boolean;
  canSend: boolean;
  fetching: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="telegram-posts">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="telegram-posts">
          {t('telegramPage.posts.title')}
        </Title>
        <Button
          size="xs"
          variant="subtle"
          loading={props.fetching}
          onClick={props.onRefresh}
          data-testid="telegram-posts-refresh"
        >
          {t('telegramPage.posts.refresh')}
        </Button>
      </Group>
      <Stack gap="md" aria-busy={props.fetching}>
        {props.loaded && props.posts.length === 0 && (
          <Text c="dimmed" data-testid="telegram-posts-empty">
            {t('telegramPage.posts.none')}
          </Text>
        )}
        {props.posts.map((post) => (
          <PostItem key={post.id} post={post} canSend={props.canSend} />
        ))}
      </Stack>
    </Card>
  );
}

function PostItem({ post, canSend }: { post: TelegramPost; canSend: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { cancel } = useTelegramPostWrites();
  const recommendations = useQuery({
    queryKey: ['recommendations'],
    queryFn: () => client.recommendations.list({ limit: 200 }),
    enabled: 'recommendationId' in post.content,
  });
  const language = currentLanguage();
  const titles = new Map(
    (recommendations.data?.items ?? []).map((r) => [r.id, pickText(r.title, language)]),
  );
  const headline = postHeadline(
    post,
    (texts) => pickText(texts, language),
    (id) => titles.get(id),
  );
  const headingId = `telegram-post-${post.id}`;
  return (
    <Stack
      component="article"
      gap={6}
      aria-labelledby={headingId}
      data-testid="telegram-post"
      data-status={post.status}
    >
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={3} size="h5" id={headingId} data-testid="telegram-post-headline">
            {headline}
          </Title>
          <Text size="sm">
            {post.status === 'scheduled'
              ? t('telegramPage.posts.scheduledFor', { at: format.dateTime(post.sendAt) })
              : t('telegramPage.posts.sentAt', { at: format.dateTime(post.sendAt) })}
          </Text>
        </div>
        <Group gap="xs">
          <Badge color={POST_COLORS[post.status]} variant="dot" data-testid="telegram-post-status">
            {t(`telegramPage.posts.statuses.${post.status}`)}
          </Badge>
          {canSend && postUnfinished(post) && (
            <Button
              size="xs"
              variant="light"
              color="red"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(post.id)}
              data-testid="telegram-post-cancel"
            >
              {t('telegramPage.posts.cancel')}
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={cancel.error} />
      <ScrollTable
        minWidth={560}
        label={t('telegramPage.posts.outcomes', { headline, at: format.dateTime(post.createdAt) })}
      >
        <Table data-testid="telegram-post-targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('telegramPage.posts.chat')}</Table.Th>
              <Table.Th>{t('telegramPage.posts.outcome')}</Table.Th>
              <Table.Th>{t('telegramPage.posts.detail')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {post.targets.map((target) => (
              <Table.Tr key={target.chatId} data-testid="telegram-post-target">
                <Table.Td>{target.title}</Table.Td>
                <Table.Td>
                  <Badge
                    color={TARGET_COLORS[target.status]}
                    variant="dot"
                    data-testid="telegram-post-target-status"
                  >
                    {t(`telegramPage.posts.targetStatuses.${target.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td data-testid="telegram-post-target-detail">
                  <TargetDetail target={target} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/** When and in which language a chat got the post, or why it did not. */
function TargetDetail({ target }: { target: TelegramPostTarget }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (target.status === 'posted' && target.postedAt) {
    return t('telegramPage.posts.postedIn', {
      language: target.language
        ? t(`languages.${target.language as Language}`, { defaultValue: target.language })
        : '—',
      at: format.dateTime(target.postedAt),
    });
  }
  if (target.error) {
    return t('telegramPage.posts.failedWith', {
      message: target.error.message,
      code: target.error.code,
    });
  }
  if (target.status === 'queued' && target.attempts > 0) {
    return t('telegramPage.posts.retrying', { attempts: target.attempts });
  }
  return '—';
}
