// Run by EndToEndTest after it restarted the authorization server (SIGTERM, then a new process on the
// same store): the client registered before the restart authorizes again without registering again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { authorizeInBrowser, codeFrom } from './lib/browser.js';
import { InMemoryOAuthProvider } from './lib/provider.js';
import { recordingFetch, summary } from './lib/recording-fetch.js';
import { mcpUrl, credentials, stateFile } from './lib/environment.js';

describe('after the authorization server restarted', () => {
  test('the client registered before authorizes again with the same client_id, no new registration, and calls add', async () => {
    assert.ok(stateFile, 'E2E_STATE_FILE is not set: this test continues sdk-client.test.js');
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    assert.ok(saved.clientInformation?.client_id, `no client saved in ${stateFile}`);
    const provider = new InMemoryOAuthProvider({ redirectUrl: saved.redirectUrl, clientMetadata: saved.clientMetadata,
      clientInformation: saved.clientInformation });
    const log = [];

    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recordingFetch(log) });
    await assert.rejects(new Client({ name: 'end-to-end', version: '1.0.0' }).connect(transport), UnauthorizedError);
    assert.ok(!summary(log).some((step) => step.startsWith('POST /register')), `registered again: ${summary(log)}`);
    const authorizationUrl = provider.authorizationUrls[0];
    assert.equal(authorizationUrl.searchParams.get('client_id'), saved.clientInformation.client_id);

    const location = await authorizeInBrowser(authorizationUrl, credentials);
    await transport.finishAuth(codeFrom(location, provider.lastState));

    const client = new Client({ name: 'end-to-end', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
    try {
      const result = await client.callTool({ name: 'add', arguments: { a: 40, b: 2 } });
      assert.deepEqual(result.content, [{ type: 'text', text: '42' }]);
    } finally {
      await client.close();
    }
  });
});
