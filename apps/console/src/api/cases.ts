import type {
  CaseDetail,
  CaseReferralAnswer,
  CaseReferralInput,
  CaseResponseTimes,
  CaseRoutingInput,
  CaseSeverity,
} from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useStreamEvents } from '../stream/use-stream.js';
import type { CaseBoardFilters, CaseMove } from './case-view.js';
import { caseOfAlert } from './case-view.js';
import { client } from './client.js';

/** The board shows this many cases at most; the filters narrow a longer list. */
export const BOARD_LIMIT = 200;

/** The query key of everything about cases: a case alert on the stream reads them again. */
export const CASES_KEY = ['cases'] as const;

/** The cases of the board's filters (the open ones by default). */
export function useCases(filters: CaseBoardFilters) {
  return useQuery({
    queryKey: [...CASES_KEY, 'list', filters],
    queryFn: () =>
      client.cases.list({
        state: filters.state ?? 'open',
        ...(filters.severity ? { severity: filters.severity } : {}),
        ...(filters.assignee ? { assignee: filters.assignee } : {}),
        limit: BOARD_LIMIT,
      }),
    placeholderData: keepPreviousData,
    // A case that opens without an alert (not critical) shows within a minute.
    refetchInterval: 60_000,
  });
}

/** One case whole; reading it is recorded on its audit trail by the hub. */
export function useCase(id: string) {
  return useQuery({ queryKey: [...CASES_KEY, 'one', id], queryFn: () => client.cases.get(id) });
}

/** A case's audit trail (admins). */
export function useCaseAudit(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...CASES_KEY, 'audit', id],
    queryFn: () => client.cases.audit(id),
    enabled,
  });
}

/**
 * Keeps the cases pages live: an `alert` about a case (a critical one arrived, a clock ran
 * out) reads every list and case again.
 */
export function useCasesUpdates(): void {
  const queryClient = useQueryClient();
  useStreamEvents(['alert'], (event) => {
    if (caseOfAlert(event.data)) void queryClient.invalidateQueries({ queryKey: CASES_KEY });
  });
}

/** What a move sends: a reason (a rejection needs one), a severity (triage only). */
export interface MoveInput {
  move: CaseMove;
  reason?: string;
  severity?: CaseSeverity;
}

function move(id: string, { move, reason, severity }: MoveInput): Promise<CaseDetail> {
  const withReason = reason ? { reason } : {};
  switch (move) {
    case 'triage':
      return client.cases.triage(id, { ...withReason, ...(severity ? { severity } : {}) });
    case 'act':
      return client.cases.act(id, withReason);
    case 'refer':
      return client.cases.refer(id, withReason);
    case 'resolve':
      return client.cases.resolve(id, withReason);
    case 'reject':
      return client.cases.reject(id, reason ?? '');
    case 'reopen':
      return client.cases.reopen(id, withReason);
  }
}

/** The writes of the case page; each answers the case whole, which replaces the cached one. */
export function useCaseWrites(id: string) {
  const queryClient = useQueryClient();
  const settle = (detail?: CaseDetail) => {
    if (detail) queryClient.setQueryData([...CASES_KEY, 'one', id], detail);
    void queryClient.invalidateQueries({ queryKey: CASES_KEY });
  };
  return {
    move: useMutation({ mutationFn: (input: MoveInput) => move(id, input), onSuccess: settle }),
    assign: useMutation({
      mutationFn: (assigneeId: string | null) => client.cases.assign(id, assigneeId),
      onSuccess: settle,
    }),
    refer: useMutation({
      mutationFn: (input: CaseReferralInput) => client.cases.addReferral(id, input),
      onSuccess: () => settle(),
    }),
    answer: useMutation({
      mutationFn: ({ referralId, ...input }: CaseReferralAnswer & { referralId: string }) =>
        client.cases.answerReferral(id, referralId, input),
      onSuccess: () => settle(),
    }),
  };
}

/** An organisation's routing rules and response times, for its admins to change. */
export function useCaseSettings(orgId: string | null) {
  const queryClient = useQueryClient();
  const routing = useQuery({
    queryKey: ['case-routing', orgId],
    queryFn: () => client.organisations.getCaseRouting(orgId as string),
    enabled: orgId !== null,
  });
  const times = useQuery({
    queryKey: ['case-response-times', orgId],
    queryFn: () => client.organisations.getCaseResponseTimes(orgId as string),
    enabled: orgId !== null,
  });
  const saveRouting = useMutation({
    mutationFn: (input: CaseRoutingInput) =>
      client.organisations.putCaseRouting(orgId as string, input),
    onSuccess: (view) => queryClient.setQueryData(['case-routing', orgId], view),
  });
  const saveTimes = useMutation({
    mutationFn: (input: CaseResponseTimes | null) =>
      client.organisations.putCaseResponseTimes(orgId as string, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['case-response-times'] }),
  });
  return { routing, times, saveRouting, saveTimes };
}

/**
 * The names of the people the reader sees (their subtree), by id, to name a case's assignee;
 * someone above the reader stays "another specialist".
 */
export function usePeopleNames(): ReadonlyMap<string, string> {
  const { data } = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => client.users.list({ limit: 500 }),
    staleTime: 5 * 60_000,
  });
  return useMemo(
    () => new Map((data?.items ?? []).map((person) => [person.id, person.name])),
    [data],
  );
}

/** The time now, moving every `everyMs` while the component is mounted (the clocks' tick). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
