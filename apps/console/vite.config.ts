import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is a static single-page app the hub serves at `/` (apps/hub serves `dist/`).
 * `npm run dev` proxies the API to a hub on :3000, so pages and `/v1` share one origin as
 * they do when the hub serves them (session cookies and the stream's Origin check need it).
 */
export default defineConfig({
  plugins: [react()],
  build: {
    // Assets under /assets/ carry a content hash: the hub serves them as immutable.
    assetsDir: 'assets',
    sourcemap: true,
    // The hub's CSP allows no inline script: keep Vite from inlining its module preload helper.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/v1': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
