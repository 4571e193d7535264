import { Group, Select, Table, Text, TextInput } from '@mantine/core';
import type { Contact, Language, Role } from '@safenet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CONTACT_ROLES, LANGUAGES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';

/** How many contacts the page loads per organisation; search and filters work on them. */
const LOADED = 500;

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
 * Contacts of an organisation's subtree, searched by name, address or reference and filtered
 * by role and language. The API lists by organisation; search runs over the loaded contacts.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [orgId, setOrgId] = useState(user.orgId);
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [language, setLanguage] = useState<Language | null>(null);
  const contacts = useQuery({
    queryKey: ['contacts', orgId],
    queryFn: () => client.contacts.list({ orgId, limit: LOADED }),
  });
  const needle = search.trim().toLowerCase();
  const shown = (contacts.data?.items ?? []).filter(
    (c) =>
      (!role || c.role === role) &&
      (!language || c.language === language) &&
      (!needle ||
        [c.displayName, c.externalRef, ...Object.values(c.addresses)].some((v) =>
          v?.toLowerCase().includes(needle),
        )),
  );
  return (
    <>
      <PageTitle title={t('contacts.title')} />
      <Group align="end" mb="md" wrap="wrap">
        <OrgSelect value={orgId} onChange={setOrgId} />
        <TextInput
          label={t('contacts.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Select
          label={t('contacts.role')}
          clearable
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
        />
        <Select
          label={t('contacts.language')}
          clearable
          value={language}
          onChange={(v) => setLanguage(v as Language | null)}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
        />
      </Group>
      <ErrorAlert error={contacts.error} />
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover>
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
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed" mt="xs">
        {t('contacts.shown', { shown: shown.length, loaded: contacts.data?.items.length ?? 0 })}
        {contacts.data?.nextCursor ? ` ${t('contacts.more', { n: LOADED })}` : ''}
      </Text>
    </>
  );
}
