import { Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { PlanAssignmentPatch, PlanAssignmentStatus } from '@safenet/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../api/errors.js';
import { type PairKey, useSetAssignment } from '../api/plans.js';
import { ErrorAlert } from './error-alert.js';

const STATUSES: readonly PlanAssignmentStatus[] = ['planned', 'in_progress', 'done'];

/** The pair being edited, with what the dialog says about it. */
export interface EditedPair extends PairKey {
  /** "3. Class hours — Talgar Secondary School No. 1" */
  label: string;
  /** The status as recorded (`overdue` is shown, never recorded: it starts from planned). */
  status: PlanAssignmentStatus;
}

/**
 * A dialog in which a responsible organisation's person (or one above) records a pair's status,
 * with a note on what was done and a link to the evidence. An empty note or link keeps what was
 * recorded before (the grid does not carry them); the hub checks the link. The grid passes its
 * campaign (`gridCampaignId`) to be read again after; the list of tasks passes null.
 */
export function AssignmentEditor({
  gridCampaignId,
  pair,
  onClose,
}: {
  gridCampaignId: string | null;
  pair: EditedPair | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSetAssignment(gridCampaignId);
  const [status, setStatus] = useState<PlanAssignmentStatus>('planned');
  const [note, setNote] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pair starts a new form
  useEffect(() => {
    setStatus(pair?.status ?? 'planned');
    setNote('');
    setEvidenceUrl('');
    save.reset();
  }, [pair]);
  const fields = fieldErrors(save.error);

  function submit() {
    if (!pair) return;
    const patch: PlanAssignmentPatch = {
      status,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(evidenceUrl.trim() ? { evidenceUrl: evidenceUrl.trim() } : {}),
    };
    save.mutate({ pair, patch }, { onSuccess: onClose });
  }

  return (
    <Modal
      opened={pair !== null}
      onClose={onClose}
      title={t('plan.editTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('plan.cancel') }}
    >
      {pair && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          data-testid="assignment-form"
        >
          <Stack>
            <Text size="sm" fw={600} data-testid="assignment-label">
              {pair.label}
            </Text>
            <Radio.Group
              label={t('plan.statusLabel')}
              value={status}
              onChange={(value) => setStatus(value as PlanAssignmentStatus)}
            >
              <Group mt="xs">
                {STATUSES.map((s) => (
                  <Radio key={s} value={s} label={t(`plan.status.${s}`)} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={t('plan.note')}
              description={t('plan.keepHint')}
              value={note}
              maxLength={2000}
              autosize
              minRows={2}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={fields.note}
              data-testid="assignment-note"
            />
            <TextInput
              label={t('plan.evidence')}
              description={t('plan.evidenceHint')}
              type="url"
              value={evidenceUrl}
              maxLength={2000}
              onChange={(e) => setEvidenceUrl(e.currentTarget.value)}
              error={fields.evidenceUrl}
              data-testid="assignment-evidence"
            />
            <ErrorAlert error={save.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('plan.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} data-testid="assignment-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
