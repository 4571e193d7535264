import { Anchor, Button, FileButton, Group, List, Stack, Text, Title } from '@mantine/core';
import { type AttachmentContentType, type RecommendationVersion, roleHasScope } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { useVersionFiles } from '../api/recommendations.js';
import { useUser } from '../auth/session.js';
import { type ConsoleLanguage, LOCALE_TAGS } from '../i18n/locales.js';
import { ErrorAlert } from './error-alert.js';

/** The most files a version carries (the hub refuses more: `attachment_limit`). */
const MAX_FILES = 5;

/** What the file picker offers: the types the hub takes (it reads the bytes, not this). */
const ACCEPT = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
].join(',');

/** The words for a file's type, by the type the hub read from its bytes. */
const TYPE_KEY = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
} as const satisfies Record<AttachmentContentType, string>;

/** A size in the reader's words: "610 bytes", "482 kB", "1,2 МБ". */
export function fileSize(bytes: number, language: ConsoleLanguage): string {
  const locale = LOCALE_TAGS[language];
  const [value, unit] =
    bytes < 1000
      ? [bytes, 'byte']
      : bytes < 1_000_000
        ? [Math.round(bytes / 1000), 'kilobyte']
        : [Math.round(bytes / 100_000) / 10, 'megabyte'];
  // Bytes in full ("610 bytes"), the larger units as people abbreviate them ("482 kB").
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay }).format(value);
}

/**
 * A version's files: name (a download link), type and size; on a draft, for people who may
 * write, adding one (the hub reads its type from its bytes) and removing each.
 */
export function VersionFiles({
  recommendationId,
  version,
}: {
  recommendationId: string;
  version: Pick<RecommendationVersion, 'number' | 'status' | 'attachments'>;
}) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { upload, remove } = useVersionFiles(recommendationId, version.number);
  const editable = version.status === 'draft' && roleHasScope(user.role, 'write');
  const files = version.attachments;
  const headingId = `files-${version.number}`;
  return (
    <Stack
      gap={4}
      mt="xs"
      component="section"
      aria-labelledby={headingId}
      data-testid="version-files"
    >
      <Title order={4} size="h5" id={headingId}>
        {t('library.files.title')}
      </Title>
      {files.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="files-none">
          {t('library.files.none')}
        </Text>
      ) : (
        <List size="sm" spacing={2} listStyleType="none" data-testid="files-list">
          {files.map((file) => (
            <List.Item key={file.id} data-testid="file" data-content-type={file.contentType}>
              <Group gap="xs" wrap="nowrap">
                <Anchor
                  href={`/v1/attachments/${file.id}`}
                  download={file.filename}
                  aria-label={t('library.files.download', { name: file.filename })}
                  data-testid="file-download"
                >
                  {file.filename}
                </Anchor>
                <Text size="sm" c="dimmed" data-testid="file-about">
                  {t(`library.files.types.${TYPE_KEY[file.contentType]}`)} ·{' '}
                  {fileSize(file.sizeBytes, i18n.language as ConsoleLanguage)}
                </Text>
                {editable && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red.9"
                    aria-label={t('library.files.remove', { name: file.filename })}
                    loading={remove.isPending && remove.variables === file.id}
                    disabled={remove.isPending || upload.isPending}
                    onClick={() => remove.mutate(file.id)}
                    data-testid="file-remove"
                  >
                    ×
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {editable && (
        <Group gap="xs" align="center">
          <FileButton
            accept={ACCEPT}
            onChange={(file) => {
              if (file) upload.mutate(file);
            }}
            inputProps={{ 'data-testid': 'file-input' } as object}
          >
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="light"
                loading={upload.isPending}
                disabled={files.length >= MAX_FILES || remove.isPending}
                data-testid="file-add"
              >
                {t('library.files.add')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t('library.files.addHint')}
          </Text>
        </Group>
      )}
      <ErrorAlert error={upload.error ?? remove.error} />
    </Stack>
  );
}
