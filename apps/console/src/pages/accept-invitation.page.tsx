import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { linkError } from '../api/link-error.js';
import { startSession } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PublicFrame } from '../components/public-frame.js';

/** Minimum length of a new password (core's `PASSWORD_MIN_LENGTH`); the hub checks it too. */
export const PASSWORD_MIN_LENGTH = 10;

/** The page an invitation email links to: a name and a password, then signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { token } = useSearch({ from: '/accept-invitation' });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && repeat !== password;
  const accept = useMutation({
    mutationFn: () => client.invitations.accept({ token: token ?? '', name, password }),
    onSuccess: async (session) => {
      await startSession(queryClient, session);
      await navigate({ to: '/broadcasts' });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!mismatch && password.length >= PASSWORD_MIN_LENGTH) accept.mutate();
  }

  return (
    <PublicFrame title={t('invitation.title')}>
      {!token ? (
        <Alert color="red" role="alert">
          {t('invitation.noToken')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={linkError(accept.error)} />
            <TextInput
              label={t('invitation.name')}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('password.new')}
              description={t('password.rule', { min: PASSWORD_MIN_LENGTH })}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('password.repeat')}
              autoComplete="new-password"
              required
              value={repeat}
              error={mismatch ? t('password.mismatch') : undefined}
              onChange={(e) => setRepeat(e.currentTarget.value)}
            />
            <Button type="submit" loading={accept.isPending}>
              {t('invitation.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}
