import {
  Alert,
  Button,
  FileButton,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { type ProgrammeLoadResult, SafenetApiError } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshCampaigns } from '../api/campaigns.js';
import { client } from '../api/client.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { ProgrammeProblems } from '../components/programme-problems.js';
import { currentLanguage } from '../i18n/i18n.js';
import { type FileFormat, formatOf } from './programme-format.js';

/**
 * Loads a programme file (YAML or JSON): pasted or chosen from the disk, checked first
 * ("Check" is a dry run, writing nothing) and then loaded, all or nothing. Every problem of
 * the file is listed by its path with its line and column; the result says whether the
 * campaign was created, updated or left unchanged, and links to it.
 */
export function ProgrammeLoadPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [format, setFormat] = useState<FileFormat>('yaml');
  const load = useMutation({
    mutationFn: (dryRun: boolean) => client.campaigns.load(text, { format, dryRun }),
    onSuccess: async (result) => {
      if (!result.dryRun) await refreshCampaigns(queryClient);
    },
  });

  async function choose(file: File | null) {
    if (!file) return;
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    setFormat(formatOf(file.name, content));
    load.reset();
  }

  const problems = load.error instanceof SafenetApiError ? load.error.errors : [];
  return (
    <>
      <PageTitle title={t('programme.title')} />
      <Text size="sm" mb="md">
        {t('programme.intro')}
      </Text>
      <Stack>
        <Group gap="sm" wrap="wrap">
          <FileButton onChange={(file) => void choose(file)} accept=".yaml,.yml,.json">
            {(props) => (
              <Button variant="light" {...props} data-testid="programme-choose">
                {t('programme.choose')}
              </Button>
            )}
          </FileButton>
          {fileName && (
            <Text size="sm" data-testid="programme-file-name">
              {fileName}
            </Text>
          )}
          <SegmentedControl
            aria-label={t('programme.format')}
            value={format}
            onChange={(value) => setFormat(value as FileFormat)}
            data={[
              { value: 'yaml', label: 'YAML' },
              { value: 'json', label: 'JSON' },
            ]}
          />
        </Group>
        <Textarea
          label={t('programme.text')}
          description={t('programme.textHint')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            load.reset();
          }}
          autosize
          minRows={10}
          maxRows={30}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="programme-text"
        />
        <Group gap="sm">
          <Button
            variant="light"
            disabled={!text.trim()}
            loading={load.isPending && load.variables === true}
            onClick={() => load.mutate(true)}
            data-testid="programme-check"
          >
            {t('programme.check')}
          </Button>
          <Button
            disabled={!text.trim()}
            loading={load.isPending && load.variables === false}
            onClick={() => load.mutate(false)}
            data-testid="programme-load"
          >
            {t('programme.load')}
          </Button>
        </Group>
        <ErrorAlert error={load.error} />
        {problems.length > 0 && <ProgrammeProblems problems={problems} />}
        {load.data && <Outcome result={load.data} />}
      </Stack>
    </>
  );
}

/** What loading did (or, checked, would do), with a link to the campaign when it exists. */
function Outcome({ result }: { result: ProgrammeLoadResult }) {
  const { t } = useTranslation();
  const title = pickText(result.campaign.title, currentLanguage());
  // A dry run of a new campaign keeps no id: there is nothing to link to yet.
  const linkable = !(result.dryRun && result.outcome === 'created');
  return (
    <Alert
      color={result.dryRun ? 'blue' : 'teal'}
      role="status"
      data-testid="programme-outcome"
      data-outcome={result.outcome}
    >
      <Text size="sm">
        {t(
          result.dryRun ? `programme.wouldBe.${result.outcome}` : `programme.was.${result.outcome}`,
        )}{' '}
        {linkable ? (
          <AnchorLink
            to="/campaigns/$campaignId"
            params={{ campaignId: result.campaign.id }}
            data-testid="programme-campaign"
          >
            {title}
          </AnchorLink>
        ) : (
          <strong>{title}</strong>
        )}
      </Text>
    </Alert>
  );
}
