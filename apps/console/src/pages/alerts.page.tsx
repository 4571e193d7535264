import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';
import { useAlerts } from '../stream/alerts.js';

const SEVERITY_COLORS = { info: 'blue', warning: 'orange', critical: 'red' } as const;

/**
 * The alerts of the stream since the console opened, newest first: a channel down or back,
 * a circuit opening, a broadcast's failures. The message is the hub's; the code names it.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const alerts = useAlerts();
  return (
    <>
      <PageTitle title={t('alerts.title')} />
      <Text c="dimmed" mb="md">
        {t('alerts.hint')}
      </Text>
      <Stack aria-live="polite">
        {alerts.map((alert) => (
          <Alert
            key={alert.id}
            color={SEVERITY_COLORS[alert.data.severity]}
            title={`${t(`severity.${alert.data.severity}`)} · ${t(`alertCodes.${alert.data.code}` as 'alertCodes.unknown', { defaultValue: alert.data.code })}`}
          >
            <Text size="sm">{alert.data.message}</Text>
            <Text size="xs" c="dimmed">
              {format.dateTime(alert.at)}
            </Text>
          </Alert>
        ))}
        {alerts.length === 0 && <Text>{t('alerts.none')}</Text>}
      </Stack>
    </>
  );
}
