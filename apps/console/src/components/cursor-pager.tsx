import { Button, Group, Text } from '@mantine/core';
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Previous / "page N" / next for a keyset-paged list read a page at a time: `cursors` are the
 * cursors of the pages before this one ('' the first), `nextCursor` the answer's. Nothing shows
 * while there is a single page.
 */
export function CursorPager({
  cursors,
  setCursors,
  nextCursor,
  previousLabel,
  nextLabel,
  nextTestId,
}: {
  cursors: readonly string[];
  setCursors: Dispatch<SetStateAction<string[]>>;
  nextCursor: string | null;
  previousLabel: string;
  nextLabel: string;
  nextTestId: string;
}) {
  const { t } = useTranslation();
  if (cursors.length === 0 && !nextCursor) return null;
  return (
    <Group mt="xs" gap="sm">
      <Button
        variant="light"
        size="xs"
        disabled={cursors.length === 0}
        onClick={() => setCursors((list) => list.slice(0, -1))}
      >
        {previousLabel}
      </Button>
      <Text size="sm">{t('plan.page', { n: cursors.length + 1 })}</Text>
      <Button
        variant="light"
        size="xs"
        disabled={!nextCursor}
        onClick={() => nextCursor && setCursors((list) => [...list, nextCursor])}
        data-testid={nextTestId}
      >
        {nextLabel}
      </Button>
    </Group>
  );
}
