import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  type Invitation,
  type InvitationCreated,
  roleHasScope,
  USER_ROLES,
  type User,
  type UserRole,
} from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useOrganisations } from '../api/organisations.js';
import { useUser } from '../auth/session.js';
import { CopyAlert } from '../components/copy-alert.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

/** The roles from the least to the most a person may do, as the role menu lists them. */
const ROLE_ORDER = [...USER_ROLES].reverse() as UserRole[];

/**
 * The people of the signed-in person's organisation and the ones beneath it: role,
 * organisation, status, last sign-in. An administrator changes a role, disables and enables
 * people, and sends again or revokes pending invitations; everyone else reads (`GET
 * /v1/users` needs `read`; invitations and changes need `admin`). The hub refuses what a
 * role may not do anyway, and keeps an organisation from losing its last admin by their own
 * hand (`user_last_admin`, said here in the reader's language).
 */
export function PeoplePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useUser();
  const admin = roleHasScope(me.role, 'admin');
  const queryClient = useQueryClient();
  const [resent, setResent] = useState<InvitationCreated | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const orgs = useOrganisations();
  const orgName = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  const people = useQuery({
    queryKey: ['users', 'all'],
    queryFn: async () => {
      const all: User[] = [];
      for await (const user of client.users.iterate({ limit: 500 })) all.push(user);
      return all;
    },
  });
  const invitations = useQuery({
    queryKey: ['invitations'],
    enabled: admin,
    queryFn: async () => {
      const all: Invitation[] = [];
      for await (const invitation of client.invitations.iterate({ limit: 500 })) {
        all.push(invitation);
      }
      return all;
    },
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      queryClient.invalidateQueries({ queryKey: ['invitations'] }),
    ]);
  const update = useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: { role?: UserRole; disabled?: boolean } }) =>
      client.users.update(user.id, patch),
    onMutate: () => setSaved(null),
    onSuccess: async (user) => {
      setSaved(user.name);
      await refresh();
    },
  });
  const resend = useMutation({
    mutationFn: (i: Invitation) =>
      client.invitations.create({
        email: i.email,
        orgId: i.orgId,
        role: i.role,
        language: i.language,
      }),
    onSuccess: async (invitation) => {
      setResent(invitation);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (i: Invitation) => client.invitations.revoke(i.id),
    onSuccess: refresh,
  });

  return (
    <>
      <PageTitle title={t('peoplePage.title')} />
      <Stack>
        <Text>{t('peoplePage.intro')}</Text>
        {!admin && <Text c="dimmed">{t('peoplePage.readOnly')}</Text>}
        <ErrorAlert
          error={people.error ?? invitations.error ?? update.error ?? resend.error ?? revoke.error}
        />
        {saved && (
          <Alert color="teal" role="status" data-testid="people-saved">
            {t('peoplePage.changed', { name: saved })}
          </Alert>
        )}
        {people.isPending && <Text>{t('common.loading')}</Text>}
        <Card withBorder component="section" aria-labelledby="people-title">
          <Title order={2} size="h4" id="people-title" mb="xs">
            {t('peoplePage.title')}
          </Title>
          <Table.ScrollContainer minWidth={720}>
            <Table data-testid="people">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('peoplePage.name')}</Table.Th>
                  <Table.Th>{t('peoplePage.organisation')}</Table.Th>
                  <Table.Th>{t('people.role')}</Table.Th>
                  <Table.Th>{t('peoplePage.status')}</Table.Th>
                  <Table.Th>{t('peoplePage.lastSignIn')}</Table.Th>
                  {admin && <Table.Th>{t('peoplePage.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(people.data ?? []).map((user) => (
                  <Table.Tr key={user.id} data-testid={`person-${user.email}`}>
                    <Table.Td>
                      {user.name}
                      {user.id === me.id && ` (${t('peoplePage.you')})`}
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {user.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{orgName.get(user.orgId) ?? '—'}</Table.Td>
                    <Table.Td>
                      {admin ? (
                        <Select
                          size="xs"
                          w={150}
                          aria-label={t('peoplePage.roleOf', { name: user.name })}
                          allowDeselect={false}
                          value={user.role}
                          data-testid="person-role"
                          onChange={(v) =>
                            v &&
                            v !== user.role &&
                            update.mutate({ user, patch: { role: v as UserRole } })
                          }
                          data={ROLE_ORDER.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                        />
                      ) : (
                        t(`roles.${user.role}`)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="dot"
                        color={user.disabled ? 'gray' : 'teal'}
                        data-testid="person-status"
                        // A narrow table squeezes a badge to an ellipsis: its word stays whole.
                        style={{ minWidth: 'max-content' }}
                      >
                        {user.disabled ? t('peoplePage.disabledStatus') : t('peoplePage.active')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {user.lastSignInAt
                        ? format.dateTime(user.lastSignInAt)
                        : t('peoplePage.never')}
                    </Table.Td>
                    {admin && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color={user.disabled ? 'teal' : 'red'}
                          style={{ minWidth: 'max-content' }}
                          data-testid="person-toggle"
                          onClick={() =>
                            (user.disabled ||
                              window.confirm(
                                t('peoplePage.confirmDisable', { name: user.name }),
                              )) &&
                            update.mutate({ user, patch: { disabled: !user.disabled } })
                          }
                        >
                          {user.disabled ? t('peoplePage.enable') : t('peoplePage.disable')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
        {admin && (
          <Card withBorder component="section" aria-labelledby="invitations-title">
            <Title order={2} size="h4" id="invitations-title" mb="xs">
              {t('peoplePage.invitations')}
            </Title>
            {resent && (
              <CopyAlert
                title={t('peoplePage.resent', { email: resent.email })}
                value={resent.link}
                mb="sm"
              />
            )}
            {invitations.data?.length === 0 && <Text>{t('common.none')}</Text>}
            {(invitations.data?.length ?? 0) > 0 && (
              <Table.ScrollContainer minWidth={640}>
                <Table data-testid="invitations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('peoplePage.email')}</Table.Th>
                      <Table.Th>{t('peoplePage.organisation')}</Table.Th>
                      <Table.Th>{t('people.role')}</Table.Th>
                      <Table.Th>{t('peoplePage.status')}</Table.Th>
                      <Table.Th>{t('peoplePage.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(invitations.data ?? []).map((i) => (
                      <Table.Tr key={i.id} data-testid={`invitation-${i.email}`}>
                        <Table.Td style={{ wordBreak: 'break-all' }}>{i.email}</Table.Td>
                        <Table.Td>{orgName.get(i.orgId) ?? '—'}</Table.Td>
                        <Table.Td>{t(`roles.${i.role}`)}</Table.Td>
                        <Table.Td>
                          <Badge variant="dot" color="blue">
                            {t('peoplePage.invitedStatus')}
                          </Badge>{' '}
                          <Text span size="xs">
                            {t('peoplePage.invitedUntil', {
                              date: format.dateTime(i.expiresAt),
                            })}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="xs"
                              variant="light"
                              loading={resend.isPending && resend.variables?.id === i.id}
                              onClick={() => resend.mutate(i)}
                            >
                              {t('peoplePage.resend')}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() =>
                                window.confirm(t('peoplePage.confirmRevoke', { email: i.email })) &&
                                revoke.mutate(i)
                              }
                            >
                              {t('peoplePage.revoke')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Text size="sm" c="dimmed" mt="sm">
              {t('peoplePage.inviteHint')}
            </Text>
          </Card>
        )}
      </Stack>
    </>
  );
}
