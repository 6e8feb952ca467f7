// Runs Playwright spec files the way a user of the kit does: a scratch project inside this package
// (so `@realtime-agents/testing/playwright` resolves as an installed dependency would, from dist/),
// a user's app served by a `webServer` (test-app/, bundled here with esbuild), a config with no
// fake-media flags, and a child `playwright test` whose JSON report says which tests passed and
// with which errors.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromiumPath } from '../../../../scripts/chromium.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const playwrightCli = join(
  dirname(createRequire(join(pkg, 'package.json')).resolve('@playwright/test/package.json')),
  'cli.js',
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A test of the child run: outcome, error text (colours stripped), and the spec line it points at. */
export interface ChildTest {
  status: string;
  error: string;
  location?: string;
}

export interface RunResult {
  status: number | null;
  output: string;
  tests: Record<string, ChildTest>;
  /** Errors outside any test (a spec file that failed to load), colours stripped. */
  errors: string[];
}

/** One scratch project: the app bundled once, spec files run per call. */
export class InlineProject {
  readonly dir = join(pkg, `.user-spec-pw-app-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);

  /** Bundle the app and copy its server (call in beforeAll). */
  async setup(): Promise<void> {
    const app = join(this.dir, 'app');
    mkdirSync(app, { recursive: true });
    await build({
      entryPoints: [join(pkg, 'test-app', 'app.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source', 'browser'],
      outfile: join(app, 'app.js'),
      logLevel: 'silent',
    });
    for (const f of ['index.html', 'serve.mjs']) copyFileSync(join(pkg, 'test-app', f), join(app, f));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Write `files` (spec files and their data, by name) and run them; resolves with the report. */
  async run(
    files: Record<string, string | Uint8Array>,
    { workers = 1, use = {} as Record<string, unknown> } = {},
  ): Promise<RunResult> {
    const specs = join(this.dir, `run-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(specs, { recursive: true });
    const port = await freePort();
    const report = join(specs, 'report.json');
    writeFileSync(
      join(specs, 'playwright.config.mjs'),
      `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: '.',
  outputDir: './.out',
  workers: ${workers},
  timeout: 45000,
  reporter: [['json', { outputFile: ${JSON.stringify(report)} }]],
  use: {
    ...${JSON.stringify(use)},
    baseURL: 'http://127.0.0.1:${port}',
    launchOptions: {
      ${chromiumPath() ? `executablePath: ${JSON.stringify(chromiumPath())},` : ''}
      // a closed network: keep Chromium from calling home (no fake-media flags: the kit needs none)
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: { command: 'node ../app/serve.mjs', url: 'http://127.0.0.1:${port}/', env: { PORT: '${port}' } },
});
`,
    );
    for (const [name, text] of Object.entries(files)) writeFileSync(join(specs, name), text);
    const output = await new Promise<{ status: number | null; text: string }>((resolve) => {
      const child = spawn(process.execPath, [playwrightCli, 'test', '--config', 'playwright.config.mjs'], {
        cwd: specs,
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: '', NODE_OPTIONS: '', FORCE_COLOR: '0' },
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, text });
      });
    });
    let json: PlaywrightReport;
    try {
      json = JSON.parse(readFileSync(report, 'utf8')) as PlaywrightReport;
    } catch {
      throw new Error(`The child Playwright wrote no report (exit ${output.status}):\n${output.text}`);
    }
    return {
      status: output.status,
      output: output.text,
      tests: flatten(json),
      errors: (json.errors ?? []).map((e) => plain(e.stack ?? e.message ?? '')),
    };
  }
}

interface Suite {
  specs?: Array<{
    title: string;
    tests: Array<{
      results: Array<{
        status: string;
        errors?: Array<{ message?: string; stack?: string; location?: { file: string; line: number } }>;
      }>;
    }>;
  }>;
  suites?: Suite[];
}
interface PlaywrightReport {
  suites: Suite[];
  errors?: Array<{ message?: string; stack?: string }>;
}

const plain = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

function flatten(report: PlaywrightReport): Record<string, ChildTest> {
  const out: Record<string, ChildTest> = {};
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? []) {
      const result = spec.tests[0]?.results.at(-1);
      const errors = result?.errors ?? [];
      const where = errors.find((e) => e.location)?.location;
      const error = plain(errors.map((e) => e.stack ?? e.message ?? '').join('\n'));
      // else the first frame of the stack in a spec file: the user's line the failure points at
      const frame = /([\w.-]+\.spec\.ts):(\d+):\d+/.exec(error);
      out[spec.title] = {
        status: result?.status ?? 'skipped',
        error,
        ...(where
          ? { location: `${where.file.split('/').at(-1)}:${where.line}` }
          : frame && { location: `${frame[1]}:${frame[2]}` }),
      };
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of report.suites) walk(s);
  return out;
}
