import { Badge, Button, Card, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import type { Language } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { LANGUAGES } from '../api/domain.js';
import type { InvitationCreated, UserRole } from '../api/people.js';
import { CopyAlert } from './copy-alert.js';
import { ErrorAlert } from './error-alert.js';

const ROLES = ['viewer', 'editor', 'sender', 'admin'] as const satisfies readonly UserRole[];

/**
 * The people of an organisation, and an invitation for one more: the hub emails the link when
 * email is configured, and the answer carries it too, to pass on another way.
 */
export function PeopleCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [language, setLanguage] = useState<Language>('ru');
  const [invited, setInvited] = useState<InvitationCreated | null>(null);
  const people = useQuery({
    queryKey: ['users', orgId],
    queryFn: () => client.users.list({ orgId, limit: 200 }),
  });
  const invite = useMutation({
    mutationFn: () => client.invitations.create({ email, orgId, role, language }),
    onSuccess: async (invitation) => {
      setInvited(invitation);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: ['users', orgId] });
    },
  });
  const here = (people.data?.items ?? []).filter((u) => u.orgId === orgId);
  return (
    <Card withBorder component="section" aria-labelledby="people">
      <Title order={2} size="h4" id="people" mb="xs">
        {t('people.title')}
      </Title>
      <ErrorAlert error={people.error ?? invite.error} />
      <Table.ScrollContainer minWidth={320}>
        <Table>
          <Table.Tbody>
            {here.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.name}</Table.Td>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>
                  {t(`roles.${user.role}`)}
                  {user.disabled && (
                    <Badge color="gray" ml={4}>
                      {t('people.disabled')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {invited && (
        <CopyAlert
          title={t('people.invited', { email: invited.email })}
          value={invited.link}
          my="sm"
        />
      )}
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          invite.mutate();
        }}
      >
        <Stack mt="sm">
          <TextInput
            type="email"
            label={t('signIn.email')}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <Group grow>
            <Select
              label={t('people.role')}
              allowDeselect={false}
              value={role}
              onChange={(v) => v && setRole(v as UserRole)}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
            <Select
              label={t('layout.language')}
              allowDeselect={false}
              value={language}
              onChange={(v) => v && setLanguage(v as Language)}
              data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            />
          </Group>
          <Group>
            <Button type="submit" disabled={!email.includes('@')} loading={invite.isPending}>
              {t('people.invite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
