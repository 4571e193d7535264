import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './console.css';
import './i18n/i18n.js';
import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleRouter } from './router.js';

const queryClient = new QueryClient({
  defaultOptions: {
    // The SDK retries transient failures itself; a second layer would multiply the waits.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
  },
});
const router = createConsoleRouter(queryClient);

// Darker primary shades than Mantine's default blue: text on it passes WCAG AA contrast.
// People who ask their system for less motion get dialogs and menus without animation.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 9, respectReducedMotion: true });
// Mantine's dimmed text (gray 6) is 3.3:1 on white; gray 7 passes WCAG AA (4.5:1). A subtle or
// light button under the pointer turns indigo 2, on which its indigo 9 text is 4.1:1; indigo 1
// keeps it above 4.5:1. A field's error (red 6, 3.3:1, in its message and the field's text) is
// red 9 (5.6:1).
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-indigo-light-hover': 'var(--mantine-color-indigo-1)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
