import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type OrganisationKind, type RollUpNode, roleHasScope } from '@safenet/sdk';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganisations } from '../api/organisations.js';
import { approvalAction, approvalBlockers, canReturn } from '../api/report-review.js';
import { useApproval, useReturnSubmission } from '../api/report-review-hooks.js';
import { useUser } from '../auth/session.js';
import { useFormat } from '../i18n/format.js';
import { ErrorAlert } from './error-alert.js';

/** What the roll-up page needs of the review: each node's buttons, and what they answered. */
export interface Review {
  /** The approval and return buttons of a node (a row, or the page's own organisation). */
  actions: (node: RollUpNode) => ReactNode;
  /** The outcome of the last approval: refused in words, or any other error. */
  outcome: ReactNode;
  /** The return dialog (rendered once by the page). */
  dialog: ReactNode;
}

/**
 * Approval up the tree and returns on a period's roll-up (issue 13): "Approve" on a node of
 * one of the form's approval levels for a writer, "Withdraw approval" on its own approval,
 * "Return" (with a required comment, in a dialog that takes and gives back focus) on a
 * submitted report beneath the reader. A refused approval lists who is missing, in words.
 */
export function useReview(
  formId: string,
  periodKey: string,
  levels: readonly OrganisationKind[],
): Review {
  const { t } = useTranslation();
  const user = useUser();
  const { data: orgs = [] } = useOrganisations();
  const approval = useApproval(formId, periodKey);
  const [returning, setReturning] = useState<RollUpNode | null>(null);
  const writer = roleHasScope(user.role, 'write');

  const actions = (node: RollUpNode) => {
    const action = approvalAction(node, levels, writer);
    const returnable = canReturn(node, user.orgId, writer);
    if (action === 'none' && !returnable) return null;
    return (
      <Group gap="xs" wrap="nowrap">
        {action !== 'none' && (
          <Button
            size="compact-sm"
            variant={action === 'approve' ? 'light' : 'default'}
            loading={approval.isPending && approval.variables?.orgId === node.orgId}
            onClick={() => approval.mutate({ orgId: node.orgId, approve: action === 'approve' })}
            aria-label={t(action === 'approve' ? 'review.approveOrg' : 'review.withdrawOrg', {
              org: node.name,
            })}
            data-testid={`${action}-${node.orgId}`}
          >
            {t(action === 'approve' ? 'review.approve' : 'review.withdraw')}
          </Button>
        )}
        {returnable && (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => setReturning(node)}
            aria-label={t('review.returnOrg', { org: node.name })}
            data-testid={`return-${node.orgId}`}
          >
            {t('review.return')}
          </Button>
        )}
      </Group>
    );
  };

  const refusedOrg = orgs.find((o) => o.id === approval.variables?.orgId);
  const blockers = approval.variables
    ? approvalBlockers(approval.error, approval.variables.orgId, levels, orgs)
    : null;
  const outcome =
    blockers === null ? (
      <ErrorAlert error={approval.error} />
    ) : (
      <Alert
        color="orange"
        role="alert"
        title={t('review.blocked', { org: refusedOrg?.name ?? approval.variables?.orgId })}
        data-testid="approval-blocked"
        mb="md"
        // The light orange's own title colour falls short of 4.5:1 on its background.
        styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
      >
        {blockers.length === 0 ? (
          t('review.nothingExpected')
        ) : (
          <List size="sm">
            {blockers.map((b) => (
              <List.Item key={b.orgId} data-testid={`blocker-${b.orgId}`}>
                {t(`review.blocker.${b.reason}`, { org: b.name })}
              </List.Item>
            ))}
          </List>
        )}
      </Alert>
    );

  const dialog = (
    <ReturnDialog
      formId={formId}
      periodKey={periodKey}
      node={returning}
      onClose={() => setReturning(null)}
    />
  );
  return { actions, outcome, dialog };
}

/** A node's approval in words: by whom (its own, or the organisation above) and when. */
export function ApprovalState({ node }: { node: RollUpNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: orgs = [] } = useOrganisations();
  if (node.approved === null) {
    return (
      <Text component="span" size="sm" c="dimmed" data-testid={`approval-${node.orgId}`}>
        {t('review.notApproved')}
      </Text>
    );
  }
  const by = orgs.find((o) => o.id === node.approved?.orgId)?.name ?? t('campaign.orgAbove');
  return (
    <Text component="span" size="sm" data-testid={`approval-${node.orgId}`}>
      {node.approved.orgId === node.orgId
        ? t('review.approvedOn', { at: format.dateTime(node.approved.at) })
        : t('review.approvedAbove', { org: by, at: format.dateTime(node.approved.at) })}
    </Text>
  );
}

/** "Return" with what to fix: the comment is required; the dialog keeps focus while open. */
function ReturnDialog({
  formId,
  periodKey,
  node,
  onClose,
}: {
  formId: string;
  periodKey: string;
  node: RollUpNode | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const send = useReturnSubmission(formId, periodKey);
  const [comment, setComment] = useState('');
  const close = () => {
    setComment('');
    send.reset();
    onClose();
  };
  return (
    <Modal
      opened={node !== null}
      onClose={close}
      title={t('review.returnTitle', { org: node?.name ?? '' })}
      closeButtonProps={{ 'aria-label': t('plan.cancel') }}
      returnFocus
      trapFocus
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!node || !comment.trim()) return;
          send.mutate({ orgId: node.orgId, comment: comment.trim() }, { onSuccess: close });
        }}
        data-testid="return-form"
      >
        <Stack>
          <Text size="sm">{t('review.returnHint')}</Text>
          <Textarea
            label={t('review.comment')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            data-autofocus
            data-testid="return-comment"
          />
          <ErrorAlert error={send.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('plan.cancel')}
            </Button>
            <Button
              type="submit"
              disabled={!comment.trim()}
              loading={send.isPending}
              data-testid="return-send"
            >
              {t('review.returnSend')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
