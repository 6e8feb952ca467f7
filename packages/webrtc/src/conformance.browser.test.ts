import { describeTransportConformance } from '../test/transport-conformance.js';
import { baseUrl, mintSecret } from '../test/helpers.js';
import { webrtcTransport } from './index.js';

describeTransportConformance({
  name: 'webrtc',
  create: async () => ({
    transport: webrtcTransport({ clientSecret: () => mintSecret() }),
    runnerOptions: { baseUrl: baseUrl() },
  }),
});
