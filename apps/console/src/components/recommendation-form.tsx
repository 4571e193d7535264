import {
  Button,
  Card,
  Chip,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  Stack,
  Tabs,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { RecommendationTopic, Role } from '@safenet/sdk';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_ROLES, LANGUAGES, RECOMMENDATION_TOPICS } from '../api/domain.js';
import { fieldErrors } from '../api/errors.js';
import type { RecommendationDraft } from '../api/recommendation-draft.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AGE_BANDS, parseAgeBand } from '../pages/recommendations-search.js';
import { ErrorAlert } from './error-alert.js';

/**
 * The create and edit form of a recommendation: title and body per language, topic, tags,
 * target roles and children's age bands. The hub checks it; its problems show at their fields.
 */
export function RecommendationForm(props: {
  initial: RecommendationDraft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: RecommendationDraft) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(props.initial);
  const set = (change: Partial<RecommendationDraft>) => setDraft((d) => ({ ...d, ...change }));
  const problems = fieldErrors(props.error);
  const language = currentLanguage();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit(draft);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} data-testid="recommendation-form">
      <Stack gap="sm">
        <Fieldset legend={t('library.form.texts')}>
          <Tabs defaultValue={language}>
            <Tabs.List>
              {LANGUAGES.map((l) => (
                <Tabs.Tab key={l} value={l} data-testid={`rec-tab-${l}`}>
                  {t(`languages.${l}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {LANGUAGES.map((l) => (
              <Tabs.Panel key={l} value={l} pt="xs">
                <Stack gap="xs">
                  <TextInput
                    label={t('library.form.titleIn', { language: t(`languages.${l}`) })}
                    lang={l}
                    value={draft.title[l] ?? ''}
                    maxLength={300}
                    onChange={(e) => set({ title: { ...draft.title, [l]: e.currentTarget.value } })}
                    data-testid={`rec-title-${l}`}
                  />
                  <Textarea
                    label={t('library.form.bodyIn', { language: t(`languages.${l}`) })}
                    lang={l}
                    autosize
                    minRows={4}
                    value={draft.body[l] ?? ''}
                    onChange={(e) => set({ body: { ...draft.body, [l]: e.currentTarget.value } })}
                    data-testid={`rec-body-${l}`}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Fieldset>
        <Group align="start" grow wrap="wrap">
          <Select
            label={t('library.topic')}
            required
            value={draft.topic}
            onChange={(v) => set({ topic: v as RecommendationTopic | null })}
            data={RECOMMENDATION_TOPICS.map((x) => ({ value: x, label: t(`topics.${x}`) }))}
            error={problems.topic}
            data-testid="rec-topic"
          />
          <TextInput
            label={t('library.form.tags')}
            description={t('library.form.tagsHint')}
            value={draft.tags}
            onChange={(e) => set({ tags: e.currentTarget.value })}
            error={problems.tags}
            data-testid="rec-tags"
          />
        </Group>
        <MultiSelect
          label={t('library.form.roles')}
          description={t('library.form.rolesHint')}
          value={draft.targetRoles}
          onChange={(v) => set({ targetRoles: v as Role[] })}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
          data-testid="rec-roles"
        />
        <Chip.Group
          multiple
          value={draft.targetAgeBands}
          onChange={(v) => set({ targetAgeBands: v })}
        >
          <Fieldset legend={t('library.form.ages')} variant="unstyled">
            <Group gap="xs">
              {[...new Set([...AGE_BANDS, ...draft.targetAgeBands])].map((band) => (
                <Chip key={band} value={band} size="sm" data-testid={`rec-age-${band}`}>
                  {t('library.ageBand', parseAgeBand(band) ?? { min: 0, max: 17 })}
                </Chip>
              ))}
            </Group>
          </Fieldset>
        </Chip.Group>
        <ErrorAlert error={props.error} />
        <Group>
          <Button type="submit" loading={props.pending} data-testid="rec-save">
            {props.submitLabel}
          </Button>
          {props.onCancel && (
            <Button variant="subtle" onClick={props.onCancel}>
              {t('library.form.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
