import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors.js';

/** An error of the hub or the network, said in the reader's language, announced to screen readers. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" data-testid="error">
      {error === 'invalid_link' ? t('links.invalidLink') : errorMessage(t, error)}
    </Alert>
  );
}
