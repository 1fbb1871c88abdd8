import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' lets dist/ be served from any subfolder of any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
});
