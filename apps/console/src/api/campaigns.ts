import type { Campaign } from '@safenet/sdk';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStreamEvents } from '../stream/use-stream.js';
import { client } from './client.js';

/** One campaign, its status as the calendar has it now. */
export function useCampaign(campaignId: string) {
  return useQuery({
    queryKey: ['campaigns', campaignId],
    queryFn: () => client.campaigns.get(campaignId),
  });
}

/** Every cached campaign query (a campaign, the lists) reads the hub again. */
export function refreshCampaigns(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['campaigns'] });
}

/**
 * Keeps the campaign pages live: on `campaign.updated` (a person scheduled, cancelled or
 * archived one, or its calendar turned it active or completed) the cached campaign takes the
 * new status at once and every campaign query reads the hub again.
 */
export function useCampaignUpdates(): void {
  const queryClient = useQueryClient();
  useStreamEvents(['campaign.updated'], (event) => {
    const { campaignId, status } = event.data;
    queryClient.setQueryData<Campaign>(['campaigns', campaignId], (old) =>
      old ? { ...old, status } : old,
    );
    void refreshCampaigns(queryClient);
  });
}
