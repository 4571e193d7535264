import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './console.css';
import './i18n/i18n.js';
import { createTheme, MantineProvider } from '@mantine/core';
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
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8 });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
