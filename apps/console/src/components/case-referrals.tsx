import {
  Button,
  Card,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { CaseDetail, CaseReferral } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REFERRAL_TARGETS } from '../api/case-view.js';
import { useCaseWrites } from '../api/cases.js';
import { useFormat } from '../i18n/format.js';
import { ErrorAlert } from './error-alert.js';

type Target = CaseReferral['target'];

/** One referral: to whom, what, when; its answer, or a field to record it. */
function ReferralItem({ referral, canWrite }: { referral: CaseReferral; canWrite: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const writes = useCaseWrites(referral.caseId);
  const [answer, setAnswer] = useState('');
  return (
    <Card component="li" withBorder padding="sm" data-testid="case-referral">
      <Text fw={600} size="sm">
        {t(`casePage.target.${referral.target}`)} — {referral.recipient}
      </Text>
      <Text size="xs" c="dimmed">
        {t('casePage.sentAt', { at: format.dateTime(referral.sentAt) })}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {referral.summary}
      </Text>
      {referral.answer !== null ? (
        <Text size="sm" mt="xs" data-testid="case-referral-answer">
          <strong>{t('casePage.answer')}:</strong> {referral.answer}
          {referral.answeredAt &&
            ` (${t('casePage.answeredAt', { at: format.dateTime(referral.answeredAt) })})`}
        </Text>
      ) : canWrite ? (
        <Stack
          component="form"
          gap="xs"
          mt="xs"
          onSubmit={(event) => {
            event.preventDefault();
            writes.answer.mutate(
              { referralId: referral.id, answer: answer.trim() },
              { onSuccess: () => setAnswer('') },
            );
          }}
        >
          <Textarea
            label={t('casePage.answer')}
            value={answer}
            onChange={(event) => setAnswer(event.currentTarget.value)}
            required
            maxLength={4000}
            autosize
            minRows={2}
          />
          <Group>
            <Button
              type="submit"
              size="xs"
              disabled={answer.trim() === ''}
              loading={writes.answer.isPending}
            >
              {t('casePage.recordAnswer')}
            </Button>
          </Group>
          <ErrorAlert error={writes.answer.error} />
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mt="xs">
          {t('casePage.awaitingAnswer')}
        </Text>
      )}
    </Card>
  );
}

/** The case's referrals, and (when the hub allows `referral`) a form to record one. */
export function CaseReferrals({ kase, canWrite }: { kase: CaseDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const writes = useCaseWrites(kase.id);
  const [target, setTarget] = useState<Target>('hotline');
  const [recipient, setRecipient] = useState('');
  const [summary, setSummary] = useState('');
  return (
    <section aria-labelledby="case-referrals">
      <Title order={2} size="h3" id="case-referrals" mt="lg" mb="xs">
        {t('casePage.referrals')}
      </Title>
      {kase.referrals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('casePage.noReferrals')}
        </Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {kase.referrals.map((referral) => (
            <ReferralItem key={referral.id} referral={referral} canWrite={canWrite} />
          ))}
        </Stack>
      )}
      {canWrite && (
        <Card withBorder mt="sm" padding="sm">
          <Stack
            component="form"
            gap="xs"
            aria-label={t('casePage.addReferral')}
            onSubmit={(event) => {
              event.preventDefault();
              writes.refer.mutate(
                { target, recipient: recipient.trim(), summary: summary.trim() },
                {
                  onSuccess: () => {
                    setRecipient('');
                    setSummary('');
                  },
                },
              );
            }}
            data-testid="case-referral-form"
          >
            <Select
              label={t('casePage.targetLabel')}
              allowDeselect={false}
              value={target}
              onChange={(value) => value && setTarget(value as Target)}
              data={REFERRAL_TARGETS.map((v) => ({ value: v, label: t(`casePage.target.${v}`) }))}
            />
            <TextInput
              label={t('casePage.recipient')}
              description={t('casePage.recipientHint')}
              required
              maxLength={300}
              value={recipient}
              onChange={(event) => setRecipient(event.currentTarget.value)}
            />
            <Textarea
              label={t('casePage.referralSummary')}
              required
              maxLength={4000}
              autosize
              minRows={2}
              value={summary}
              onChange={(event) => setSummary(event.currentTarget.value)}
            />
            <Group>
              <Button
                type="submit"
                size="sm"
                disabled={recipient.trim() === '' || summary.trim() === ''}
                loading={writes.refer.isPending}
              >
                {t('casePage.addReferral')}
              </Button>
            </Group>
            <ErrorAlert error={writes.refer.error} />
          </Stack>
        </Card>
      )}
    </section>
  );
}
