import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Contact, Language, Role } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { keepPreviousData, useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CHANNELS, CONTACT_ROLES, LANGUAGES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ScrollTable } from '../components/scroll-table.js';
import { saveBytes } from './contact-imports-view.js';
import { CONSENT_FILTER_STATUSES, type ContactsSearch, listParams } from './contacts-search.js';

/** What an export's file is, by its format. */
const EXPORT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Contacts per page: "load more" fetches the next one. */
const PAGE = 50;
/** How long typing rests before the search runs (ms). */
const DEBOUNCE = 300;

/** A contact's name, else an address, else its external reference: what identifies it here. */
export function contactLabel(c: Contact): string {
  return (
    c.displayName ??
    c.addresses.email ??
    c.addresses.phone ??
    c.addresses.whatsapp ??
    c.externalRef ??
    c.id
  );
}

/**
 * Contacts of an organisation's subtree, searched and filtered by the hub (name, reference,
 * email or a phone number in any spelling; role, language, consent on a channel), a page at
 * a time. The search and filters are the URL's, so a filtered list can be linked.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/contacts' });
  const navigate = useNavigate({ from: '/contacts' });
  const orgId = search.orgId ?? user.orgId;
  const set = (change: Partial<ContactsSearch>) =>
    void navigate({
      search: (previous: ContactsSearch) => {
        const next: Record<string, string | undefined> = { ...previous, ...change };
        for (const key of Object.keys(next)) if (!next[key]) delete next[key];
        return next as ContactsSearch;
      },
      replace: true,
    });

  // The box follows typing; the URL (and so the query) follows the box once typing rests.
  const [typed, setTyped] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(typed.trim(), DEBOUNCE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a rested change of the text navigates
  useEffect(() => {
    if (debounced !== (search.q ?? '')) set({ q: debounced || undefined });
  }, [debounced]);
  // The URL changed by itself (back, a link): the box shows its text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only
  useEffect(() => {
    if ((search.q ?? '') !== debounced) setTyped(search.q ?? '');
  }, [search.q]);

  const params = listParams(search, orgId);
  const contacts = useInfiniteQuery({
    queryKey: ['contacts', orgId, 'list', params],
    queryFn: ({ pageParam }) =>
      client.contacts.list({ ...params, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const shown = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  // Every contact the list's search and filters match, as a spreadsheet the import reads back.
  const exported = useMutation({
    mutationFn: async (format: keyof typeof EXPORT_TYPES) => {
      const bytes = await client.contacts.export({ ...params, format });
      saveBytes(`contacts.${format}`, bytes, EXPORT_TYPES[format]);
    },
  });
  return (
    <>
      <PageTitle title={t('contacts.title')}>
        <Group gap="xs">
          {roleHasScope(user.role, 'write') && (
            <Button
              component={Link}
              to="/contacts/import"
              variant="light"
              data-testid="import-contacts"
            >
              {t('contacts.importFile')}
            </Button>
          )}
          <Button
            variant="default"
            loading={exported.isPending && exported.variables === 'csv'}
            onClick={() => exported.mutate('csv')}
            data-testid="export-csv"
          >
            {t('contacts.exportCsv')}
          </Button>
          <Button
            variant="default"
            loading={exported.isPending && exported.variables === 'xlsx'}
            onClick={() => exported.mutate('xlsx')}
            data-testid="export-xlsx"
          >
            {t('contacts.exportXlsx')}
          </Button>
        </Group>
      </PageTitle>
      <Group align="end" mb="md" wrap="wrap">
        <OrgSelect
          value={orgId}
          onChange={(id) => set({ orgId: id === user.orgId ? undefined : id })}
        />
        <TextInput
          label={t('contacts.search')}
          description={t('contacts.searchHint')}
          type="search"
          value={typed}
          maxLength={100}
          onChange={(e) => setTyped(e.currentTarget.value)}
        />
        <Select
          label={t('contacts.role')}
          clearable
          value={search.role ?? null}
          onChange={(v) => set({ role: (v as Role | null) ?? undefined })}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
        />
        <Select
          label={t('contacts.language')}
          clearable
          value={search.language ?? null}
          onChange={(v) => set({ language: (v as Language | null) ?? undefined })}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
        />
        <Select
          label={t('contacts.consentFilter')}
          clearable
          value={search.consent ?? null}
          onChange={(v) => set({ consent: v ?? undefined })}
          data={CHANNELS.map((channel) => ({
            group: t(`channels.${channel}`),
            items: CONSENT_FILTER_STATUSES.map((status) => ({
              value: `${channel}:${status}`,
              label: t('contacts.consentOption', {
                channel: t(`channels.${channel}`),
                status:
                  status === 'none' ? t('contacts.consentNone') : t(`consentStatus.${status}`),
              }),
            })),
          }))}
        />
      </Group>
      <ErrorAlert error={contacts.error ?? exported.error} />
      <ScrollTable minWidth={480}>
        <Table striped highlightOnHover aria-busy={contacts.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contacts.contact')}</Table.Th>
              <Table.Th>{t('contacts.role')}</Table.Th>
              <Table.Th>{t('contacts.language')}</Table.Th>
              <Table.Th>{t('contacts.consents')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }}>
                    {contactLabel(c)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`contactRoles.${c.role}`)}</Table.Td>
                <Table.Td>{t(`languages.${c.language}`)}</Table.Td>
                <Table.Td>
                  {Object.entries(c.consents)
                    .filter(([, consent]) => consent?.status === 'granted')
                    .map(([channel]) => t(`channels.${channel as 'sms'}`))
                    .join(', ')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group mt="xs" gap="md">
        <Text size="sm" c="dimmed" role="status">
          {contacts.isSuccess && shown.length === 0
            ? t('contacts.noMatch')
            : t('contacts.shown', { n: shown.length })}
        </Text>
        {contacts.hasNextPage && (
          <Button
            variant="light"
            size="xs"
            loading={contacts.isFetchingNextPage}
            onClick={() => void contacts.fetchNextPage()}
          >
            {t('contacts.more')}
          </Button>
        )}
      </Group>
    </>
  );
}
