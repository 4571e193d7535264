import { Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import type { CaseResponseTimes, CaseResponseTimesInForce, CaseSeverity } from '@safenet/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timesOrigin } from '../api/case-settings-view.js';
import { CASE_SEVERITIES } from '../api/case-view.js';
import { useOrganisations } from '../api/organisations.js';
import { ErrorAlert } from './error-alert.js';
import { ScrollTable } from './scroll-table.js';

type TimeField = 'acknowledgeMinutes' | 'resolveMinutes';
const FIELDS: TimeField[] = ['acknowledgeMinutes', 'resolveMinutes'];

/** The response times, a row per severity with its minutes; where they come from in words. */
export function CaseTimesForm({
  view,
  saving,
  error,
  onSave,
}: {
  view: CaseResponseTimesInForce;
  saving: boolean;
  error: unknown;
  onSave: (times: CaseResponseTimes | null) => void;
}) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  const [times, setTimes] = useState<CaseResponseTimes>(view.times);
  // Saved (or inherited again): the form shows what the hub now holds.
  useEffect(() => setTimes(view.times), [view.times]);
  const origin = timesOrigin(view);
  const definedByName = orgs.find((org) => org.id === view.definedBy)?.name ?? view.definedBy ?? '';
  const set = (severity: CaseSeverity, field: TimeField, value: number) =>
    setTimes((previous) => ({
      ...previous,
      [severity]: { ...previous[severity], [field]: value },
    }));
  return (
    <Card withBorder component="section" aria-labelledby="case-times">
      <Title order={2} size="h3" id="case-times" mb="xs">
        {t('caseSettings.times')}
      </Title>
      <Text size="sm" mb="sm" data-testid="case-times-origin" data-origin={origin}>
        {origin === 'own'
          ? t('caseSettings.own')
          : origin === 'inherited'
            ? t('caseSettings.inheritedFrom', { org: definedByName })
            : t('caseSettings.defaults')}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave(times);
        }}
      >
        <ScrollTable minWidth={520}>
          <Table withTableBorder data-testid="case-times">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('caseSettings.timesSeverity')}</Table.Th>
                {FIELDS.map((field) => (
                  <Table.Th scope="col" key={field}>
                    {t(`caseSettings.${field}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {CASE_SEVERITIES.map((severity) => (
                <Table.Tr key={severity}>
                  <Table.Th scope="row">{t(`cases.severity.${severity}`)}</Table.Th>
                  {FIELDS.map((field) => (
                    <Table.Td key={field}>
                      <NumberInput
                        aria-label={t('caseSettings.minutesOf', {
                          field: t(`caseSettings.${field}`),
                          severity: t(`cases.severity.${severity}`),
                        })}
                        min={1}
                        max={90 * 24 * 60}
                        allowDecimal={false}
                        allowNegative={false}
                        value={times[severity][field]}
                        onChange={(value) =>
                          typeof value === 'number' && set(severity, field, value)
                        }
                        data-testid={`case-times-${severity}-${field}`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Group mt="sm">
          <Button type="submit" loading={saving} data-testid="case-times-save">
            {t('common.save')}
          </Button>
          {origin === 'own' && (
            <Button variant="subtle" onClick={() => onSave(null)} disabled={saving}>
              {t('caseSettings.inherit')}
            </Button>
          )}
        </Group>
      </form>
      <ErrorAlert error={error} />
    </Card>
  );
}
