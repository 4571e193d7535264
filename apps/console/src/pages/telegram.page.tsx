import { SimpleGrid, Stack, Text } from '@mantine/core';
import { roleHasScope } from '@safenet/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganisations } from '../api/organisations.js';
import { useTelegramChats, useTelegramPosts } from '../api/telegram.js';
import { chatsSignature } from '../api/telegram-view.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { TelegramChats } from '../components/telegram-chats.js';
import { TelegramConnect } from '../components/telegram-connect.js';
import { TelegramPostForm } from '../components/telegram-post-form.js';
import { TelegramPosts } from '../components/telegram-posts.js';

/**
 * Telegram groups and channels the reader's organisations administer (issue 17): a target of
 * their own, apart from the contacts broadcasts reach. The connected chats and whether the
 * bot may post there; connecting one (a writer); posting to active ones (a sender) and each
 * chat's outcome of recent posts. Neither chats nor posts come over the hub's stream: the
 * page reads chats again while a connection link waits, and posts while one goes out.
 */
export function TelegramPage() {
  const { t } = useTranslation();
  const user = useUser();
  // A link just made, and the chats as they stood then: until they change (the chat got
  // connected) or the link expires, the chats are read again every few seconds.
  const [pending, setPending] = useState<{ expires: number; before: string } | null>(null);
  const [waiting, setWaiting] = useState(false);
  const chats = useTelegramChats(waiting);
  const posts = useTelegramPosts();
  const { data: orgs = [] } = useOrganisations();
  const names = new Map(orgs.map((org) => [org.id, org.name]));
  const canWrite = roleHasScope(user.role, 'write');
  const canSend = roleHasScope(user.role, 'send');
  const chatItems = chats.data?.items ?? [];
  const signature = chatsSignature(chatItems);
  useEffect(() => {
    setWaiting(pending !== null && Date.now() < pending.expires && signature === pending.before);
  }, [pending, signature]);
  return (
    <>
      <PageTitle title={t('telegramPage.title')} />
      <Stack>
        <Text size="sm">{t('telegramPage.intro')}</Text>
        <ErrorAlert error={chats.error ?? posts.error} />
        <TelegramChats
          chats={chatItems}
          loaded={chats.isSuccess}
          canWrite={canWrite}
          orgName={(id) => names.get(id) ?? '—'}
        />
        <SimpleGrid cols={{ base: 1, lg: canWrite && canSend ? 2 : 1 }} spacing="md">
          {canWrite && (
            <TelegramConnect
              orgId={user.orgId}
              onMade={(link) =>
                setPending({ expires: Date.parse(link.expiresAt), before: signature })
              }
            />
          )}
          {canSend && <TelegramPostForm orgId={user.orgId} chats={chatItems} />}
        </SimpleGrid>
        <TelegramPosts
          posts={posts.data?.items ?? []}
          loaded={posts.isSuccess}
          canSend={canSend}
          fetching={posts.isFetching}
          onRefresh={() => {
            void posts.refetch();
            void chats.refetch();
          }}
        />
      </Stack>
    </>
  );
}
