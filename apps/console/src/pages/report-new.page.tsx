import {
  Button,
  FileButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import type { FieldError } from '@safenet/sdk';
import { SafenetApiError } from '@safenet/sdk';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../api/campaigns.js';
import { useCreateReportForm } from '../api/reports.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ProgrammeProblems } from '../components/programme-problems.js';
import { ReportFormBuilder } from '../components/report-form-builder.js';
import { draftInput, emptyField, type FormDraft } from '../components/report-form-draft.js';
import { readFormFile } from '../components/report-form-file.js';
import { currentLanguage } from '../i18n/i18n.js';

const EMPTY: FormDraft = {
  key: '',
  title: {},
  fields: [emptyField('count')],
  schedule: { kind: 'once', startsOn: '', endsOn: '', dueOn: '', locksOn: '' },
};

/**
 * A new report form, from a form file (YAML or JSON, as examples/reports/*.yaml: every
 * problem listed by its place, line and column) or from the simple builder; owned by an
 * organisation of the reader's subtree, optionally a campaign's (`?campaignId=`).
 */
export function ReportNewPage() {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/reports/new' });
  const navigate = useNavigate();
  const create = useCreateReportForm();
  const [mode, setMode] = useState<'file' | 'builder'>('file');
  const [orgId, setOrgId] = useState(user.orgId);
  const [text, setText] = useState('');
  const [draft, setDraft] = useState<FormDraft>(EMPTY);
  const [problems, setProblems] = useState<FieldError[]>([]);

  async function choose(file: File | null) {
    if (!file) return;
    setText(await file.text());
    setProblems([]);
    create.reset();
  }

  function submit() {
    setProblems([]);
    let body: unknown;
    let locate = (p: readonly FieldError[]) => [...p];
    if (mode === 'file') {
      const file = readFormFile(text);
      if (!file.ok) return setProblems(file.problems);
      body = file.value;
      locate = file.locate;
    } else {
      body = draftInput(draft);
    }
    const input = {
      ...(body as object),
      orgId,
      campaignId: search.campaignId ?? null,
    } as Parameters<typeof create.mutate>[0];
    create.mutate(input, {
      onSuccess: (form) => void navigate({ to: '/reports/$formId', params: { formId: form.id } }),
      onError: (error) => {
        if (error instanceof SafenetApiError) setProblems(locate(error.errors));
      },
    });
  }

  return (
    <>
      <PageTitle title={t('reports.newTitle')} />
      <Stack>
        <Group align="end" wrap="wrap">
          <OrgSelect label={t('reports.owner')} value={orgId} onChange={setOrgId} />
          {search.campaignId && <CampaignField campaignId={search.campaignId} />}
        </Group>
        <Text size="xs" c="dimmed">
          {t('reports.ownerHint')}
        </Text>
        <SegmentedControl
          aria-label={t('reports.newTitle')}
          value={mode}
          onChange={(v) => {
            setMode(v as 'file' | 'builder');
            setProblems([]);
            create.reset();
          }}
          data={[
            { value: 'file', label: t('reports.fromFile') },
            { value: 'builder', label: t('reports.fromBuilder') },
          ]}
          data-testid="report-new-mode"
        />
        {mode === 'file' ? (
          <>
            <Text size="sm">{t('reports.fileIntro')}</Text>
            <FileButton onChange={(file) => void choose(file)} accept=".yaml,.yml,.json">
              {(props) => (
                <Button variant="light" {...props} data-testid="report-file-choose">
                  {t('reports.choose')}
                </Button>
              )}
            </FileButton>
            <Textarea
              label={t('reports.fileText')}
              description={t('reports.fileHint')}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                create.reset();
              }}
              autosize
              minRows={10}
              maxRows={30}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="report-file-text"
            />
          </>
        ) : (
          <ReportFormBuilder draft={draft} onChange={setDraft} />
        )}
        <Group>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={mode === 'file' && !text.trim()}
            data-testid="report-create"
          >
            {t('reports.create')}
          </Button>
        </Group>
        <ErrorAlert error={create.error} />
        {problems.length > 0 && <ProgrammeProblems problems={problems} />}
      </Stack>
    </>
  );
}

/** The campaign the new form will belong to (chosen on the campaign's page). */
function CampaignField({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const campaign = useCampaign(campaignId);
  return (
    <Select
      label={t('reports.campaign')}
      description={t('reports.campaignHint')}
      disabled
      value={campaignId}
      data={[
        {
          value: campaignId,
          label: campaign.data ? pickText(campaign.data.title, currentLanguage()) : '…',
        },
      ]}
    />
  );
}
