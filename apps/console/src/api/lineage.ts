import { SafenetApiError } from '@safenet/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { refreshCampaigns } from './campaigns.js';
import { client } from './client.js';

/** Adopts campaign `campaignId` as the plan of the person's organisation: a new draft. */
export function useAdopt(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; title?: string }) =>
      client.campaigns.adopt(campaignId, input),
    onSettled: () => refreshCampaigns(queryClient),
  });
}

/** Copies campaign `campaignId` into a new period: a new draft of the same owner. */
export function useCopy(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; shift: { years?: number; days?: number } }) =>
      client.campaigns.copy(campaignId, input),
    onSuccess: () => refreshCampaigns(queryClient),
  });
}

/**
 * The campaign's programme as the hub writes it in YAML (`?format=yaml`). The SDK reads JSON
 * answers only, and the file should be the hub's own text (its comments and order), not the
 * JSON re-serialised here: so this one read is a plain `fetch` with the session's cookie (a
 * GET needs no CSRF token). A problem answer becomes the SDK's error, as everywhere else.
 */
export async function fetchProgrammeYaml(campaignId: string): Promise<string> {
  const url = `${window.location.origin}/v1/campaigns/${encodeURIComponent(campaignId)}/programme?format=yaml`;
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: 'include',
      headers: { accept: 'application/yaml' },
    });
  } catch (cause) {
    throw new SafenetApiError({ code: 'network_error', status: 0, retryable: true, cause });
  }
  const text = await response.text();
  if (response.ok) return text;
  let problem: { code?: string; detail?: string; title?: string } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    // Not the hub's problem document: said as an unknown error below.
  }
  const requestId = response.headers.get('request-id');
  throw new SafenetApiError({
    code: (problem.code ?? 'internal_error') as SafenetApiError['code'],
    status: response.status,
    retryable: false,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.title ? { title: problem.title } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

/** Saves `text` as a file named `name` in the browser's downloads. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
