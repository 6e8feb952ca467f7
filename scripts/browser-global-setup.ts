// Global setup of the browser test project: starts one emulator for every browser test file and
// hands its base URL to the tests (`inject('emulatorBaseUrl')`). Closed again in teardown.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { startEmulator } = await import('@realtime-agents/emulator');
  const emu = await startEmulator({ port: 0 });
  project.provide('emulatorBaseUrl', emu.baseUrl);
  return async () => {
    await emu.close();
  };
}
