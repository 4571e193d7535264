import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { CampaignOrganiser, Language } from '@safenet/sdk';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../api/domain.js';
import { fieldErrorsByPath } from '../api/errors.js';
import { depthOf, useOrganisations } from '../api/organisations.js';
import { currentLanguage } from '../i18n/i18n.js';
import { type CampaignDraft, newPhaseKey, type PhaseDraft } from './campaign-draft.js';
import { ErrorAlert } from './error-alert.js';
import { OrgSelect } from './org-select.js';

/** The IANA zones the browser knows: what the hub accepts too (it checks with Intl). */
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/**
 * The create and edit form of a campaign: title and goal per language, the window and its
 * time zone, the phases, the organisers from the tree (each maybe "by agreement"), partners
 * and the source document. The hub checks it; its problems show at their fields.
 */
export function CampaignForm(props: {
  initial: CampaignDraft;
  /** Creating: the owner can be chosen. Editing: it stays. */
  mode: 'create' | 'edit';
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: CampaignDraft) => void;
}) {
  const { t } = useTranslation();
  const { data: orgs = [] } = useOrganisations();
  const [draft, setDraft] = useState(props.initial);
  const [zoneTouched, setZoneTouched] = useState(props.mode === 'edit');
  const errors = fieldErrorsByPath(props.error);
  /** The problems of `path` and of the paths under it. */
  const errorAt = (path: string): string | undefined => {
    const found = Object.entries(errors)
      .filter(([p]) => p === path || p.startsWith(`${path}.`))
      .map(([, m]) => m);
    return found.length > 0 ? found.join('; ') : undefined;
  };
  const set = (change: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setPhase = (index: number, change: Partial<PhaseDraft>) =>
    set({ phases: draft.phases.map((p, i) => (i === index ? { ...p, ...change } : p)) });
  const setOrganiser = (index: number, change: Partial<CampaignOrganiser>) =>
    set({ organisers: draft.organisers.map((o, i) => (i === index ? { ...o, ...change } : o)) });
  const language = currentLanguage();
  const languageName = (l: Language) => t(`languages.${l}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit(draft);
  }

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={props.submitLabel} noValidate>
      <Stack>
        <ErrorAlert error={props.error} />
        {props.mode === 'create' && (
          <OrgSelect
            label={t('campaignForm.owner')}
            value={draft.orgId}
            onChange={(orgId) => {
              const zone = orgs.find((o) => o.id === orgId)?.timeZone;
              set({ orgId, ...(zone && !zoneTouched ? { timeZone: zone } : {}) });
            }}
          />
        )}
        <Fieldset legend={t('campaignForm.titleAndGoal')} variant="unstyled">
          {(errorAt('title') ?? errorAt('goal')) && (
            <Text size="sm" c="var(--mantine-color-error)" data-testid="field-error-title">
              {errorAt('title') ?? errorAt('goal')}
            </Text>
          )}
          <Tabs defaultValue={language}>
            <Tabs.List>
              {LANGUAGES.map((l) => (
                <Tabs.Tab key={l} value={l}>
                  {languageName(l)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {LANGUAGES.map((l) => (
              <Tabs.Panel key={l} value={l} pt="xs">
                <Stack gap="xs">
                  <TextInput
                    label={t('campaignForm.titleIn', { language: languageName(l) })}
                    lang={l}
                    value={draft.title[l] ?? ''}
                    maxLength={300}
                    onChange={(e) => set({ title: { ...draft.title, [l]: e.currentTarget.value } })}
                    data-testid={`campaign-title-${l}`}
                  />
                  <Textarea
                    label={t('campaignForm.goalIn', { language: languageName(l) })}
                    lang={l}
                    autosize
                    minRows={2}
                    value={draft.goal[l] ?? ''}
                    onChange={(e) => set({ goal: { ...draft.goal, [l]: e.currentTarget.value } })}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            type="date"
            label={t('campaignForm.startsOn')}
            value={draft.startsOn}
            onChange={(e) => set({ startsOn: e.currentTarget.value })}
            error={errorAt('startsOn')}
            data-testid="campaign-starts"
          />
          <TextInput
            type="date"
            label={t('campaignForm.endsOn')}
            value={draft.endsOn}
            onChange={(e) => set({ endsOn: e.currentTarget.value })}
            error={errorAt('endsOn')}
            data-testid="campaign-ends"
          />
          <Select
            label={t('campaignForm.timeZone')}
            description={t('campaignForm.timeZoneHint')}
            searchable
            allowDeselect={false}
            limit={50}
            value={draft.timeZone}
            onChange={(zone) => {
              if (!zone) return;
              setZoneTouched(true);
              set({ timeZone: zone });
            }}
            data={
              TIME_ZONES.includes(draft.timeZone) ? TIME_ZONES : [draft.timeZone, ...TIME_ZONES]
            }
            error={errorAt('timeZone')}
            data-testid="campaign-zone"
          />
        </SimpleGrid>
        <Fieldset legend={t('campaignForm.phases')} data-testid="campaign-phases-editor">
          <Stack gap="sm">
            {draft.phases.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('campaignForm.noPhases')}
              </Text>
            )}
            {draft.phases.map((phase, index) => (
              <Group key={phase.key} align="start" wrap="wrap" data-testid="phase-row">
                <TextInput
                  label={t('campaignForm.phaseTitle', {
                    n: index + 1,
                    language: languageName(language),
                  })}
                  value={phase.title[language] ?? ''}
                  onChange={(e) =>
                    setPhase(index, {
                      title: { ...phase.title, [language]: e.currentTarget.value },
                    })
                  }
                  error={errorAt(`phases.${index}.title`) ?? errorAt(`phases.${index}.key`)}
                  data-testid="phase-title"
                />
                <TextInput
                  type="date"
                  label={t('campaignForm.phaseStarts', { n: index + 1 })}
                  value={phase.startsOn}
                  onChange={(e) => setPhase(index, { startsOn: e.currentTarget.value })}
                  error={errorAt(`phases.${index}.startsOn`) ?? errorAt(`phases.${index}`)}
                  data-testid="phase-starts"
                />
                <TextInput
                  type="date"
                  label={t('campaignForm.phaseEnds', { n: index + 1 })}
                  value={phase.endsOn}
                  onChange={(e) => setPhase(index, { endsOn: e.currentTarget.value })}
                  error={errorAt(`phases.${index}.endsOn`)}
                  data-testid="phase-ends"
                />
                <Button
                  variant="subtle"
                  color="red"
                  mt={24}
                  onClick={() => set({ phases: draft.phases.filter((_, i) => i !== index) })}
                >
                  {t('campaignForm.removePhase', { n: index + 1 })}
                </Button>
              </Group>
            ))}
            {errorAt('phases') && !draft.phases.some((_, i) => errorAt(`phases.${i}`)) && (
              <Text size="sm" c="var(--mantine-color-error)">
                {errorAt('phases')}
              </Text>
            )}
            <Group>
              <Button
                variant="light"
                size="xs"
                data-testid="add-phase"
                onClick={() =>
                  set({
                    phases: [
                      ...draft.phases,
                      { key: newPhaseKey(draft.phases), title: {}, startsOn: '', endsOn: '' },
                    ],
                  })
                }
              >
                {t('campaignForm.addPhase')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('campaignForm.organisers')} data-testid="campaign-organisers-editor">
          <Stack gap="sm">
            {draft.organisers.map((organiser, index) => (
              <Group key={organiser.row} align="end" wrap="wrap">
                <Select
                  label={t('campaignForm.organiser', { n: index + 1 })}
                  searchable
                  value={organiser.orgId || null}
                  onChange={(orgId) => setOrganiser(index, { orgId: orgId ?? '' })}
                  data={orgs.map((org) => ({
                    value: org.id,
                    label: `${'\u00a0\u00a0'.repeat(depthOf(org, orgs))}${org.name}`,
                  }))}
                  error={errorAt(`organisers.${index}`)}
                  style={{ flex: 1, minWidth: 240 }}
                  data-testid="organiser-select"
                />
                <Checkbox
                  label={t('campaign.byAgreement')}
                  checked={organiser.byAgreement}
                  onChange={(e) => setOrganiser(index, { byAgreement: e.currentTarget.checked })}
                  mb={8}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={t('campaignForm.removeOrganiser', { n: index + 1 })}
                  onClick={() =>
                    set({ organisers: draft.organisers.filter((_, i) => i !== index) })
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            {errorAt('organisers') &&
              !draft.organisers.some((_, i) => errorAt(`organisers.${i}`)) && (
                <Text size="sm" c="var(--mantine-color-error)">
                  {errorAt('organisers')}
                </Text>
              )}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() =>
                  set({
                    organisers: [
                      ...draft.organisers,
                      {
                        orgId: '',
                        byAgreement: false,
                        row: Math.max(-1, ...draft.organisers.map((o) => o.row)) + 1,
                      },
                    ],
                  })
                }
              >
                {t('campaignForm.addOrganiser')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Textarea
          label={t('campaign.partners')}
          description={t('campaignForm.partnersHint')}
          autosize
          minRows={2}
          value={draft.partners}
          onChange={(e) => set({ partners: e.currentTarget.value })}
          error={errorAt('partners')}
        />
        <Textarea
          label={t('campaignForm.description')}
          autosize
          minRows={2}
          maxLength={5000}
          value={draft.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errorAt('description')}
        />
        <Fieldset legend={t('campaign.document')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('campaignForm.documentNumber')}
              placeholder="160/KH-UBND"
              value={draft.documentNumber}
              onChange={(e) => set({ documentNumber: e.currentTarget.value })}
              error={errorAt('document.number')}
            />
            <TextInput
              type="date"
              label={t('campaignForm.documentDate')}
              value={draft.documentDate}
              onChange={(e) => set({ documentDate: e.currentTarget.value })}
              error={errorAt('document.date')}
            />
            <TextInput
              type="url"
              label={t('campaignForm.documentUrl')}
              value={draft.documentUrl}
              onChange={(e) => set({ documentUrl: e.currentTarget.value })}
              error={errorAt('document.url')}
            />
          </SimpleGrid>
        </Fieldset>
        <Group>
          <Button type="submit" loading={props.pending} data-testid="campaign-submit">
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
