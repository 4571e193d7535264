import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { type Campaign, SafenetApiError } from '@safenet/sdk';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchProgrammeYaml, saveFile, useCopy } from '../api/lineage.js';
import { programmeFileName } from '../api/lineage-view.js';
import { currentLanguage } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { ProgrammeProblems } from './programme-problems.js';

/**
 * "Copy into a new period", for writers of the campaign's owner: a key, a shift in years (and
 * days) and an optional title in the reader's language make a new draft with every date moved,
 * which then opens. A shift that breaks a rule of the programme is listed by path, as a loaded
 * file's problems are.
 */
export function CopyCampaign({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const copy = useCopy(campaign.id);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [years, setYears] = useState<number>(1);
  const [days, setDays] = useState<number>(0);
  const [title, setTitle] = useState('');
  const problems =
    copy.error instanceof SafenetApiError && copy.error.code === 'programme_invalid'
      ? copy.error.errors
      : [];

  function submit() {
    const language = currentLanguage();
    copy.mutate(
      {
        key: key.trim(),
        shift: { ...(years ? { years } : {}), ...(days ? { days } : {}) },
        // A title in the reader's language; the others stay the original's.
        ...(title.trim() ? { title: { ...campaign.title, [language]: title.trim() } } : {}),
      },
      {
        onSuccess: (result) =>
          navigate({ to: '/campaigns/$campaignId', params: { campaignId: result.campaign.id } }),
      },
    );
  }

  return (
    <>
      <Button variant="light" onClick={() => setOpen(true)} data-testid="copy-open">
        {t('lineage.copy')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('lineage.copyTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('plan.cancel') }}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          data-testid="copy-form"
        >
          <Stack>
            <TextInput
              label={t('lineage.key')}
              description={t('lineage.copyKeyHint')}
              required
              value={key}
              maxLength={100}
              onChange={(e) => setKey(e.currentTarget.value)}
              data-testid="copy-key"
            />
            <Group grow align="start">
              <NumberInput
                label={t('lineage.years')}
                value={years}
                min={-50}
                max={50}
                allowDecimal={false}
                onChange={(value) => setYears(Number(value) || 0)}
                data-testid="copy-years"
              />
              <NumberInput
                label={t('lineage.days')}
                description={t('lineage.daysHint')}
                value={days}
                min={-20_000}
                max={20_000}
                allowDecimal={false}
                onChange={(value) => setDays(Number(value) || 0)}
                data-testid="copy-days"
              />
            </Group>
            <TextInput
              label={t('lineage.newTitle')}
              description={t('lineage.copyTitleHint')}
              value={title}
              maxLength={300}
              onChange={(e) => setTitle(e.currentTarget.value)}
              data-testid="copy-title"
            />
            <ErrorAlert error={copy.error} />
            {problems.length > 0 && <ProgrammeProblems problems={problems} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('plan.cancel')}
              </Button>
              <Button
                type="submit"
                disabled={!key.trim() || (!years && !days)}
                loading={copy.isPending}
                data-testid="copy-save"
              >
                {t('lineage.copySave')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** "Download as YAML": the campaign's programme file as the hub writes it, saved as `<key>.yaml`. */
export function DownloadProgramme({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: () => fetchProgrammeYaml(campaign.id),
    onSuccess: (text) => saveFile(programmeFileName(campaign), text, 'application/yaml'),
  });
  return (
    <Stack gap={4}>
      <Button
        variant="light"
        loading={download.isPending}
        onClick={() => download.mutate()}
        data-testid="download-yaml"
      >
        {t('lineage.download')}
      </Button>
      <ErrorAlert error={download.error} />
    </Stack>
  );
}
