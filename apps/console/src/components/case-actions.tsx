import { Button, Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import type { CaseDetail, CaseSeverity } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_SEVERITIES, type CaseMove, caseOffer } from '../api/case-view.js';
import { useCaseWrites } from '../api/cases.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from './error-alert.js';

/**
 * The moves and assignment the hub allows the reader (`allowed`), as buttons. A move opens a
 * short confirmation: triage with its severity, reject with the reason it needs, the others
 * with an optional note for the audit trail.
 */
export function CaseActions({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const writes = useCaseWrites(kase.id);
  const offer = caseOffer(kase, user.id);
  const [pending, setPending] = useState<CaseMove | null>(null);
  const [reason, setReason] = useState('');
  const [severity, setSeverity] = useState<CaseSeverity>(kase.severity);
  const nothing = offer.moves.length === 0 && !offer.take && !offer.release;
  const busy = writes.move.isPending || writes.assign.isPending;

  const open = (move: CaseMove) => {
    writes.move.reset();
    setPending(move);
    setReason('');
    setSeverity(kase.severity);
  };
  const confirm = () => {
    if (!pending) return;
    const note = reason.trim();
    writes.move.mutate(
      {
        move: pending,
        ...(note ? { reason: note } : {}),
        ...(pending === 'triage' ? { severity } : {}),
      },
      { onSuccess: () => setPending(null) },
    );
  };

  return (
    <Card withBorder component="section" aria-labelledby="case-actions" data-testid="case-actions">
      <Title order={2} size="h3" id="case-actions" mb="xs">
        {t('casePage.actions')}
      </Title>
      {nothing && <Text size="sm">{t('casePage.noActions')}</Text>}
      <Group gap="xs">
        {offer.moves.map((move) => (
          <Button
            key={move}
            size="sm"
            variant={pending === move ? 'filled' : 'light'}
            color={move === 'reject' ? 'red.9' : undefined}
            onClick={() => open(move)}
            disabled={busy}
            data-testid={`case-move-${move}`}
          >
            {t(`casePage.move.${move}`)}
          </Button>
        ))}
        {offer.take && (
          <Button
            size="sm"
            variant="outline"
            onClick={() => writes.assign.mutate(user.id)}
            disabled={busy}
            data-testid="case-take"
          >
            {t('casePage.take')}
          </Button>
        )}
        {offer.release && (
          <Button
            size="sm"
            variant="subtle"
            onClick={() => writes.assign.mutate(null)}
            disabled={busy}
            data-testid="case-release"
          >
            {t('casePage.release')}
          </Button>
        )}
      </Group>
      {pending && (
        <Stack
          component="form"
          gap="xs"
          mt="sm"
          onSubmit={(event) => {
            event.preventDefault();
            confirm();
          }}
          data-testid="case-move-form"
        >
          {pending === 'triage' && (
            <Select
              label={t('casePage.triageSeverity')}
              allowDeselect={false}
              value={severity}
              onChange={(value) => value && setSeverity(value as CaseSeverity)}
              data={CASE_SEVERITIES.map((s) => ({ value: s, label: t(`cases.severity.${s}`) }))}
              data-testid="case-triage-severity"
            />
          )}
          <Textarea
            label={pending === 'reject' ? t('casePage.reasonLabel') : t('casePage.reasonOptional')}
            required={pending === 'reject'}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
            data-testid="case-move-reason"
          />
          <Group gap="xs">
            <Button
              type="submit"
              size="sm"
              loading={writes.move.isPending}
              disabled={pending === 'reject' && reason.trim() === ''}
              data-testid="case-move-confirm"
            >
              {t('casePage.confirm', { move: t(`casePage.move.${pending}`) })}
            </Button>
            <Button size="sm" variant="subtle" onClick={() => setPending(null)}>
              {t('casePage.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      <ErrorAlert error={writes.move.error ?? writes.assign.error} />
    </Card>
  );
}
