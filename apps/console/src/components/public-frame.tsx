import { Box, Center, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../layout/language-switch.js';

/** The frame of the pages before sign-in: a header with the language, a card in the middle. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Group component="header" justify="space-between" px="md" h={60}>
        <Box fw={700} fz="lg">
          Safenet
        </Box>
        <LanguageSwitch />
      </Group>
      <Center component="main" id="main" px="md" py="xl">
        <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={420}>
          <Stack>
            <Title order={1} size="h2">
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
