import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './styles.css';
import { App } from './App';

// Marks for the benchmark (bench/Benchmarks/DesignerBenchmark.cs): when the scripts ran, when the data arrived.
performance.mark('designer:scripts');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
