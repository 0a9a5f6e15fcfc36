import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import '@xyflow/react/dist/base.css';
import './theme.css';
import './base.css';
import { createQueryClient } from './api/queries';
import { router } from './routes';
import { startEarly } from './designer/DesignerPage';

// Marks for the benchmark (bench/Benchmarks/DesignerBenchmark.cs): when the scripts ran, when the data arrived.
performance.mark('designer:scripts');
const queryClient = createQueryClient();
startEarly(queryClient);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
