import { defineConfig } from 'vitest/config';

// Kept apart from vite.config.ts so that `vite build` never loads Vitest.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
  },
});
