import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is plain React compiled by esbuild (no plugin needed for JSX). `npm run dev:web` proxies
// the API to a server on :8080, so the page and the API share an origin as they do in production.
const api = process.env.MAILSTREAM_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/print-mail': api, '/dashboard/api': api } },
});
