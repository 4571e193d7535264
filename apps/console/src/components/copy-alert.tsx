import { Alert, type AlertProps, Button, Code, CopyButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A value shown to be passed on — an invitation link, an API key's secret — in a status alert
 * with a button that copies it.
 */
export function CopyAlert({
  title,
  value,
  ...props
}: { title: string; value: string } & Omit<AlertProps, 'title' | 'children'>) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" role="status" title={title} {...props}>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            // A long value wraps; the button keeps its width.
            <Button size="xs" variant="light" onClick={copy} style={{ flexShrink: 0 }}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
