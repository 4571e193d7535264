import { Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routingInput, ruleDrafts } from '../api/case-settings-view.js';
import { useCaseSettings } from '../api/cases.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { CaseRoutingForm } from '../components/case-routing-form.js';
import { CaseTimesForm } from '../components/case-times-form.js';
import { ErrorAlert } from '../components/error-alert.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';

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
          <CaseTimesForm
            key={`times-${orgId}`}
            view={settings.times.data}
            saving={settings.saveTimes.isPending}
            error={settings.saveTimes.error}
            onSave={(times) => settings.saveTimes.mutate(times)}
          />
        )}
        <ErrorAlert error={settings.routing.error} />
        {settings.routing.data && (
          <CaseRoutingForm
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
