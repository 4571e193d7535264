import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { OrganisationKind } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CHILD_KINDS } from '../api/domain.js';
import { depthOf, useOrganisations } from '../api/organisations.js';
import { useUser } from '../auth/session.js';
import { ApiKeysCard } from '../components/api-keys.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { PeopleCard } from '../components/people-card.js';
import { QuietHoursCard } from '../components/quiet-hours-card.js';

/** The organisation tree; an admin adds organisations under one and manages its API keys. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { data: orgs = [], error } = useOrganisations();
  const [selectedId, setSelectedId] = useState(user.orgId);
  const selected = orgs.find((o) => o.id === selectedId);
  const admin = roleHasScope(user.role, 'admin');
  return (
    <>
      <PageTitle title={t('organisations.title')} />
      <ErrorAlert error={error} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder component="nav" aria-label={t('organisations.tree')}>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {orgs.map((org) => (
              <li key={org.id} style={{ paddingLeft: depthOf(org, orgs) * 16 }}>
                <UnstyledButton
                  onClick={() => setSelectedId(org.id)}
                  aria-pressed={org.id === selectedId}
                  fw={org.id === selectedId ? 700 : 400}
                  py={2}
                >
                  {org.name}{' '}
                  <Text span size="xs" c="dimmed">
                    {t(`orgKinds.${org.kind}`)}
                  </Text>
                </UnstyledButton>
              </li>
            ))}
          </ul>
        </Card>
        {selected && (
          <Stack>
            <Card withBorder component="section" aria-labelledby="org-title">
              <Title order={2} size="h4" id="org-title">
                {selected.name}
              </Title>
              <Text size="sm">
                {t(`orgKinds.${selected.kind}`)} · {selected.timeZone} ·{' '}
                {t(`languages.${selected.defaultLanguage}`)}
              </Text>
            </Card>
            <QuietHoursCard orgId={selected.id} editable={admin} />
            {admin && CHILD_KINDS[selected.kind].length > 0 && (
              <CreateChild parentId={selected.id} kinds={CHILD_KINDS[selected.kind]} />
            )}
            {admin && <PeopleCard orgId={selected.id} />}
            {admin && <ApiKeysCard orgId={selected.id} />}
          </Stack>
        )}
      </SimpleGrid>
    </>
  );
}

function CreateChild({
  parentId,
  kinds,
}: {
  parentId: string;
  kinds: readonly OrganisationKind[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind | null>(null);
  const create = useMutation({
    mutationFn: () => client.organisations.create({ parentId, kind: kind!, name }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="create-org">
      <Title order={2} size="h4" id="create-org" mb="xs">
        {t('organisations.createChild')}
      </Title>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <ErrorAlert error={create.error} />
          <Select
            label={t('organisations.kind')}
            value={kind}
            onChange={(v) => setKind(v as OrganisationKind | null)}
            data={kinds.map((k) => ({ value: k, label: t(`orgKinds.${k}`) }))}
          />
          <TextInput
            label={t('organisations.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" disabled={!kind || !name.trim()} loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
