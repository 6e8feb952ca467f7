// What the browser project's globalSetup (scripts/browser-global-setup.ts) provides to tests.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorBaseUrl: string;
  }
}
