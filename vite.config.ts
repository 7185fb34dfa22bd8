import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is built once and served by Electron (file://) and by the browser bridge (http://127.0.0.1).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  test: {
    root: '.',
    include: ['{main,shared,preload,renderer,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
