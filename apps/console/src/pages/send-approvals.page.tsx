import { Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { type Broadcast, roleHasScope } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

const BROADCASTS_KEY = ['broadcasts'] as const;

/**
 * The approval queue for large sends: broadcasts of the reader's subtree whose audience is
 * over their organisation's threshold, waiting for a second person. A reviewer or admin
 * approves one (it is queued for its time) or rejects it with a comment; their own requests
 * are shown but not theirs to decide (the hub refuses them too: `approval_self`).
 */
export function SendApprovalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const queryClient = useQueryClient();
  const [comments, setComments] = useState<Record<string, string>>({});
  const broadcasts = useQuery({
    queryKey: BROADCASTS_KEY,
    queryFn: () => client.broadcasts.list({ limit: 100 }),
  });
  const decide = useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'approve' | 'reject' }) =>
      to === 'approve'
        ? client.broadcasts.approve(id)
        : client.broadcasts.reject(id, { comment: comments[id] ?? '' }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: BROADCASTS_KEY });
    },
  });
  const canDecide = roleHasScope(user.role, 'approve');
  const waiting = (broadcasts.data?.items ?? [])
    .filter((b) => b.status === 'awaiting_approval')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const row = (b: Broadcast) => {
    const mine = b.requestedBy === `user:${user.id}`;
    const busy = decide.isPending && decide.variables?.id === b.id;
    const comment = comments[b.id] ?? '';
    return (
      <Paper key={b.id} withBorder p="md" data-testid="send-approval" data-broadcast={b.id}>
        <Stack gap="xs">
          <Group justify="space-between">
            <AnchorLink to="/broadcasts/$broadcastId" params={{ broadcastId: b.id }}>
              {t('sendApprovals.sendAt', { when: format.dateTime(b.sendAt) })}
            </AnchorLink>
            <Badge color="yellow" variant="dot">
              {t('broadcastStatus.awaiting_approval')}
            </Badge>
          </Group>
          <Text size="sm">
            {t('broadcasts.channels')}: {b.channels.map((c) => t(`channels.${c}`)).join(' → ')}
          </Text>
          {b.contentVersion && (
            <Text size="sm">{t('sendApprovals.version', { number: b.contentVersion.number })}</Text>
          )}
          <Text size="sm" c="dimmed">
            {t('sendApprovals.requested', { when: format.dateTime(b.createdAt) })}
          </Text>
          {mine ? (
            <Text size="sm" c="dimmed" data-testid="own-request">
              {t('sendApprovals.yours')}
            </Text>
          ) : (
            canDecide && (
              <>
                <Textarea
                  label={t('sendApprovals.comment')}
                  value={comment}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setComments((all) => ({ ...all, [b.id]: value }));
                  }}
                  autosize
                  minRows={1}
                />
                <Group>
                  <Button
                    onClick={() => decide.mutate({ id: b.id, to: 'approve' })}
                    loading={busy && decide.variables?.to === 'approve'}
                    data-testid="approve-send"
                  >
                    {t('sendApprovals.approve')}
                  </Button>
                  <Button
                    color="red"
                    variant="light"
                    disabled={comment.trim() === ''}
                    onClick={() => decide.mutate({ id: b.id, to: 'reject' })}
                    loading={busy && decide.variables?.to === 'reject'}
                    data-testid="reject-send"
                  >
                    {t('sendApprovals.reject')}
                  </Button>
                </Group>
              </>
            )
          )}
        </Stack>
      </Paper>
    );
  };

  return (
    <>
      <PageTitle title={t('sendApprovals.title')} />
      <Text c="dimmed" mb="md">
        {t('sendApprovals.hint')}
      </Text>
      <ErrorAlert error={broadcasts.error ?? decide.error} />
      {broadcasts.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      <Stack aria-live="polite" data-testid="send-approvals">
        {waiting.map(row)}
      </Stack>
      {broadcasts.data && waiting.length === 0 && (
        <Text c="dimmed">{t('sendApprovals.empty')}</Text>
      )}
    </>
  );
}
