import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const conditions = ['source', 'module', 'browser', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  test: {
    reporters: process.env.VITEST_JSON
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/src/**/*.test.tsx',
            'apps/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.tsx',
            'apps/*/server/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.browser.test.ts', '**/*.browser.test.tsx', '**/node_modules/**', '**/dist/**'],
          testTimeout: 20_000,
          // eventsource(-parser) publish TypeScript under the `source` condition we resolve with (and
          // vitest hands Node as --conditions): Vite transforms them, and the MCP SDK that imports them
          // (its source maps name files it does not ship: Vite warns "points to missing source files").
          server: { deps: { inline: ['@modelcontextprotocol/sdk', 'eventsource', 'eventsource-parser'] } },
        },
      },
      {
        extends: true,
        // found up front, so Vite does not reload a test file midway to optimize them
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-dev-runtime',
            'react-dom',
            'react-dom/client',
            '@testing-library/react',
          ].map((d) => `@realtime-agents/react > ${d}`),
        },
        test: {
          name: 'browser',
          include: [
            'packages/*/src/**/*.browser.test.ts',
            'packages/*/src/**/*.browser.test.tsx',
            'apps/*/src/**/*.browser.test.ts',
            'apps/*/src/**/*.browser.test.tsx',
          ],
          globalSetup: ['./scripts/browser-global-setup.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
