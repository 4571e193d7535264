import { Button, Card, Group, Image, Stack, Table, Text, Title } from '@mantine/core';
import type { Contact, TelegramLink } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { useFormat } from '../i18n/format.js';
import { CopyAlert } from './copy-alert.js';
import { ErrorAlert } from './error-alert.js';

/**
 * The QR code as an image's source: the hub's SVG goes into a `data:` URL, never into the
 * page's markup, so nothing in it can run or touch the page (the console's CSP allows
 * `img-src data:`).
 */
function svgSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * A contact on Telegram. A bot may not message anyone first, so a contact is reachable there
 * only once they open a personal deep link and press Start: the card says whether they have
 * (their chat, and their consent as the consent table says it) and lets an editor make a link
 * — its QR code to print on a letter, its URL to copy into an email or SMS, and when it
 * expires. Each press makes a new link; earlier ones keep working until theirs expire.
 */
export function TelegramCard({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const link = useMutation({
    mutationFn: (): Promise<TelegramLink> => client.contacts.telegramLink(contact.id),
  });
  const chat = contact.addresses.telegram;
  const consent = contact.consents.telegram;
  return (
    <Card withBorder component="section" aria-labelledby="telegram" data-testid="telegram">
      <Title order={2} size="h4" id="telegram" mb="xs">
        {t('telegram.title')}
      </Title>
      <Stack gap="sm">
        <Table variant="vertical">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th>{t('telegram.chat')}</Table.Th>
              <Table.Td data-testid="telegram-chat">{chat ?? t('telegram.notLinked')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('contacts.consent')}</Table.Th>
              <Table.Td data-testid="telegram-consent">
                {consent
                  ? `${t(`consentStatus.${consent.status}`)}: ${consent.source}, ${format.dateTime(consent.at)}`
                  : '—'}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {roleHasScope(user.role, 'write') && (
          <>
            <Text size="sm" c="dimmed">
              {t('telegram.hint')}
            </Text>
            <Group>
              <Button variant="light" loading={link.isPending} onClick={() => link.mutate()}>
                {t('telegram.makeLink')}
              </Button>
            </Group>
            <ErrorAlert error={link.error} />
            {link.data && <MadeLink link={link.data} />}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** A link just made: the QR code, the URL to copy, its expiry, and what to do with it. */
function MadeLink({ link }: { link: TelegramLink }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="xs" data-testid="telegram-link">
      <CopyAlert
        title={t('telegram.linkMade', { expires: format.dateTime(link.expiresAt) })}
        value={link.url}
        // The light teal's own title colour falls short of 4.5:1 on its background.
        styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
      />
      <Image src={svgSource(link.qrSvg)} alt={t('telegram.qrAlt')} w={200} h={200} fit="contain" />
      <Text size="sm">{t('telegram.howToGive')}</Text>
    </Stack>
  );
}
