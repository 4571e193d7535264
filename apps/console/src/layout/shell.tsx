import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { roleHasScope, type Scope } from '@safenet/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { endSession, useUser } from '../auth/session.js';
import { useAlerts } from '../stream/alerts.js';
import { streamHub } from '../stream/stream-hub.js';
import { useStreamState } from '../stream/use-stream.js';
import { LanguageSwitch } from './language-switch.js';

type NavKey =
  | 'tasks'
  | 'campaigns'
  | 'reports'
  | 'broadcasts'
  | 'telegram'
  | 'segments'
  | 'recommendations'
  | 'review'
  | 'hotlines'
  | 'contacts'
  | 'contactImports'
  | 'organisations'
  | 'people'
  | 'channels'
  | 'alerts'
  | 'cases';

/** The pages of the navigation; `needs`: shown to roles carrying one of these scopes. */
const NAV: { to: string; key: NavKey; needs?: Scope[] }[] = [
  { to: '/tasks', key: 'tasks' },
  { to: '/campaigns', key: 'campaigns' },
  { to: '/reports', key: 'reports' },
  { to: '/broadcasts', key: 'broadcasts' },
  { to: '/telegram', key: 'telegram' },
  { to: '/segments', key: 'segments' },
  { to: '/recommendations', key: 'recommendations' },
  { to: '/recommendations/review', key: 'review', needs: ['approve'] },
  { to: '/hotlines', key: 'hotlines' },
  { to: '/contacts', key: 'contacts' },
  { to: '/contacts/imports', key: 'contactImports' },
  { to: '/organisations', key: 'organisations' },
  { to: '/people', key: 'people' },
  { to: '/channels', key: 'channels' },
  { to: '/alerts', key: 'alerts' },
  { to: '/cases', key: 'cases', needs: ['cases', 'admin'] },
];

/**
 * The signed-in frame: a header (burger on phones, language, sign-out), the navigation and
 * the page. A skip link leads past the navigation; header, nav and main are landmarks.
 */
export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const [opened, { toggle, close }] = useDisclosure();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const alerts = useAlerts();
  const streamState = useStreamState();
  // The page's own item: the longest that leads to it (contact imports, not contacts too).
  const activeTo = NAV.map((item) => item.to)
    .filter((to) => pathname === to || pathname.startsWith(`${to}/`))
    .reduce<string | undefined>((a, b) => (a && a.length >= b.length ? a : b), undefined);

  useEffect(() => {
    streamHub.start();
    return () => streamHub.stop();
  }, []);

  // A page picked from the menu on a phone closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(close, [pathname]);

  async function signOut() {
    await endSession(queryClient);
    await navigate({ to: '/sign-in' });
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <Anchor href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('layout.menu')}
              aria-expanded={opened}
            />
            <Text fw={700} fz="lg">
              Safenet
            </Text>
            <Badge
              variant="dot"
              color={streamState === 'live' ? 'teal' : 'gray'}
              visibleFrom="xs"
              data-testid="stream-state"
            >
              {t(`layout.stream.${streamState}`)}
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <Button variant="subtle" size="sm" onClick={() => void signOut()}>
              {t('layout.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('layout.navigation')}>
        <Text size="sm" fw={600} truncate>
          {user.name}
        </Text>
        <Text size="xs" c="dimmed" mb="sm">
          {t(`roles.${user.role}`)}
        </Text>
        {NAV.filter(
          (item) => !item.needs || item.needs.some((scope) => roleHasScope(user.role, scope)),
        ).map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(`nav.${item.key}`)}
            variant="filled"
            active={item.to === activeTo}
            rightSection={
              item.key === 'alerts' && alerts.length > 0 ? (
                <Badge size="sm" color="red" circle>
                  {alerts.length}
                </Badge>
              ) : undefined
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
