import {
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Channel, Language, Role, SegmentQueryInput } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { CHANNELS, CONTACT_ROLES, LANGUAGES } from '../api/domain.js';
import { useUser } from '../auth/session.js';
import { ChipChoice } from '../components/chip-choice.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

interface Draft {
  roles: Role[];
  languages: Language[];
  reachableOn: Channel[];
  withAgeBand: boolean;
  ageMin: number;
  ageMax: number;
}

const EMPTY: Draft = {
  roles: [],
  languages: [],
  reachableOn: [],
  withAgeBand: false,
  ageMin: 0,
  ageMax: 17,
};

/** The segment query a draft stands for: an empty list is no condition. */
export function queryOf(draft: Draft): SegmentQueryInput {
  return {
    ...(draft.roles.length ? { roles: draft.roles } : {}),
    ...(draft.languages.length ? { languages: draft.languages } : {}),
    ...(draft.reachableOn.length ? { reachableOn: draft.reachableOn } : {}),
    ...(draft.withAgeBand
      ? { ageBand: { min: draft.ageMin, max: Math.max(draft.ageMin, draft.ageMax) } }
      : {}),
  };
}

/** Saved segments, and a builder that counts its audience live as it is edited. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [orgId, setOrgId] = useState(user.orgId);
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const query = queryOf(draft);
  const [debounced] = useDebouncedValue({ orgId, query }, 300);

  const count = useQuery({
    queryKey: ['segments', 'dry-run', debounced],
    queryFn: () => client.segments.dryRun(debounced),
    placeholderData: keepPreviousData,
  });
  const segments = useQuery({
    queryKey: ['segments'],
    queryFn: () => client.segments.list({ limit: 200 }),
  });
  const save = useMutation({
    mutationFn: () => client.segments.create({ orgId, name, query }),
    onSuccess: async () => {
      setName('');
      setDraft(EMPTY);
      await queryClient.invalidateQueries({ queryKey: ['segments'] });
    },
  });
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <>
      <PageTitle title={t('segments.title')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder component="section" aria-labelledby="segment-builder">
          <Title order={2} size="h4" id="segment-builder" mb="sm">
            {t('segments.builder')}
          </Title>
          <form
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              save.mutate();
            }}
          >
            <Stack>
              <OrgSelect value={orgId} onChange={setOrgId} />
              <ChipChoice
                legend={t('segments.roles')}
                options={CONTACT_ROLES}
                label={(r) => t(`contactRoles.${r}`)}
                value={draft.roles}
                onChange={(roles) => update({ roles })}
                testId="segment-roles"
              />
              <ChipChoice
                legend={t('segments.languages')}
                options={LANGUAGES}
                label={(l) => t(`languages.${l}`)}
                value={draft.languages}
                onChange={(languages) => update({ languages })}
                testId="segment-languages"
              />
              <ChipChoice
                legend={t('segments.reachableOn')}
                options={CHANNELS}
                label={(c) => t(`channels.${c}`)}
                value={draft.reachableOn}
                onChange={(reachableOn) => update({ reachableOn })}
                testId="segment-channels"
              />
              <Switch
                label={t('segments.ageBand')}
                checked={draft.withAgeBand}
                onChange={(e) => update({ withAgeBand: e.currentTarget.checked })}
              />
              {draft.withAgeBand && (
                <Group grow>
                  <NumberInput
                    label={t('segments.ageMin')}
                    min={0}
                    max={17}
                    value={draft.ageMin}
                    onChange={(v) => update({ ageMin: Number(v) || 0 })}
                  />
                  <NumberInput
                    label={t('segments.ageMax')}
                    min={0}
                    max={17}
                    value={draft.ageMax}
                    onChange={(v) => update({ ageMax: Number(v) || 0 })}
                  />
                </Group>
              )}
              <Card bg="gray.0" aria-live="polite" data-testid="segment-count">
                <Text fw={600}>
                  {count.data
                    ? t('segments.matches', { n: format.number(count.data.total) })
                    : t('common.loading')}
                </Text>
                {count.data && (
                  <Text size="sm" c="dimmed">
                    {CHANNELS.filter((c) => count.data.reachable[c] !== undefined)
                      .map(
                        (c) =>
                          `${t(`channels.${c}`)}: ${format.number(count.data.reachable[c] ?? 0)}`,
                      )
                      .join(' · ')}
                  </Text>
                )}
              </Card>
              <ErrorAlert error={count.error ?? save.error} />
              {roleHasScope(user.role, 'write') && (
                <Group align="end">
                  <TextInput
                    label={t('segments.name')}
                    required
                    style={{ flex: 1 }}
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                  />
                  <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                    {t('segments.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Card>
        <Card withBorder component="section" aria-labelledby="segment-list">
          <Title order={2} size="h4" id="segment-list" mb="sm">
            {t('segments.saved')}
          </Title>
          <Table.ScrollContainer minWidth={320}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('segments.name')}</Table.Th>
                  <Table.Th>{t('common.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {segments.data?.items.map((segment) => (
                  <Table.Tr key={segment.id}>
                    <Table.Td>{segment.name}</Table.Td>
                    <Table.Td>{format.dateTime(segment.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {segments.data?.items.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
        </Card>
      </SimpleGrid>
    </>
  );
}
