import { Alert, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import type { BroadcastPreview } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { type ZaloPreview, zaloWarnings } from '../api/zalo-preview-view.js';
import type { Format } from '../i18n/format.js';
import { PreviewCost } from './cost-estimate.js';

/**
 * What a broadcast would do before it is sent: recipients per channel, who cannot be reached
 * and why, the language each reader gets after fallback, the SMS parts it would bill, how
 * Zalo would carry its messages and what it would cost.
 */
export function BroadcastPreviewCard({
  preview,
  format,
}: {
  preview: BroadcastPreview;
  format: Format;
}) {
  const { t } = useTranslation();
  const n = format.number;
  return (
    <Card withBorder component="section" aria-labelledby="preview-title" data-testid="preview">
      <Title order={2} size="h4" id="preview-title" mb="xs">
        {t('composer.preview')}
      </Title>
      <Text fw={600} data-testid="preview-recipients">
        {t('composer.recipients', { n: n(preview.recipients) })}
      </Text>
      <Group gap="xs" my="xs">
        {Object.entries(preview.byChannel).map(([channel, count]) => (
          <Badge key={channel} variant="dot">
            {t(`channels.${channel as 'sms'}`)}: {n(count ?? 0)}
          </Badge>
        ))}
      </Group>
      {preview.unreachable > 0 && (
        <Alert color="orange" mb="xs">
          {t('composer.unreachable', { n: n(preview.unreachable) })}{' '}
          {(['opted_out', 'no_consent', 'no_address'] as const)
            .filter((r) => preview.unreachableReasons[r] > 0)
            .map((r) => `${t(`reasons.${r}`)}: ${n(preview.unreachableReasons[r])}`)
            .join(' · ')}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={320}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('composer.readerLanguage')}</Table.Th>
              <Table.Th>{t('composer.recipientsShort')}</Table.Th>
              <Table.Th>{t('composer.contentLanguage')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.languages.map((row) => (
              <Table.Tr key={row.language}>
                <Table.Td>{t(`languages.${row.language}`)}</Table.Td>
                <Table.Td>
                  {n(row.reachable)} / {n(row.recipients)}
                </Table.Td>
                <Table.Td>
                  {row.contentLanguage === null ? (
                    <Text c="red.8" size="sm">
                      {t('composer.noContent')}
                    </Text>
                  ) : row.contentLanguage === row.language ? (
                    t(`languages.${row.contentLanguage}`)
                  ) : (
                    <Group gap={4}>
                      {t(`languages.${row.contentLanguage}`)}
                      <Badge size="xs" color="orange" variant="dot">
                        {t('composer.fallback')}
                      </Badge>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {preview.sms.languages.length > 0 && (
        <Text size="sm" mt="xs" data-testid="preview-sms">
          {t('composer.smsSegments', { n: n(preview.sms.estimatedSegments) })}{' '}
          {preview.sms.languages
            .map(
              (s) =>
                `${t(`languages.${s.contentLanguage}`)}: ${s.encoding}, ${t('composer.partsEach', { n: n(s.segments) })}`,
            )
            .join(' · ')}
        </Text>
      )}
      {preview.zalo && <PreviewZalo zalo={preview.zalo} format={format} />}
      <PreviewCost cost={preview.cost} format={format} />
    </Card>
  );
}

/**
 * A broadcast to Zalo: how many get a ZNS template and how many a free OA message, and a
 * warning for those Zalo would refuse (no template in their text's language, a phone outside
 * Vietnam): they move to the next channel.
 */
function PreviewZalo({ zalo, format }: { zalo: ZaloPreview; format: Format }) {
  const { t } = useTranslation();
  const n = format.number;
  const warnings = zaloWarnings(zalo);
  return (
    <>
      <Text size="sm" mt="xs" data-testid="preview-zalo">
        {t('composer.zalo', { template: n(zalo.template), message: n(zalo.message) })}
      </Text>
      {warnings && (
        <Alert color="orange" mt="xs" data-testid="preview-zalo-refused">
          {warnings.noTemplate &&
            t('composer.zaloNoTemplate', {
              n: n(warnings.noTemplate.recipients),
              languages: warnings.noTemplate.languages.map((l) => t(`languages.${l}`)).join(', '),
            })}{' '}
          {warnings.notVietnamese !== null &&
            t('composer.zaloNotVietnamese', { n: n(warnings.notVietnamese) })}
        </Alert>
      )}
    </>
  );
}
