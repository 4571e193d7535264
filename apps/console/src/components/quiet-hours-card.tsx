import { Button, Card, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import type { OrganisationDetail, OrganisationPatch } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { fieldErrorsByPath } from '../api/errors.js';
import { useOrganisations } from '../api/organisations.js';
import { ErrorAlert } from './error-alert.js';

type Choice = 'inherit' | 'own' | 'off';

/** What the organisation's own setting is: absent (inherit), `null` (off) or its hours. */
function choiceOf(org: OrganisationDetail): Choice {
  if (org.quietHours === undefined) return 'inherit';
  return org.quietHours === null ? 'off' : 'own';
}

/**
 * An organisation's quiet hours: the ones in force and where they come from (its own, an
 * ancestor's, the hub's default); an administrator sets its own hours, turns them off for its
 * subtree, or lets it inherit again.
 */
export function QuietHoursCard({ orgId, editable }: { orgId: string; editable: boolean }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['organisations', orgId],
    queryFn: () => client.organisations.get(orgId),
  });
  const org = detail.data;
  return (
    <Card withBorder component="section" aria-labelledby="quiet-hours" data-testid="quiet-hours">
      <Title order={2} size="h4" id="quiet-hours" mb="xs">
        {t('quietHours.title')}
      </Title>
      <ErrorAlert error={detail.error} />
      {org && <Effective org={org} />}
      {org && editable && <QuietHoursForm key={org.id} org={org} />}
    </Card>
  );
}

function Effective({ org }: { org: OrganisationDetail }) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  const { quietHours, source, orgId } = org.effectiveQuietHours;
  const from = orgs.find((o) => o.id === orgId)?.name ?? t('quietHours.anAncestor');
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} data-testid="quiet-hours-effective">
        {quietHours
          ? t('quietHours.hours', { from: quietHours.from, to: quietHours.to })
          : t('quietHours.none')}
      </Text>
      <Text size="sm" c="dimmed" data-testid="quiet-hours-source">
        {source === 'own'
          ? t('quietHours.sourceOwn')
          : source === 'inherited'
            ? t('quietHours.sourceInherited', { name: from })
            : t('quietHours.sourceDefault')}
      </Text>
    </Stack>
  );
}

function QuietHoursForm({ org }: { org: OrganisationDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Choice>(choiceOf(org));
  const own = org.quietHours ?? org.effectiveQuietHours.quietHours;
  const [from, setFrom] = useState(own?.from ?? '21:00');
  const [to, setTo] = useState(own?.to ?? '08:00');
  const save = useMutation({
    mutationFn: () => {
      const quietHours: OrganisationPatch['quietHours'] =
        choice === 'inherit' ? 'inherit' : choice === 'off' ? null : { from, to };
      return client.organisations.update(org.id, { quietHours });
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(['organisations', org.id], updated);
      // Descendants without their own setting follow: every organisation is read again.
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  const errors = fieldErrorsByPath(save.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit}>
      <Stack mt="sm" gap="sm">
        <Radio.Group
          label={t('quietHours.setting')}
          value={choice}
          onChange={(v) => setChoice(v as Choice)}
        >
          <Stack gap={6} mt={4}>
            <Radio value="inherit" label={t('quietHours.inherit')} data-testid="quiet-inherit" />
            <Radio value="own" label={t('quietHours.own')} data-testid="quiet-own" />
            <Radio value="off" label={t('quietHours.off')} data-testid="quiet-off" />
          </Stack>
        </Radio.Group>
        {choice === 'own' && (
          <Group wrap="wrap">
            <TextInput
              type="time"
              label={t('quietHours.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={errors['quietHours.from']}
              data-testid="quiet-from"
            />
            <TextInput
              type="time"
              label={t('quietHours.to')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={errors['quietHours.to']}
              data-testid="quiet-to"
            />
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {t('quietHours.hint')}
        </Text>
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" size="sm" loading={save.isPending} data-testid="quiet-save">
            {t('common.save')}
          </Button>
          {save.isSuccess && (
            <Text size="sm" c="teal" role="status">
              {t('common.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
