import { Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ApiKeyCreated, Scope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useFormat } from '../i18n/format.js';
import { ChipChoice } from './chip-choice.js';
import { CopyAlert } from './copy-alert.js';
import { ErrorAlert } from './error-alert.js';

const SCOPES = ['read', 'write', 'send', 'admin', 'cases'] as const satisfies readonly Scope[];

/** An organisation's API keys (for integrations): create one — its secret shown once — or revoke. */
export function ApiKeysCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys'],
    queryFn: async () => {
      const all = [];
      for await (const key of client.apiKeys.iterate({ limit: 500 })) all.push(key);
      return all;
    },
  });
  const create = useMutation({
    mutationFn: () => client.apiKeys.create({ orgId, name, scopes }),
    onSuccess: async (key) => {
      setCreated(key);
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client.apiKeys.revoke(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const mine = (keys.data ?? []).filter((k) => k.orgId === orgId && !k.revokedAt);
  return (
    <Card withBorder component="section" aria-labelledby="api-keys">
      <Title order={2} size="h4" id="api-keys" mb="xs">
        {t('apiKeys.title')}
      </Title>
      <ErrorAlert error={keys.error ?? create.error ?? revoke.error} />
      {created && <CopyAlert title={t('apiKeys.createdOnce')} value={created.secret} mb="sm" />}
      <Table.ScrollContainer minWidth={360}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('apiKeys.name')}</Table.Th>
              <Table.Th>{t('apiKeys.scopes')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
              <Table.Th>
                <span className="visually-hidden">{t('apiKeys.revoke')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mine.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>
                  {key.name}{' '}
                  <Text span size="xs" c="dimmed">
                    {key.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>{key.scopes.join(', ')}</Table.Td>
                <Table.Td>{format.dateTime(key.createdAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    onClick={() =>
                      window.confirm(t('apiKeys.confirmRevoke', { name: key.name })) &&
                      revoke.mutate(key.id)
                    }
                  >
                    {t('apiKeys.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack mt="sm">
          <TextInput
            label={t('apiKeys.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <ChipChoice
            legend={t('apiKeys.scopes')}
            options={SCOPES}
            label={(s) => s}
            value={scopes}
            onChange={setScopes}
          />
          <Group>
            <Button
              type="submit"
              disabled={!name.trim() || scopes.length === 0}
              loading={create.isPending}
            >
              {t('apiKeys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
