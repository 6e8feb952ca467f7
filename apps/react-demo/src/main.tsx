/**
 * The React demo's entry: reads which backend is live (`GET /config`), then renders the app.
 * @module
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchBackendConfig } from '../../demo/src/backend-config.js';
import { Root } from './app.js';

const root = createRoot(document.getElementById('root')!);
fetchBackendConfig().then(
  (backend) =>
    root.render(
      <StrictMode>
        <Root backend={backend} />
      </StrictMode>,
    ),
  (e: Error) => root.render(<p role="alert">{e.message}</p>),
);
