/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The agent workspace. `npm run build` writes it to dist/web, which the Servisto server serves at `/`.
// `npx vite --config src/web/vite.config.ts` runs a dev server that proxies the API to a Servisto on port 3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The server's Content-Security-Policy allows only 'self' scripts: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  // `npm test` runs the web app's unit tests (pure logic beside the components) in vitest with this config.
  test: {
    include: ['**/*.test.ts'],
    environment: 'node',
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
