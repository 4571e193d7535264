import {
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { CaseResponseTimes, CaseResponseTimesInForce, CaseSeverity } from '@safenet/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_CATEGORIES,
  CASE_SEVERITIES,
  type RuleDraft,
  routingInput,
  ruleDrafts,
  timesOrigin,
} from '../api/case-view.js';
import { useCaseSettings } from '../api/cases.js';
import { useOrganisations } from '../api/organisations.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ScrollTable } from '../components/scroll-table.js';

type TimeField = 'acknowledgeMinutes' | 'resolveMinutes';
const FIELDS: TimeField[] = ['acknowledgeMinutes', 'resolveMinutes'];

/**
 * An organisation's case settings, for its admins: the response times per severity (its own,
 * inherited from the nearest organisation above that set them, or the defaults — said in
 * words) and its routing rules.
 */
export function CaseSettingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [orgId, setOrgId] = useState(user.orgId);
  const settings = useCaseSettings(orgId);
  return (
    <>
      <AnchorLink to="/cases" size="sm">
        ← {t('casePage.back')}
      </AnchorLink>
      <PageTitle title={t('caseSettings.title')} />
      <Text c="dimmed" size="sm" mb="md">
        {t('caseSettings.intro')}
      </Text>
      <Group mb="md">
        <OrgSelect value={orgId} onChange={setOrgId} />
      </Group>
      <Stack gap="lg">
        <ErrorAlert error={settings.times.error} />
        {settings.times.data && (
          <TimesForm
            key={`times-${orgId}`}
            view={settings.times.data}
            saving={settings.saveTimes.isPending}
            error={settings.saveTimes.error}
            onSave={(times) => settings.saveTimes.mutate(times)}
          />
        )}
        <ErrorAlert error={settings.routing.error} />
        {settings.routing.data && (
          <RoutingForm
            key={`routing-${orgId}`}
            orgId={orgId}
            rules={ruleDrafts(settings.routing.data.rules)}
            saving={settings.saveRouting.isPending}
            error={settings.saveRouting.error}
            onSave={(rules) => settings.saveRouting.mutate(routingInput(rules))}
          />
        )}
      </Stack>
    </>
  );
}

/** The response times, a row per severity with its minutes; where they come from in words. */
function TimesForm({
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

/** The routing rules, whole: each a part of the tree, its categories (or all), where it goes. */
function RoutingForm({
  orgId,
  rules,
  saving,
  error,
  onSave,
}: {
  orgId: string;
  rules: RuleDraft[];
  saving: boolean;
  error: unknown;
  onSave: (rules: RuleDraft[]) => void;
}) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<RuleDraft[]>(rules);
  const change = (index: number, patch: Partial<RuleDraft>) =>
    setDrafts((previous) =>
      previous.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)),
    );
  return (
    <Card withBorder component="section" aria-labelledby="case-routing">
      <Title order={2} size="h3" id="case-routing" mb="xs">
        {t('caseSettings.routing')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('caseSettings.routingHint')}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave(drafts);
        }}
      >
        <Stack gap="sm" data-testid="case-rules">
          {drafts.length === 0 && <Text size="sm">{t('caseSettings.noRules')}</Text>}
          {drafts.map((rule, index) => (
            <Card
              // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id until saved
              key={index}
              withBorder
              padding="sm"
              data-testid="case-rule"
            >
              <Group align="end" gap="sm">
                <OrgSelect
                  label={t('caseSettings.scope')}
                  value={rule.scopeOrgId}
                  onChange={(scopeOrgId) => change(index, { scopeOrgId })}
                />
                <MultiSelect
                  label={t('caseSettings.categories')}
                  placeholder={rule.categories ? undefined : t('caseSettings.allCategories')}
                  clearable
                  value={rule.categories ?? []}
                  onChange={(values) =>
                    change(index, {
                      categories: values.length > 0 ? (values as RuleDraft['categories']) : null,
                    })
                  }
                  data={CASE_CATEGORIES.map((c) => ({ value: c, label: t(`cases.category.${c}`) }))}
                />
                <OrgSelect
                  label={t('caseSettings.targetOrg')}
                  value={rule.targetOrgId}
                  onChange={(targetOrgId) => change(index, { targetOrgId })}
                />
                <Button
                  variant="light"
                  color="red.9"
                  onClick={() => setDrafts((previous) => previous.filter((_, i) => i !== index))}
                >
                  {t('caseSettings.removeRule')}
                </Button>
              </Group>
            </Card>
          ))}
        </Stack>
        <Group mt="sm">
          <Button
            variant="light"
            onClick={() =>
              setDrafts((previous) => [
                ...previous,
                { scopeOrgId: orgId, categories: null, targetOrgId: orgId },
              ])
            }
          >
            {t('caseSettings.addRule')}
          </Button>
          <Button type="submit" loading={saving} data-testid="case-rules-save">
            {t('caseSettings.saveRules')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
    </Card>
  );
}
