import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

/**
 * The browser client; `npm run dev` proxies the API, sockets and Yjs to the server on 3001.
 * A build is always a production build (React's production bundle and JSX runtime), even when
 * it runs under a test runner that sets NODE_ENV=test.
 */
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react()],
    build: {
      outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
      emptyOutDir: true,
      // No public source maps: the production build does not publish its sources.
      sourcemap: false,
      chunkSizeWarningLimit: 1_000,
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
