import { Badge, Button, Card, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { Language, TelegramChat } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../api/domain.js';
import { useTelegramChatWrites } from '../api/telegram.js';
import { ErrorAlert } from './error-alert.js';
import { ScrollTable } from './scroll-table.js';

/** A chat's status at a glance: may the bot post there. */
export const CHAT_STATUS_COLORS: Record<TelegramChat['status'], string> = {
  active: 'teal',
  no_rights: 'orange',
  removed: 'gray',
};

/**
 * The connected groups and channels of the reader's subtree: what each is, whose it is, the
 * language posts there are written in, and whether the bot may post there — with what to do
 * when it may not. A writer changes a chat's language and disconnects it (after confirming);
 * what the hub refused is said in the chat's row.
 */
export function TelegramChats(props: {
  chats: readonly TelegramChat[];
  loaded: boolean;
  canWrite: boolean;
  orgName: (id: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="telegram-chats">
      <Title order={2} size="h4" id="telegram-chats" mb="xs">
        {t('telegramPage.chats')}
      </Title>
      <Stack gap="sm">
        {props.loaded && props.chats.length === 0 ? (
          <Text c="dimmed" data-testid="telegram-chats-empty">
            {t('telegramPage.none')}
          </Text>
        ) : (
          <ScrollTable minWidth={720}>
            <Table data-testid="telegram-chats">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('telegramPage.chatTitle')}</Table.Th>
                  <Table.Th>{t('telegramPage.organisation')}</Table.Th>
                  <Table.Th>{t('telegramPage.language')}</Table.Th>
                  <Table.Th>{t('telegramPage.status')}</Table.Th>
                  {props.canWrite && <Table.Th>{t('telegramPage.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {props.chats.map((chat) => (
                  <ChatRow
                    key={chat.id}
                    chat={chat}
                    canWrite={props.canWrite}
                    orgName={props.orgName}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

function ChatRow(props: {
  chat: TelegramChat;
  canWrite: boolean;
  orgName: (id: string) => string;
}) {
  const { chat } = props;
  const { t } = useTranslation();
  const writes = useTelegramChatWrites();
  const connected = chat.status !== 'removed';
  return (
    <Table.Tr data-testid="telegram-chat-row" data-chat-id={chat.telegramChatId}>
      <Table.Td>
        <Text fw={600} data-testid="telegram-chat-title">
          {chat.title}
        </Text>
        <Text size="sm">
          {t(`telegramPage.types.${chat.type}`)}
          {chat.username ? ` · @${chat.username}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>{props.orgName(chat.orgId)}</Table.Td>
      <Table.Td>
        {props.canWrite && connected ? (
          <Select
            aria-label={t('telegramPage.languageOf', { title: chat.title })}
            allowDeselect={false}
            w={150}
            value={chat.language}
            disabled={writes.update.isPending}
            onChange={(value) =>
              value &&
              value !== chat.language &&
              writes.update.mutate({ id: chat.id, patch: { language: value as Language } })
            }
            data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            data-testid="telegram-chat-language"
          />
        ) : (
          t(`languages.${chat.language as Language}`, { defaultValue: chat.language })
        )}
      </Table.Td>
      <Table.Td>
        <Badge
          color={CHAT_STATUS_COLORS[chat.status]}
          variant="dot"
          data-testid="telegram-chat-status"
        >
          {t(`telegramPage.statuses.${chat.status}`)}
        </Badge>
        <Text size="sm" maw={320} data-testid="telegram-chat-status-hint">
          {t(`telegramPage.statusHints.${chat.status}`)}
        </Text>
        <ErrorAlert error={writes.update.error ?? writes.disconnect.error} />
      </Table.Td>
      {props.canWrite && (
        <Table.Td>
          {connected && (
            <Button
              size="xs"
              variant="light"
              color="red"
              loading={writes.disconnect.isPending}
              aria-label={t('telegramPage.disconnectChat', { title: chat.title })}
              onClick={() =>
                window.confirm(t('telegramPage.confirmDisconnect', { title: chat.title })) &&
                writes.disconnect.mutate(chat.id)
              }
              data-testid="telegram-chat-disconnect"
            >
              {t('telegramPage.disconnect')}
            </Button>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}
