import '@inferkit/components/styles.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { FaultsProvider } from './faults';

const queryClient = new QueryClient({
  defaultOptions: {
    // The same input gives the same answer: no need to ask again when the window regains focus.
    queries: { staleTime: 5 * 60_000, refetchOnWindowFocus: false },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a #root element.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <FaultsProvider>
        <App />
      </FaultsProvider>
    </QueryClientProvider>
  </StrictMode>,
);
