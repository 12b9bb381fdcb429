import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App';
import { i18nReady } from './i18n';

// The console runs under a CSP without 'unsafe-eval' (src/server/http/security-headers.ts): zod must not try its
// `new Function` fast path, which the browser blocks and reports as a violation.
z.config({ jitless: true });

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing');
// The first paint waits for the language's messages (one small chunk), so no key ever shows as text.
void i18nReady.then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
