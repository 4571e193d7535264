import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { CampaignLineage } from '@safenet/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../api/errors.js';
import { useAdopt } from '../api/lineage.js';
import { adoptedBy } from '../api/lineage-view.js';
import { currentLanguage } from '../i18n/i18n.js';
import { AnchorLink } from './anchor-link.js';
import { ErrorAlert } from './error-alert.js';
import { pickText } from './localized.js';

/**
 * "Adopt as our plan", for a person with write scope of an organisation strictly beneath the
 * campaign's owner: a key and an optional title make the organisation's own draft campaign
 * carrying this one out, which then opens. When the organisation already carries it out (the
 * lineage says so, or the hub answers `campaign_already_adopted`), its plan is linked instead.
 */
export function AdoptCard({ lineage, orgId }: { lineage: CampaignLineage; orgId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const campaignId = lineage.campaign.id;
  const adopt = useAdopt(campaignId);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');
  const existing = adoptedBy(lineage, orgId);
  const fields = fieldErrors(adopt.error);

  function submit() {
    adopt.mutate(
      { key: key.trim(), ...(title.trim() ? { title: title.trim() } : {}) },
      {
        onSuccess: (created) =>
          navigate({ to: '/campaigns/$campaignId', params: { campaignId: created.id } }),
        // The organisation's plan may be new to this page: the lineage, read again, links it.
        onError: () =>
          queryClient.invalidateQueries({ queryKey: ['campaigns', campaignId, 'lineage'] }),
      },
    );
  }

  return (
    <Card withBorder component="section" aria-labelledby="campaign-adopt" data-testid="adopt">
      <Title order={2} size="h4" id="campaign-adopt" mb="xs">
        {t('lineage.adoptTitle')}
      </Title>
      {existing ? (
        <Stack gap="xs">
          <ErrorAlert error={adopt.error} />
          <Text size="sm" data-testid="adopted-by-us">
            {t('lineage.adoptedAlready')}{' '}
            <AnchorLink
              to="/campaigns/$campaignId"
              params={{ campaignId: existing.id }}
              data-testid="adopted-link"
            >
              {pickText(existing.title, currentLanguage())}
            </AnchorLink>
          </Text>
        </Stack>
      ) : !open ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('lineage.adoptHint')}</Text>
          <Button onClick={() => setOpen(true)} data-testid="adopt-open">
            {t('lineage.adopt')}
          </Button>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          data-testid="adopt-form"
        >
          <Stack>
            <TextInput
              label={t('lineage.key')}
              description={t('lineage.keyHint')}
              required
              value={key}
              maxLength={100}
              onChange={(e) => setKey(e.currentTarget.value)}
              error={fields.key}
              data-testid="adopt-key"
            />
            <TextInput
              label={t('lineage.newTitle')}
              description={t('lineage.newTitleHint')}
              value={title}
              maxLength={300}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fields.title}
              data-testid="adopt-title"
            />
            <ErrorAlert error={adopt.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('plan.cancel')}
              </Button>
              <Button
                type="submit"
                disabled={!key.trim()}
                loading={adopt.isPending}
                data-testid="adopt-save"
              >
                {t('lineage.adopt')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
