/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The host serves the build from wwwroot/designer under /designer (see src/Host/Designer/DesignerEndpoints.cs).
export default defineConfig({
  base: '/designer/',
  plugins: [react()],
  build: {
    outDir: '../wwwroot/designer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/elsa/api': 'http://localhost:5080', '/api/operations': 'http://localhost:5080', '/dev': 'http://localhost:5080' },
  },
  // Unit tests of the plain modules (src/**/*.test.ts) in Node: no browser, no DOM.
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
