import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { startSession } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PublicFrame } from '../components/public-frame.js';

/** Email and password; errors from their codes (`invalid_credentials`, `sign_in_locked`). */
export function SignInPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => client.session.signIn({ email, password }),
    onSuccess: async (session) => {
      await startSession(queryClient, session);
      await navigate({ to: search.redirect ?? '/broadcasts' });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate();
  }

  return (
    <PublicFrame title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={signIn.error} />
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
          <AnchorLink to="/reset-password" size="sm">
            {t('signIn.forgot')}
          </AnchorLink>
        </Stack>
      </form>
    </PublicFrame>
  );
}
