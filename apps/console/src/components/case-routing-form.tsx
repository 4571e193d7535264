import { Button, Card, Group, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleDraft } from '../api/case-settings-view.js';
import { CASE_CATEGORIES } from '../api/case-view.js';
import { ErrorAlert } from './error-alert.js';
import { OrgSelect } from './org-select.js';

/** The routing rules, whole: each a part of the tree, its categories (or all), where it goes. */
export function CaseRoutingForm({
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
