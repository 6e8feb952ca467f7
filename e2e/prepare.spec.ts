// The page connects ahead of the click (`runner.prepare`) for the selected transport, and Connect
// adopts that connection: the emulator sees it before the click and no new one at the click.
import { expect, TRANSPORTS, test } from './fixtures.js';

for (const transport of TRANSPORTS) {
  test(`${transport}: prepared on load and on a transport switch; Connect adopts it`, async ({
    demoPage: demo,
    emulator,
  }) => {
    const sessions = async () => {
      const res = await fetch(`${new URL(emulator.baseUrl).origin}/emulator/log`);
      return ((await res.json()) as { sessions: string[] }).sessions;
    };
    const preparation = demo.byTestId('preparation');
    await demo.turnMode.selectOption('ptt');
    await demo.transport.selectOption(transport);
    await expect(preparation).toHaveAttribute('data-state', 'ready');
    await expect(preparation).toHaveText('Connection prepared: Connect adopts it.');
    await demo.expectState('idle');
    const beforeClick = await sessions();

    await demo.connectButton.click();
    await demo.expectState('connected', { timeout: 20_000 });
    await expect(preparation).toHaveAttribute('data-state', 'adopted');
    // the session runs on the connection made before the click: no new server session
    expect(await sessions()).toEqual(beforeClick);
    await demo.say('are you there?');
    await demo.waitForEntry('assistant', 'You said: "are you there?".');

    // after Disconnect the next session is prepared again
    await demo.disconnect();
    await expect(preparation).toHaveAttribute('data-state', 'ready');
  });
}
