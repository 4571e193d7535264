import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page's one `h1`, with its actions on the right. */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={2} component="h1">
        {title}
      </Title>
      {children}
    </Group>
  );
}
