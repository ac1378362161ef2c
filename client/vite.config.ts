import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The browser client; `npm run dev` proxies the API, sockets and Yjs to the server on 3001.
 * A build is always a production build (React's production bundle and JSX runtime), even when
 * it runs under a test runner that sets NODE_ENV=test.
 */
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [
      react(),
      // The service worker (dist/client/sw.js, a same-origin script file) caches the app shell so
      // the app loads offline, and the REST answers a board page needs (me, boards, board info,
      // members), network first. Registered by main.tsx; signing out deletes the `tranche-api` cache.
      VitePWA({
        injectRegister: false,
        registerType: 'autoUpdate',
        manifest: false,
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
          navigateFallback: '/index.html',
          navigateFallbackDenylist: [/^\/(api|yjs|socket\.io)(\/|$)/],
          cleanupOutdatedCaches: true,
          clientsClaim: true,
          skipWaiting: true,
          runtimeCaching: [
            {
              urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/(auth\/me|boards(\/[^/]+(\/members)?)?)$/.test(url.pathname),
              handler: 'NetworkFirst',
              options: { cacheName: 'tranche-api', networkTimeoutSeconds: 4, cacheableResponse: { statuses: [200] } },
            },
          ],
        },
      }),
    ],
    build: {
      outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
      emptyOutDir: true,
      // No public source maps: the production build does not publish its sources.
      sourcemap: false,
      chunkSizeWarningLimit: 1_000,
      // The lazy views share modules with the entry, which Rolldown moves into chunks of their
      // own; those would otherwise run before the entry's first imports (zodWithoutEval must run
      // before any schema, and the early requests first of all). Keep the source's order.
      rolldownOptions: { output: { strictExecutionOrder: true } },
    },
    server: {
      port: 5173,
      proxy: {
        '/api': 'http://127.0.0.1:3001',
        '/socket.io': { target: 'ws://127.0.0.1:3001', ws: true },
        '/yjs': { target: 'ws://127.0.0.1:3001', ws: true },
      },
    },
  };
});
