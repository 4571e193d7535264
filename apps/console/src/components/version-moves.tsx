import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import type { RecommendationVersion } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAuthor, type LibraryMove, versionMoves } from '../api/library-view.js';
import { useLibraryWrites } from '../api/recommendations.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from './error-alert.js';

/**
 * The moves the reader may ask for on one version, as buttons: submit, approve, reject (with
 * the comment it needs), archive. The hub decides; its refusals (`approval_self`,
 * `approval_not_pending`, `recommendation_status_conflict`) show in the reader's language.
 */
export function VersionMoves({
  recommendationId,
  version,
}: {
  recommendationId: string;
  version: Pick<RecommendationVersion, 'number' | 'status' | 'authors'>;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const { move } = useLibraryWrites();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const moves = versionMoves(version, user.role);
  const ask = (m: Exclude<LibraryMove, 'reject'>) => {
    move.mutate({ id: recommendationId, move: { move: m, number: version.number } });
  };
  const reject = () =>
    move.mutate(
      {
        id: recommendationId,
        move: { move: 'reject', number: version.number, comment: comment.trim() },
      },
      { onSuccess: () => setRejecting(false) },
    );
  if (moves.length === 0) return null;
  const deciding = moves.includes('approve');
  return (
    <Stack gap="xs" data-testid="version-moves">
      {deciding && isAuthor(version, user.id) && (
        <Text size="sm" c="red.9" data-testid="own-version">
          {t('library.ownVersion')}
        </Text>
      )}
      <Group gap="xs">
        {moves.map((m) =>
          m === 'reject' ? (
            <Button
              key={m}
              size="xs"
              variant={rejecting ? 'filled' : 'light'}
              color="red.9"
              onClick={() => {
                move.reset();
                setRejecting((r) => !r);
              }}
              data-testid="version-reject"
            >
              {t('library.move.reject')}
            </Button>
          ) : (
            <Button
              key={m}
              size="xs"
              variant={m === 'archive' ? 'default' : 'filled'}
              loading={move.isPending && move.variables?.move.move === m}
              disabled={move.isPending}
              onClick={() => ask(m)}
              data-testid={`version-${m}`}
            >
              {t(`library.move.${m}`)}
            </Button>
          ),
        )}
      </Group>
      {rejecting && (
        <Group align="end">
          <Textarea
            label={t('library.rejectComment')}
            description={t('library.rejectHint')}
            autosize
            minRows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="version-reject-comment"
          />
          <Button
            color="red.9"
            disabled={!comment.trim() || move.isPending}
            onClick={reject}
            data-testid="version-reject-confirm"
          >
            {t('library.move.rejectConfirm')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={move.error} />
    </Stack>
  );
}
