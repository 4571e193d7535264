import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { type AlertState, roleHasScope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseOfAlert } from '../api/case-view.js';
import { CASES_KEY } from '../api/cases.js';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';
import { useStreamEvents } from '../stream/use-stream.js';

const SEVERITY_COLORS = { info: 'blue', warning: 'orange', critical: 'red' } as const;
const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const satisfies readonly AlertState[];
const ALERTS_KEY = ['alerts'] as const;

/**
 * The alerts inbox: the stored alerts of the reader's organisation and beneath it, newest
 * first, by state (open by default), read again whenever the stream raises one. People who
 * act on alerts (`write`, or a specialist's `cases`) acknowledge and resolve them here; a case
 * alert links to its case. The message is the hub's; the code names it.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const queryClient = useQueryClient();
  const [state, setState] = useState<AlertState>('open');
  const alerts = useQuery({
    queryKey: [...ALERTS_KEY, state],
    queryFn: () => client.alerts.list({ state, limit: 100 }),
  });
  useStreamEvents(['alert'], () => {
    void queryClient.invalidateQueries({ queryKey: ALERTS_KEY });
  });
  const canAct = roleHasScope(user.role, 'write') || roleHasScope(user.role, 'cases');
  const move = useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'acknowledge' | 'resolve' }) =>
      to === 'acknowledge' ? client.alerts.acknowledge(id) : client.alerts.resolve(id),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ALERTS_KEY });
      void queryClient.invalidateQueries({ queryKey: CASES_KEY });
    },
  });
  const items = alerts.data?.items ?? [];

  return (
    <>
      <PageTitle title={t('alerts.title')} />
      <Text c="dimmed" mb="md">
        {t('alerts.hint')}
      </Text>
      <Group mb="md">
        <Select
          label={t('alerts.stateFilter')}
          allowDeselect={false}
          value={state}
          onChange={(value) => value && setState(value as AlertState)}
          data={ALERT_STATES.map((s) => ({ value: s, label: t(`alerts.state.${s}`) }))}
          data-testid="alerts-state-filter"
        />
      </Group>
      <ErrorAlert error={alerts.error ?? move.error} />
      {alerts.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      <Stack aria-live="polite" data-testid="alerts">
        {items.map((alert) => {
          const title = `${t(`severity.${alert.severity}`)} · ${t(`alertCodes.${alert.code}` as 'alertCodes.unknown', { defaultValue: alert.code })}`;
          const caseId = caseOfAlert(alert);
          const busy = move.isPending && move.variables?.id === alert.id;
          return (
            <Alert
              key={alert.id}
              color={SEVERITY_COLORS[alert.severity]}
              title={title}
              data-testid="alert"
              data-alert={alert.id}
              data-state={alert.state}
            >
              <Text size="sm">{alert.message}</Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(alert.createdAt)}
                {alert.acknowledgedAt &&
                  ` · ${t('alerts.acknowledgedAt', { at: format.dateTime(alert.acknowledgedAt) })}`}
                {alert.resolvedAt &&
                  ` · ${t('alerts.resolvedAt', { at: format.dateTime(alert.resolvedAt) })}`}
              </Text>
              <Group gap="xs" mt="xs">
                {caseId && (
                  <AnchorLink
                    to="/cases/$caseId"
                    params={{ caseId }}
                    size="sm"
                    data-testid="alert-case"
                  >
                    {t('alerts.openCase')}
                  </AnchorLink>
                )}
                {canAct && alert.state === 'open' && (
                  <Button
                    size="xs"
                    variant="white"
                    loading={busy}
                    onClick={() => move.mutate({ id: alert.id, to: 'acknowledge' })}
                    aria-label={t('alerts.acknowledgeOf', { title })}
                    data-testid="alert-acknowledge"
                  >
                    {t('alerts.acknowledge')}
                  </Button>
                )}
                {canAct && alert.state !== 'resolved' && (
                  <Button
                    size="xs"
                    variant="white"
                    loading={busy}
                    onClick={() => move.mutate({ id: alert.id, to: 'resolve' })}
                    aria-label={t('alerts.resolveOf', { title })}
                    data-testid="alert-resolve"
                  >
                    {t('alerts.resolve')}
                  </Button>
                )}
              </Group>
            </Alert>
          );
        })}
        {alerts.data && items.length === 0 && <Text>{t('alerts.none')}</Text>}
      </Stack>
    </>
  );
}
