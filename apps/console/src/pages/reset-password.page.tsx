import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { linkError } from '../api/link-error.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PublicFrame } from '../components/public-frame.js';
import { PASSWORD_MIN_LENGTH } from './accept-invitation.page.js';

/**
 * Without a token: ask for a reset link by email (the hub answers the same whether or not the
 * address is known). With the emailed `?token=`: choose a new password.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/reset-password' });
  return (
    <PublicFrame title={t('reset.title')}>
      {token ? <CompleteReset token={token} /> : <RequestReset />}
      <AnchorLink to="/sign-in" size="sm">
        {t('reset.backToSignIn')}
      </AnchorLink>
    </PublicFrame>
  );
}

function RequestReset() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: () => client.passwordResets.request({ email }) });
  if (request.isSuccess) {
    return (
      <Alert color="teal" role="status">
        {t('reset.sent')}
      </Alert>
    );
  }
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        request.mutate();
      }}
      noValidate
    >
      <Stack>
        <ErrorAlert error={request.error} />
        <TextInput
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <Button type="submit" loading={request.isPending}>
          {t('reset.request')}
        </Button>
      </Stack>
    </form>
  );
}

function CompleteReset({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && repeat !== password;
  const complete = useMutation({
    mutationFn: () => client.passwordResets.complete({ token, password }),
  });
  if (complete.isSuccess) {
    return (
      <Alert color="teal" role="status">
        {t('reset.done')}
      </Alert>
    );
  }
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (!mismatch && password.length >= PASSWORD_MIN_LENGTH) complete.mutate();
      }}
      noValidate
    >
      <Stack>
        <ErrorAlert error={linkError(complete.error)} />
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
        <Button type="submit" loading={complete.isPending}>
          {t('reset.complete')}
        </Button>
      </Stack>
    </form>
  );
}
