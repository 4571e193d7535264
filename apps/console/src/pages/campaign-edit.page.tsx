import { Text } from '@mantine/core';
import type { Campaign } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshCampaigns, useCampaign } from '../api/campaigns.js';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import {
  type CampaignDraft,
  draftOf,
  emptyDraft,
  inputOf,
  patchOf,
} from '../components/campaign-draft.js';
import { CampaignForm } from '../components/campaign-form.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { useOwnOrganisation } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';

/** After a save: the campaign's page, with the lists read again. */
function useOpenCampaign() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (campaign: Campaign) => {
    queryClient.setQueryData(['campaigns', campaign.id], campaign);
    await refreshCampaigns(queryClient);
    await navigate({ to: '/campaigns/$campaignId', params: { campaignId: campaign.id } });
  };
}

/** A new draft campaign, owned by the person's organisation unless they pick one beneath it. */
export function NewCampaignPage() {
  const { t } = useTranslation();
  const user = useUser();
  const own = useOwnOrganisation();
  const open = useOpenCampaign();
  const create = useMutation({
    mutationFn: (draft: CampaignDraft) => client.campaigns.create(inputOf(draft)),
    onSuccess: open,
  });
  return (
    <>
      <PageTitle title={t('campaignForm.newTitle')} />
      <ErrorAlert error={own.error} />
      {own.data ? (
        <CampaignForm
          mode="create"
          initial={emptyDraft(user.orgId, own.data.timeZone)}
          submitLabel={t('campaignForm.create')}
          pending={create.isPending}
          error={create.error}
          onSubmit={(draft) => create.mutate(draft)}
        />
      ) : (
        <Text c="dimmed">{t('common.loading')}</Text>
      )}
    </>
  );
}

/** Changes a campaign, as far as its status allows: the hub says what it refuses, by field. */
export function EditCampaignPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId/edit' });
  const campaign = useCampaign(campaignId);
  const open = useOpenCampaign();
  // The form starts from the campaign as first loaded; a live update does not reset typing.
  const [initial, setInitial] = useState<CampaignDraft | null>(null);
  if (!initial && campaign.data) setInitial(draftOf(campaign.data));
  const save = useMutation({
    mutationFn: async (draft: CampaignDraft) => {
      const patch = initial && patchOf(initial, draft);
      return patch ? client.campaigns.update(campaignId, patch) : campaign.data!;
    },
    onSuccess: open,
  });
  const title = campaign.data
    ? t('campaignForm.editTitle', { title: pickText(campaign.data.title, currentLanguage()) })
    : t('campaign.title');
  return (
    <>
      <PageTitle title={title} />
      <ErrorAlert error={campaign.error} />
      {initial ? (
        <CampaignForm
          mode="edit"
          initial={initial}
          submitLabel={t('common.save')}
          pending={save.isPending}
          error={save.error}
          onSubmit={(draft) => save.mutate(draft)}
        />
      ) : (
        campaign.isPending && <Text c="dimmed">{t('common.loading')}</Text>
      )}
    </>
  );
}
