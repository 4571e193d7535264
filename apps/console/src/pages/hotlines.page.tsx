import { Alert, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { HotlinePurpose, Language } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOTLINE_PURPOSES, LANGUAGES } from '../api/domain.js';
import { emptyHotlineDraft, hotlineInput } from '../api/hotline-draft.js';
import { useHotlines, useHotlineWrites } from '../api/hotlines.js';
import { useOrganisations } from '../api/organisations.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { HotlineCard } from '../components/hotline-card.js';
import { HotlineForm } from '../components/hotline-form.js';
import { PageTitle } from '../components/page-title.js';

/**
 * The hotline directory: the help lines broadcasts signpost to the person's organisations —
 * kept in their subtree, or serving their organisation or one above it — filtered by purpose
 * and language. A writer adds lines, and edits or deletes those kept in their subtree (a line
 * that only serves them is someone else's to change; the hub says the same).
 */
export function HotlinesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [purpose, setPurpose] = useState<HotlinePurpose | null>(null);
  const [language, setLanguage] = useState<Language | null>(null);
  const [adding, setAdding] = useState(false);
  const lines = useHotlines({
    ...(purpose ? { purpose } : {}),
    ...(language ? { language } : {}),
  });
  const { data: orgs = [] } = useOrganisations();
  const writes = useHotlineWrites();
  const mayWrite = roleHasScope(user.role, 'write');
  const names = new Map(orgs.map((org) => [org.id, org.name]));
  const orgName = (id: string) => names.get(id) ?? t('hotlines.aboveYours');
  const items = lines.data?.items ?? [];

  return (
    <>
      <PageTitle title={t('hotlines.title')}>
        {mayWrite && !adding && (
          <Button onClick={() => setAdding(true)} data-testid="new-hotline">
            {t('hotlines.new')}
          </Button>
        )}
      </PageTitle>
      <Stack>
        <Text size="sm">{t('hotlines.intro')}</Text>
        {adding && (
          <HotlineForm
            initial={emptyHotlineDraft(user.orgId)}
            isNew
            submitLabel={t('hotlines.form.add')}
            pending={writes.create.isPending}
            error={writes.create.error}
            onCancel={() => setAdding(false)}
            onSubmit={(draft) =>
              writes.create.mutate(hotlineInput(draft), { onSuccess: () => setAdding(false) })
            }
          />
        )}
        <Group align="end">
          <Select
            label={t('hotlines.purpose')}
            placeholder={t('hotlines.anyPurpose')}
            clearable
            value={purpose}
            onChange={(v) => setPurpose(v as HotlinePurpose | null)}
            data={HOTLINE_PURPOSES.map((p) => ({ value: p, label: t(`hotlinePurposes.${p}`) }))}
            data-testid="hotline-filter-purpose"
          />
          <Select
            label={t('hotlines.language')}
            placeholder={t('hotlines.anyLanguage')}
            clearable
            value={language}
            onChange={(v) => setLanguage(v as Language | null)}
            data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            data-testid="hotline-filter-language"
          />
        </Group>
        <ErrorAlert error={lines.error} />
        <SimpleGrid
          cols={{ base: 1, md: 2 }}
          aria-busy={lines.isFetching}
          data-testid="hotline-list"
        >
          {items.map((line) => (
            <HotlineCard
              key={line.id}
              line={line}
              canChange={mayWrite && names.has(line.orgId)}
              orgName={orgName}
            />
          ))}
        </SimpleGrid>
        {lines.data && items.length === 0 && (
          <Text c="dimmed" data-testid="hotlines-empty">
            {purpose || language ? t('hotlines.noneMatch') : t('hotlines.empty')}
          </Text>
        )}
        {lines.data?.nextCursor && <Alert color="gray">{t('hotlines.more')}</Alert>}
      </Stack>
    </>
  );
}
