// What the browser project's globalSetup provides (scripts/browser-global-setup.ts declares the same).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorBaseUrl: string;
  }
}
