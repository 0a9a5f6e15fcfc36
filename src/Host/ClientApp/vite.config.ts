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
    rolldownOptions: {
      output: {
        // Libraries in a few files of their own: the browser fetches and compiles them side by side with the
        // app, and they stay cached when only the app changes. CodeMirror and dagre load later, when needed.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'flow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|classcat)[\\/]/ },
            { name: 'data', test: /node_modules[\\/](react-router|react-router-dom|@tanstack|zustand|use-sync-external-store|cookie|set-cookie-parser)[\\/]/ },
          ],
        },
      },
    },
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
