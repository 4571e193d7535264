import {
  Box,
  Button,
  Card,
  Fieldset,
  Group,
  MultiSelect,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { SafenetApiError } from '@safenet/sdk';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOTLINE_PURPOSES, LANGUAGES } from '../api/domain.js';
import type { HotlineDraft } from '../api/hotline-draft.js';
import { depthOf, useOrganisations } from '../api/organisations.js';
import { ChipChoice } from './chip-choice.js';
import { ErrorAlert } from './error-alert.js';
import { OrgSelect } from './org-select.js';

/**
 * The hub's problems by field (the last part of its path): a number it refused in the
 * reader's words (`hotline_number_invalid` names the field), any other problem as the hub said.
 */
function problemsOf(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof SafenetApiError)) return {};
  const problems: Record<string, string> = {};
  for (const field of error.errors) {
    const name = String(field.path).split('.').pop() ?? '';
    problems[name] =
      field.code === 'hotline_number_invalid'
        ? t(name === 'e164' ? 'hotlines.form.e164Invalid' : 'hotlines.form.numberInvalid')
        : field.message;
  }
  return problems;
}

/**
 * The create and edit form of a help line: the keeper (when new), the number as dialled and in
 * E.164, its name per language, purposes, languages, hours and the organisations it serves.
 * The hub checks it; its problems show at their fields.
 */
export function HotlineForm(props: {
  initial: HotlineDraft;
  isNew: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: HotlineDraft) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  const [draft, setDraft] = useState(props.initial);
  const set = (change: Partial<HotlineDraft>) => setDraft((d) => ({ ...d, ...change }));
  const problems = problemsOf(t, props.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit(draft);
  };
  // A new line serves its keeper until someone says otherwise: moving the keeper moves that.
  const setKeeper = (orgId: string) =>
    set({
      orgId,
      serves: draft.serves.length === 1 && draft.serves[0] === draft.orgId ? [orgId] : draft.serves,
    });
  return (
    <Card
      withBorder
      component="form"
      onSubmit={submit}
      aria-label={props.isNew ? t('hotlines.new') : t('hotlines.editTitle')}
      data-testid="hotline-form"
    >
      <Stack gap="sm">
        {props.isNew && (
          <OrgSelect label={t('hotlines.keptBy')} value={draft.orgId} onChange={setKeeper} />
        )}
        <Group align="start" grow wrap="wrap">
          <TextInput
            label={t('hotlines.form.number')}
            description={t('hotlines.form.numberHint')}
            required
            value={draft.number}
            onChange={(e) => set({ number: e.currentTarget.value })}
            error={problems.number}
            data-testid="hotline-number"
          />
          <TextInput
            label={t('hotlines.form.e164')}
            description={t('hotlines.form.e164Hint')}
            value={draft.e164}
            onChange={(e) => set({ e164: e.currentTarget.value })}
            error={problems.e164}
            data-testid="hotline-e164"
          />
        </Group>
        <Fieldset legend={t('hotlines.form.names')}>
          <Stack gap="xs">
            {LANGUAGES.map((l) => (
              <TextInput
                key={l}
                label={t('hotlines.form.nameIn', { language: t(`languages.${l}`) })}
                lang={l}
                maxLength={300}
                value={draft.name[l] ?? ''}
                onChange={(e) => set({ name: { ...draft.name, [l]: e.currentTarget.value } })}
                data-testid={`hotline-name-${l}`}
              />
            ))}
          </Stack>
          {problems.name && <ErrorText text={problems.name} />}
        </Fieldset>
        <ChipChoice
          legend={t('hotlines.purposes')}
          options={HOTLINE_PURPOSES}
          label={(p) => t(`hotlinePurposes.${p}`)}
          value={draft.purposes}
          onChange={(purposes) => set({ purposes })}
          testId="hotline-purposes"
        />
        {problems.purposes && <ErrorText text={problems.purposes} />}
        <ChipChoice
          legend={t('hotlines.languages')}
          options={LANGUAGES}
          label={(l) => t(`languages.${l}`)}
          value={draft.languages}
          onChange={(languages) => set({ languages })}
          testId="hotline-languages"
        />
        {problems.languages && <ErrorText text={problems.languages} />}
        <TextInput
          label={t('hotlines.hours')}
          description={t('hotlines.form.hoursHint')}
          maxLength={40}
          value={draft.hours}
          onChange={(e) => set({ hours: e.currentTarget.value })}
          error={problems.hours}
          data-testid="hotline-hours"
        />
        <MultiSelect
          label={t('hotlines.serves')}
          description={t('hotlines.form.servesHint')}
          searchable
          value={draft.serves}
          onChange={(serves) => set({ serves })}
          data={orgs.map((org) => ({ value: org.id, label: org.name }))}
          // Indented by depth in the list; the chosen ones are plain names.
          renderOption={({ option }) => {
            const org = orgs.find((o) => o.id === option.value);
            return <Box pl={org ? depthOf(org, orgs) * 12 : 0}>{option.label}</Box>;
          }}
          error={problems.serves}
          data-testid="hotline-serves"
        />
        <ErrorAlert error={props.error} />
        <Group>
          <Button type="submit" loading={props.pending} data-testid="hotline-save">
            {props.submitLabel}
          </Button>
          <Button variant="subtle" onClick={props.onCancel}>
            {t('hotlines.form.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A problem of a group of choices, under it (a single input shows its own). */
function ErrorText({ text }: { text: string }) {
  return (
    <Text size="sm" c="red.8" role="alert">
      {text}
    </Text>
  );
}
