import { Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { Language, TelegramChatLink } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../api/domain.js';
import { useTelegramChatWrites } from '../api/telegram.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { CopyAlert } from './copy-alert.js';
import { ErrorAlert } from './error-alert.js';
import { OrgSelect } from './org-select.js';

/**
 * Connecting a group or channel: a writer picks the organisation and the language of posts
 * there and makes a one-time link, which an administrator of the chat uses in one of two
 * ways — a group through the `startgroup` link, a channel by adding the bot as an
 * administrator and posting the command. `onMade` tells the page a link waits to be used.
 */
export function TelegramConnect(props: {
  orgId: string;
  onMade: (link: TelegramChatLink) => void;
}) {
  const { t } = useTranslation();
  const [orgId, setOrgId] = useState(props.orgId);
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const { link } = useTelegramChatWrites();
  return (
    <Card withBorder component="section" aria-labelledby="telegram-connect">
      <Title order={2} size="h4" id="telegram-connect" mb="xs">
        {t('telegramPage.connect.title')}
      </Title>
      <Stack gap="sm">
        <Text size="sm">{t('telegramPage.connect.hint')}</Text>
        <Group align="end">
          <OrgSelect value={orgId} onChange={setOrgId} />
          <Select
            label={t('telegramPage.connect.language')}
            allowDeselect={false}
            value={language}
            onChange={(value) => value && setLanguage(value as Language)}
            data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            data-testid="telegram-connect-language"
          />
          <Button
            variant="light"
            loading={link.isPending}
            onClick={() => link.mutate({ orgId, language }, { onSuccess: props.onMade })}
            data-testid="telegram-connect-make"
          >
            {t('telegramPage.connect.make')}
          </Button>
        </Group>
        <ErrorAlert error={link.error} />
        {link.data && <MadeChatLink link={link.data} />}
      </Stack>
    </Card>
  );
}

/** A link just made: its expiry, and the two ways to use it, a sentence each. */
function MadeChatLink({ link }: { link: TelegramChatLink }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="xs" data-testid="telegram-chat-link">
      <Text role="status" fw={600} data-testid="telegram-chat-link-expiry">
        {t('telegramPage.connect.made', { expires: format.dateTime(link.expiresAt) })}
      </Text>
      <Text size="sm">
        {t('telegramPage.connect.groupWay')}{' '}
        <Anchor
          href={link.groupUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="telegram-group-url"
        >
          {t('telegramPage.connect.groupLink')}
        </Anchor>
      </Text>
      <Text size="sm">
        {t('telegramPage.connect.channelWay')}{' '}
        <Anchor
          href={link.channelUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="telegram-channel-url"
        >
          {t('telegramPage.connect.channelLink')}
        </Anchor>
      </Text>
      <CopyAlert
        title={t('telegramPage.connect.command')}
        value={link.command}
        data-testid="telegram-chat-command"
        // The light teal's own title colour falls short of 4.5:1 on its background.
        styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
      />
    </Stack>
  );
}
