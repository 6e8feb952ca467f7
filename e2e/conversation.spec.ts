// Typed turns over both transports (push-to-talk, so the fake microphone stays out of them):
// connect, a text turn, tools (one needing approval), the handoff to the Spanish agent, the output
// guardrail, and disconnect / connect again. Each scenario is declared per transport, scenario by
// scenario, so that the two workers get a mix of WebRTC and WebSocket tests.
import { expect, TRANSPORTS, test } from './fixtures.js';

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('connects and answers a text turn', async ({ demo, voice }) => {
      await expect(demo.status).toContainText('Connected');
      await expect(demo.statusMessage).toContainText(
        `${transport === 'webrtc' ? 'WebRTC' : 'WebSocket'} · local emulator`,
      );
      await expect(demo.connectButton).toHaveText('Disconnect');
      await expect(demo.transport).toBeDisabled();
      await expect(demo.interruptButton).toBeEnabled();

      const user = await demo.say('Hello from the e2e suite');
      await expect(user).toHaveText(/Hello from the e2e suite$/);
      const answer = await demo.waitForEntry('assistant', 'You said: "Hello from the e2e suite".');
      await expect(answer).toHaveText(/You said: "Hello from the e2e suite"\.$/);
      await expect(demo.entries()).toHaveCount(2);
      await expect(demo.entries().nth(0)).toHaveAttribute('data-role', 'user');
      await expect(demo.entries().nth(1)).toHaveAttribute('data-role', 'assistant');
      await expect(demo.logRows('agent_end')).toHaveCount(1);
      // the answer was spoken, not only written: the page played it, and its meter showed it
      await voice.waitForAgentAudio({ minDbfs: -40 });
      await demo.waitForLevel('speaker-level', -40);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('times the spoken answer in the latency readout', async ({ demo }) => {
      await demo.say('How fast are you?');
      await demo.waitForEntry('assistant', 'You said: "How fast are you?".');
      await expect(demo.logRows('metrics')).toHaveCount(1);
      await expect(demo.byTestId('latency-response-p50')).toHaveText(/p50 \d+ ms/);
      // a typed turn has no end of speech to measure from
      await expect(demo.byTestId('latency-speech-p50')).toHaveText('p50 –');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('runs get_weather and shows its arguments and result', async ({ demo }) => {
      await demo.say("What's the weather in Paris?");
      const card = demo.toolCard('get_weather');
      await expect(card).toHaveAttribute('data-status', 'done');
      await expect(card.getByTestId('tool-name')).toHaveText('get_weather');
      await expect(card.getByTestId('tool-status')).toHaveText('done');
      expect(await demo.json(card.getByTestId('tool-args'))).toEqual({ city: 'Paris' });
      await expect(card.getByTestId('tool-result')).toContainText(
        'Sunny in Paris, 22°C (72°F), light breeze',
      );
      await expect(card.getByTestId('tool-approve')).toHaveCount(0);
      await demo.waitForEntry('assistant', 'Here is what get_weather returned: Sunny in Paris, 22°C');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('book_table waits for approval; Approve runs it', async ({ demo }) => {
      await demo.say('Book a table at 8pm, for Ana');
      const card = demo.toolCard('book_table');
      await expect(card).toHaveAttribute('data-status', 'awaiting approval');
      await expect(card.getByTestId('tool-status')).toHaveText('awaiting approval');
      await expect(card.getByTestId('tool-result')).toHaveCount(0);
      const args = await demo.json<Record<string, string>>(card.getByTestId('tool-args'));
      expect(Object.keys(args).sort()).toEqual(['name', 'time']);
      // nothing runs while the card waits
      await expect(demo.logRows('tool_end')).toHaveCount(0);

      await card.getByTestId('tool-approve').click();
      await expect(card).toHaveAttribute('data-status', 'done');
      await expect(card.getByTestId('tool-approve')).toHaveCount(0);
      await expect(card.getByTestId('tool-reject')).toHaveCount(0);
      const result = await demo.json(card.getByTestId('tool-result').locator('pre'));
      expect(result).toEqual({ confirmed: true, name: args.name, time: args.time, table: 12 });
      await demo.waitForEntry('assistant', /book_table returned: \{"confirmed":true/);
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('book_table rejected: nothing is booked and the agent is told', async ({ demo }) => {
      await demo.say('Book a table at 8pm, for Ana');
      const card = demo.toolCard('book_table');
      await card.getByTestId('tool-reject').click();
      await expect(card).toHaveAttribute('data-status', 'rejected');
      await expect(card.getByTestId('tool-status')).toHaveText('rejected');
      await expect(card.getByTestId('tool-approve')).toHaveCount(0);
      await expect(card).not.toContainText('"confirmed"');
      const answer = await demo.waitForEntry('assistant', 'book_table returned:');
      await expect(answer).toContainText('The user rejected this call in the demo UI.');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('hands off to the Spanish agent', async ({ demo, voice }) => {
      await expect(demo.agentName).toHaveText('Greeter');
      await demo.say('Can we speak Spanish?');
      // the session did it (the kit's page helper) and the page shows it
      expect(await voice.waitForHandoff('Spanish')).toEqual({ from: 'Greeter', to: 'Spanish' });
      await expect(demo.agentName).toHaveText('Spanish');
      const crumb = demo.transcript.getByTestId('handoff-breadcrumb');
      await expect(crumb).toHaveCount(1);
      await expect(crumb).toContainText('handed off from Greeter to Spanish');
      await demo.waitForEntry('assistant', '¡Hola! Soy Spanish. ¿En qué puedo ayudarte?');
      // the breadcrumb sits between the request and the new agent's greeting
      const items = demo.transcript.locator(':scope > li');
      await expect(items).toHaveCount(3);
      await expect(items.nth(0)).toHaveAttribute('data-role', 'user');
      await expect(items.nth(1)).toHaveAttribute('data-kind', 'handoff');
      await expect(items.nth(2)).toHaveAttribute('data-role', 'assistant');
      // the Spanish agent carries on, with its own tools
      await demo.say("What's the weather in Madrid?");
      const call = await voice.waitForToolCall('get_weather', { city: 'Madrid' }, { done: true });
      expect(call.agent).toBe('Spanish');
      await expect(demo.toolCard('get_weather')).toHaveAttribute('data-status', 'done');
      await expect(demo.toolCard('get_weather').getByTestId('tool-result')).toContainText('Sunny in Madrid');
      await expect(demo.agentName).toHaveText('Spanish');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('the output guardrail blocks the word with a chip', async ({ demo, voice }) => {
      await demo.say('I love pineapple on pizza');
      const trip = await voice.waitForGuardrailTrip('no_pineapple');
      expect(trip.output).toContain('pineapple');
      const chips = demo.transcript.getByTestId('guardrail-chip');
      await expect(chips.first()).toHaveText('Blocked by guardrail · no_pineapple');
      const blocked = demo.entries('assistant').filter({ has: demo.page.getByTestId('guardrail-chip') });
      await expect(blocked.first()).toHaveAttribute('data-blocked', 'true');
      await expect(blocked.first()).toContainText('pineapple');
      // two corrections at most, then the session only stops the repeated answer
      await expect(chips.filter({ hasText: 'no_pineapple · stopped after 2 corrections' })).toHaveCount(1);
      // two corrective answers were asked for; the third blocked answer was only stopped
      await expect(demo.logRows('guardrail_tripped')).toHaveCount(3);
      expect(voice.events('guardrail_tripped').map((e) => e.retrying)).toEqual([true, true, false]);
      await expect(demo.status).toHaveAttribute('data-state', 'connected');
      // and the next turn is answered normally
      await demo.say('never mind');
      await demo.waitForEntry('assistant', 'You said: "never mind".');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('disconnects, then connects again to a fresh session', async ({ demo }) => {
      await demo.say('first session');
      await demo.waitForEntry('assistant', 'You said: "first session".');
      await demo.disconnect();
      await expect(demo.statusMessage).toHaveText('Disconnected. Connect again to start a new session.');
      await expect(demo.textInput).toBeDisabled();
      await expect(demo.transport).toBeEnabled();

      await demo.connect();
      await expect(demo.entries()).toHaveCount(0);
      await demo.say('second session');
      await demo.waitForEntry('assistant', 'You said: "second session".');
      await expect(demo.entries()).toHaveCount(2);
    });
  });
}
