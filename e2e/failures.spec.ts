// Backend failures: each ends in `status` = error with a sentence that says what happened and what
// to do, the page stays usable, and Connect works again. Faults come from the page's failure drills
// (the emulator's `x-emulator-fault` header / `?emulator_fault=`) or from a broken demo server.
import { type DemoPage, type Drill, expect, TRANSPORTS, test } from './fixtures.js';

/** After a failure: the controls are back to "not connected", and a clean connect then works. */
async function recovers(demo: DemoPage): Promise<void> {
  await expect(demo.connectButton).toHaveAttribute('data-action', 'connect');
  await expect(demo.connectButton).toBeEnabled();
  await expect(demo.transport).toBeEnabled();
  await expect(demo.textInput).toBeDisabled();
  await demo.connect({ drill: 'none' });
  await demo.say('are you back?');
  await demo.waitForEntry('assistant', 'You said: "are you back?".');
}

async function failsToConnect(demo: DemoPage, drill: Drill, message: RegExp | string): Promise<void> {
  await demo.startConnect({ drill });
  await demo.expectState('error');
  await expect(demo.status).toContainText('Error');
  await expect(demo.statusMessage).toHaveText(message);
  await expect(demo.status).toHaveAttribute('role', 'alert');
  await expect(demo.logRows('error').first()).toBeAttached();
}

/**
 * Browsers do not expose the HTTP status of a refused WebSocket handshake, so over WebSocket an
 * expired key and a rate limit read alike — and the sentence says so.
 */
const REFUSED_HANDSHAKE =
  /^The Realtime backend is unreachable or refused the connection: The WebSocket to ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?emulator_fault=\w+&emulator_fault_once=[0-9a-f-]{36}&model=gpt-realtime closed before opening \(code 1006\)\. .*a wrong or expired key gives HTTP 401.* then connect again\.$/;

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('expired key: a clear error, then connects again', async ({ demoPage: demo }) => {
      await failsToConnect(
        demo,
        'expired_key',
        transport === 'webrtc'
          ? /^The session key was refused as expired or invalid: .+ Connect again to mint a fresh one\.$/
          : REFUSED_HANDSHAKE,
      );
      await recovers(demo);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('rate limited: a clear error, then connects again', async ({ demoPage: demo }) => {
      await failsToConnect(
        demo,
        'rate_limit',
        transport === 'webrtc'
          ? /^The backend is rate limiting: .+ Wait a moment and connect again\.$/
          : REFUSED_HANDSHAKE,
      );
      await recovers(demo);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('the Realtime backend is unreachable: a clear error, then connects again', async ({
      demoPage: demo,
    }) => {
      await failsToConnect(
        demo,
        'unreachable',
        /^The Realtime backend is unreachable or refused the connection: .+ Check that the emulator \(or the network\) is up, then connect again\.$/,
      );
      await recovers(demo);
    });
  });
}

test.describe(() => {
  test.use({ transport: 'webrtc' });
  test('HTTP 500 on WebRTC call setup: a clear error, then connects again', async ({ demoPage: demo }) => {
    await failsToConnect(
      demo,
      '500',
      /^WebRTC failed: .*500.* Try again, or switch the transport to WebSocket\.$/,
    );
    await recovers(demo);
  });
});

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('the connection drops mid-answer: it reconnects on its own, the conversation intact', async ({
      demoPage: demo,
    }) => {
      await demo.connect({ drill: 'close_mid_response' });
      await demo.say('Tell me something');
      // the drop is announced, then the session is back without a click
      await expect(
        demo.logRows('connection').filter({ hasText: /reconnecting attempt 1 in \d+ ms/ }),
      ).toHaveCount(1);
      await expect(demo.logRows('connection').filter({ hasText: 'connected (resumed)' })).toHaveCount(1);
      await demo.expectState('connected');
      await expect(demo.connectButton).toHaveText('Disconnect');
      await expect(demo.textInput).toBeEnabled();
      await expect(demo.logRows('error')).toHaveCount(0);
      // what was said stays readable, and the cut answer ended where it was cut
      await expect(demo.entries('user')).toHaveText([/Tell me something$/]);
      await expect(demo.logRows('agent_end').filter({ hasText: /incomplete/ })).toHaveCount(1);
      await demo.disconnect();
      await recovers(demo);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('Drop connection: it reconnects by itself, and the agent remembers what was said before', async ({
      demo,
    }) => {
      await demo.say('My name is Ada');
      await demo.waitForEntry('assistant', 'You said: "My name is Ada".');
      await demo.byTestId('drop-link').click();
      await expect(
        demo.logRows('connection').filter({ hasText: /reconnecting attempt 1 in \d+ ms/ }),
      ).toHaveCount(1);
      await expect(demo.logRows('connection').filter({ hasText: 'connected (resumed)' })).toHaveCount(1);
      await demo.expectState('connected');
      // the banner said so while it lasted, and went once the session was back; push-to-talk keeps
      // the microphone muted between turns, so nothing was missed and no microphone_gap is told
      await expect(demo.byTestId('reconnect-banner')).toBeHidden();
      await expect(demo.logRows('warning')).toHaveCount(0);
      // the new server session was re-seeded: its answer comes from the conversation before the drop
      await demo.say('What did I say before?');
      await demo.waitForEntry('assistant', 'Before that you said: "My name is Ada".');
      await expect(demo.entries('user')).toHaveText([/My name is Ada$/, /What did I say before\?$/]);
      await expect(demo.logRows('error')).toHaveCount(0);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('rollover: the session renews itself between turns, and the new one knows the conversation', async ({
      demoPage: demo,
    }) => {
      await demo.connect({ drill: 'rollover' });
      await demo.say('My name is Ada');
      await demo.waitForEntry('assistant', 'You said: "My name is Ada".');
      // 8 s after connecting, at a quiet moment: a planned renewal, announced as such
      const rolled = demo.logRows('connection').filter({ hasText: 'connected (resumed) (rollover)' });
      await expect(rolled.first()).toBeVisible({ timeout: 20_000 });
      await expect(
        demo
          .logRows('connection')
          .filter({ hasText: /reconnecting attempt 1 in 0 ms.*\(rollover\)/ })
          .first(),
      ).toBeVisible();
      await expect(demo.byTestId('reconnect-banner')).toBeHidden();
      await demo.say('What did I say before?');
      await demo.waitForEntry('assistant', 'Before that you said: "My name is Ada".');
      await expect(demo.logRows('error')).toHaveCount(0);
      await expect(demo.logRows('agent_end').filter({ hasText: /incomplete/ })).toHaveCount(0);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('the token endpoint is unreachable: says so, then connects again', async ({ demoPage: demo }) => {
      await demo.page.route('**/session', (route) => route.abort('connectionrefused'));
      await failsToConnect(
        demo,
        'none',
        'Could not reach the token endpoint /session: the demo server is not running or the network is down.',
      );
      await demo.page.unroute('**/session');
      await recovers(demo);
    });
  });
}

test('the token endpoint refuses: its own message is shown', async ({ demoPage: demo }) => {
  await demo.page.route('**/session', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'Key minting is paused.' } }),
    }),
  );
  await failsToConnect(demo, 'none', 'The token endpoint refused to mint a key: Key minting is paused.');
  await demo.page.unroute('**/session');
  await recovers(demo);
});

test('the demo server is down at load: an error, and Connect retries', async ({ page }) => {
  await page.route('**/config', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText(
    'The demo server is unreachable (/config). Start it with `npm run demo`.',
  );
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'unknown');
  await page.unroute('**/config');
  await page.getByTestId('transport').selectOption('websocket');
  await page.getByTestId('turn-mode').selectOption('ptt');
  await page.getByTestId('connect').click();
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'emulator');
  await expect(page.getByTestId('drill-field')).toBeVisible();
});
