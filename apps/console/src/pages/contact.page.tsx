import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Channel, ConsentEvent, Contact, ContactPatch, Language, Role } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CHANNELS, CONTACT_ROLES, LANGUAGES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { ScrollTable } from '../components/scroll-table.js';
import { TelegramCard } from '../components/telegram-card.js';
import { useFormat } from '../i18n/format.js';
import { contactLabel } from './contacts.page.js';

/**
 * One contact: who they are, their addresses, and consent per channel with where and when
 * it was given or withdrawn, and whether they opened the Telegram bot. An editor changes the
 * details, records a consent change, or makes the contact a Telegram link.
 */
export function ContactPage() {
  const { t } = useTranslation();
  const { contactId } = useParams({ from: '/app/contacts/$contactId' });
  const contact = useQuery({
    queryKey: ['contacts', 'one', contactId],
    queryFn: () => client.contacts.get(contactId),
  });
  return (
    <>
      <PageTitle title={contact.data ? contactLabel(contact.data) : t('contacts.contact')} />
      <ErrorAlert error={contact.error} />
      {contact.data && (
        <Stack gap="lg">
          {/* Side by side only where the consent table has room for its four columns. */}
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <Details contact={contact.data} />
            <Consents contact={contact.data} />
          </SimpleGrid>
          <TelegramCard contact={contact.data} />
          <History contactId={contact.data.id} />
        </Stack>
      )}
    </>
  );
}

function useUpdate(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ContactPatch) => client.contacts.update(contactId, patch),
    onSuccess: (c) => {
      queryClient.setQueryData(['contacts', 'one', contactId], c);
      void queryClient.invalidateQueries({ queryKey: ['contacts'], exact: false });
      void queryClient.invalidateQueries({ queryKey: ['consent-history', contactId] });
    },
  });
}

function Details({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const user = useUser();
  const update = useUpdate(contact.id);
  const [displayName, setDisplayName] = useState(contact.displayName ?? '');
  const [role, setRole] = useState<Role>(contact.role);
  const [language, setLanguage] = useState<Language>(contact.language);
  const editable = roleHasScope(user.role, 'write');
  return (
    <Card
      withBorder
      component="form"
      aria-labelledby="details"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        update.mutate({ displayName: displayName.trim() || null, role, language });
      }}
    >
      <Title order={2} size="h4" id="details" mb="xs">
        {t('contacts.details')}
      </Title>
      <Stack>
        <ErrorAlert error={update.error} />
        <TextInput
          label={t('contacts.name')}
          value={displayName}
          readOnly={!editable}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
        />
        <Select
          label={t('contacts.role')}
          value={role}
          readOnly={!editable}
          allowDeselect={false}
          onChange={(v) => v && setRole(v as Role)}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
        />
        <Select
          label={t('contacts.language')}
          value={language}
          readOnly={!editable}
          allowDeselect={false}
          onChange={(v) => v && setLanguage(v as Language)}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
        />
        <Table variant="vertical">
          <Table.Tbody>
            {Object.entries(contact.addresses).map(([field, value]) => (
              <Table.Tr key={field}>
                <Table.Th>{t(`addresses.${field as 'phone'}`)}</Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {contact.childAgeBands.length > 0 && (
          <Text size="sm">
            {t('contacts.ageBands')}:{' '}
            {contact.childAgeBands.map((b) => `${b.min}–${b.max}`).join(', ')}
          </Text>
        )}
        {editable && (
          <Group>
            <Button type="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
            {update.isSuccess && (
              <Text size="sm" role="status">
                {t('common.saved')}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Consents({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const update = useUpdate(contact.id);
  const [source, setSource] = useState('');
  const editable = roleHasScope(user.role, 'write');
  const change = (channel: Channel, status: 'granted' | 'revoked') =>
    update.mutate({
      consents: { [channel]: { status, source: source.trim(), at: new Date().toISOString() } },
    });
  return (
    <Card withBorder component="section" aria-labelledby="consents">
      <Title order={2} size="h4" id="consents" mb="xs">
        {t('contacts.consents')}
      </Title>
      <ErrorAlert error={update.error} />
      <ScrollTable minWidth={360}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('progress.channel')}</Table.Th>
              <Table.Th>{t('contacts.consent')}</Table.Th>
              <Table.Th>{t('contacts.source')}</Table.Th>
              {editable && (
                <Table.Th>
                  <span className="visually-hidden">{t('contacts.change')}</span>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CHANNELS.map((channel) => {
              const consent = contact.consents[channel];
              return (
                <Table.Tr key={channel}>
                  <Table.Td>{t(`channels.${channel}`)}</Table.Td>
                  <Table.Td>{consent ? t(`consentStatus.${consent.status}`) : '—'}</Table.Td>
                  <Table.Td>
                    {consent ? `${consent.source}, ${format.dateTime(consent.at)}` : ''}
                  </Table.Td>
                  {editable && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        disabled={!source.trim()}
                        onClick={() =>
                          change(channel, consent?.status === 'granted' ? 'revoked' : 'granted')
                        }
                      >
                        {consent?.status === 'granted' ? t('contacts.revoke') : t('contacts.grant')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {editable && (
        <TextInput
          mt="sm"
          label={t('contacts.sourceOfChange')}
          description={t('contacts.sourceHint')}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
      )}
    </Card>
  );
}

/** Changes of the history per page: "load more" fetches the next one. */
const HISTORY_PAGE = 20;

/**
 * Every change of the contact's consent, newest first, as the hub recorded it: the channel,
 * the status it became, its source, when it was given or withdrawn, when recorded, by whom.
 */
function History({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useInfiniteQuery({
    queryKey: ['consent-history', contactId],
    queryFn: ({ pageParam }) =>
      client.contacts.consentHistory(contactId, {
        limit: HISTORY_PAGE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="consent-history">
      <Title order={2} size="h4" id="consent-history" mb="xs">
        {t('contacts.history')}
      </Title>
      <ErrorAlert error={history.error} />
      {history.isSuccess && events.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contacts.noHistory')}
        </Text>
      )}
      {events.length > 0 && (
        <ScrollTable minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('progress.channel')}</Table.Th>
                <Table.Th>{t('contacts.status')}</Table.Th>
                <Table.Th>{t('contacts.sourceOfChange')}</Table.Th>
                <Table.Th>{t('contacts.givenAt')}</Table.Th>
                <Table.Th>{t('contacts.recordedAt')}</Table.Th>
                <Table.Th>{t('contacts.by')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{t(`channels.${event.channel}`)}</Table.Td>
                  <Table.Td>{t(`consentStatus.${event.status}`)}</Table.Td>
                  <Table.Td>{event.source}</Table.Td>
                  <Table.Td>{format.dateTime(event.at)}</Table.Td>
                  <Table.Td>{format.dateTime(event.recordedAt)}</Table.Td>
                  <Table.Td>
                    <Actor by={event.by} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {history.hasNextPage && (
        <Button
          mt="xs"
          variant="light"
          size="xs"
          loading={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {t('contacts.more')}
        </Button>
      )}
    </Card>
  );
}

/** Who made a change: a person by name (when the viewer may see them), else the kind of actor. */
function Actor({ by }: { by: ConsentEvent['by'] }) {
  const { t } = useTranslation();
  const person = useQuery({
    queryKey: ['users', 'one', by.id],
    queryFn: () => client.users.get(by.id as string),
    enabled: by.kind === 'user' && by.id !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const kind = t(`consentActors.${by.kind}`);
  return <>{person.data ? `${person.data.name} (${kind})` : kind}</>;
}
