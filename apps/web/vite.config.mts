import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The engine's pages, built into dist/web (after `nest build`, which empties dist/) and served
 * by the engine at `/`. Everything is bundled: a hall may be offline, so nothing loads from a CDN.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        index: here('index.html'),
        hall: here('hall/index.html'),
        dashboard: here('dashboard/index.html'),
        lookup: here('lookup/index.html'),
        kiosk: here('kiosk/index.html'),
        window: here('window/index.html'),
        guide: here('guide/index.html'),
        discipline: here('discipline/index.html'),
        assessment: here('assessment/index.html'),
        ratings: here('ratings/index.html'),
        tasks: here('tasks/index.html'),
      },
    },
  },
  // `npx vite --config apps/web/vite.config.mts` beside a running engine: the API comes from it.
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
