// The MCP TypeScript SDK's Client with Client ID Metadata Documents: the OAuthClientProvider offers the
// URL of a document its own HTTPS origin serves (clientMetadataUrl). connect ⇒ 401 ⇒ protected-resource
// metadata ⇒ authorization server metadata (which advertises CIMD) ⇒ no registration: the URL is the
// client_id ⇒ the authorization server fetches the document ⇒ login as demo ⇒ finishAuth(code) ⇒
// connect ⇒ tools/list ⇒ tools/call.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { authorizeInBrowser, codeFrom } from './lib/browser.js';
import { InMemoryOAuthProvider } from './lib/provider.js';
import { recordingFetch, summary } from './lib/recording-fetch.js';
import { startMetadataOrigin } from './lib/metadata-origin.js';
import { mcpUrl, authorizationServerUrl, credentials, loopbackRedirect, claimsOf } from './lib/environment.js';

describe('MCP TypeScript SDK Client with a Client ID Metadata Document', () => {
  const log = [];
  const redirectUrl = loopbackRedirect();
  let origin;
  let documentUrl;
  let provider;
  let authorizationUrl;
  let tokens;

  before(async () => {
    origin = await startMetadataOrigin();
    documentUrl = origin.publish(`/mcp/clients/${randomUUID()}.json`, (url) => ({
      client_id: url,
      client_name: 'end-to-end SDK client (CIMD)',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      // no scope, as Claude's and Claude Code's published documents: the SDK still asks for mcp:tools (this
      // MCP server's scopes_supported), which the example grants through its default-scopes
    }));
    provider = new InMemoryOAuthProvider({
      redirectUrl,
      clientMetadataUrl: documentUrl,
      // what the SDK would register with DCR; it must not be used here
      clientMetadata: { client_name: 'not registered', redirect_uris: [redirectUrl], token_endpoint_auth_method: 'none' },
    });

    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recordingFetch(log) });
    await assert.rejects(new Client({ name: 'end-to-end', version: '1.0.0' }).connect(transport), UnauthorizedError);
    assert.equal(provider.authorizationUrls.length, 1, 'the SDK should have sent the user to authorize once');
    authorizationUrl = provider.authorizationUrls[0];

    const location = await authorizeInBrowser(authorizationUrl, credentials);
    await transport.finishAuth(codeFrom(location, provider.lastState));
    tokens = provider.tokens();
  });

  after(async () => {
    await origin?.close();
    if (process.env.E2E_CIMD_EXCHANGE_LOG) {
      // the requests the SDK made, and those the origin saw: docs/mcp-server-example.md shows such an exchange
      await writeFile(process.env.E2E_CIMD_EXCHANGE_LOG, JSON.stringify({ client: log, origin: origin?.requests }, null, 2));
    }
  });

  test('401, the metadata of both servers, and no registration: the document URL is the client_id', () => {
    const steps = summary(log);
    assert.equal(steps[0], `POST ${mcpUrl.pathname} 401`);
    const metadataUrl = log[0].responseHeaders['www-authenticate'].match(/resource_metadata="([^"]+)"/)[1];
    assert.equal(log[1].url, metadataUrl);
    assert.equal(log[1].status, 200);
    assert.ok(steps.some((step) => /^GET \/\.well-known\/(oauth-authorization-server|openid-configuration)\S* 200$/.test(step)),
      `no authorization server metadata in ${steps}`);
    assert.ok(!steps.some((step) => step.includes('/register')), `the SDK registered: ${steps}`);
    assert.equal(provider.clientInformation().client_id, documentUrl);
    for (const entry of log) {
      assert.ok(entry.url.startsWith(mcpUrl.origin) || entry.url.startsWith(authorizationServerUrl.origin), entry.url);
    }
  });

  test('the authorization request names the document URL, this MCP server as resource, the scope and PKCE S256', () => {
    assert.equal(authorizationUrl.origin, authorizationServerUrl.origin);
    assert.equal(authorizationUrl.searchParams.get('client_id'), documentUrl);
    assert.equal(authorizationUrl.searchParams.get('resource'), mcpUrl.href);
    assert.equal(authorizationUrl.searchParams.get('scope'), 'mcp:tools');
    assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
  });

  test('the authorization server fetched the document from its origin, asking for JSON', () => {
    const fetched = origin.requests.filter((request) => request.path === new URL(documentUrl).pathname);
    assert.ok(fetched.length >= 1, `the document was never fetched: ${JSON.stringify(origin.requests)}`);
    assert.ok(fetched.every((request) => request.method === 'GET' && request.accept === 'application/json'),
      JSON.stringify(fetched));
  });

  test('the access token is a JWT for this MCP server (aud) and the demo user, with a refresh token', () => {
    assert.ok(tokens?.access_token, 'no access token');
    const claims = claimsOf(tokens.access_token);
    assert.ok([claims.aud].flat().includes(mcpUrl.href), `aud ${JSON.stringify(claims.aud)} should include ${mcpUrl.href}`);
    assert.equal(claims.sub, credentials.username);
    assert.ok(tokens.refresh_token, 'a public MCP client needs a refresh token');
  });

  test('connected with the token, the client lists the tools and add(19, 23) returns 42', async () => {
    const client = new Client({ name: 'end-to-end', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name), ['add']);
      const result = await client.callTool({ name: 'add', arguments: { a: 19, b: 23 } });
      assert.equal(result.isError ?? false, false);
      assert.deepEqual(result.content, [{ type: 'text', text: '42' }]);
    } finally {
      await client.close();
    }
  });
});
