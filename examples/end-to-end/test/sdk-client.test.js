// The MCP TypeScript SDK's Client, as an MCP host uses it: connect to the MCP server URL, get a 401,
// discover the authorization server, register (DCR), authorize as the demo user, finish, connect, call.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, discoverAuthorizationServerMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { authorizeInBrowser, codeFrom } from './lib/browser.js';
import { InMemoryOAuthProvider } from './lib/provider.js';
import { recordingFetch, summary } from './lib/recording-fetch.js';
import { mcpUrl, authorizationServerUrl, credentials, stateFile, loopbackRedirect, claimsOf } from './lib/environment.js';

const registrationPath = '/register';

describe('MCP TypeScript SDK Client with DCR', () => {
  const log = [];
  const redirectUrl = loopbackRedirect();
  const provider = new InMemoryOAuthProvider({
    redirectUrl,
    clientMetadata: {
      client_name: 'end-to-end SDK client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
  });
  let authorizationUrl;
  let tokens;

  before(async () => {
    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recordingFetch(log) });
    const client = new Client({ name: 'end-to-end', version: '1.0.0' });
    await assert.rejects(client.connect(transport), UnauthorizedError);
    assert.equal(provider.authorizationUrls.length, 1, 'the SDK should have sent the user to authorize once');
    authorizationUrl = provider.authorizationUrls[0];

    const location = await authorizeInBrowser(authorizationUrl, credentials);
    await transport.finishAuth(codeFrom(location, provider.lastState));
    tokens = provider.tokens();
  });

  test('the first request gets 401 and the SDK follows the metadata to the authorization server and registers', () => {
    const steps = summary(log);
    assert.equal(steps[0], `POST ${mcpUrl.pathname} 401`);
    assert.match(log[0].responseHeaders['www-authenticate'], /^Bearer resource_metadata="[^"]+"$/);
    const metadataUrl = log[0].responseHeaders['www-authenticate'].match(/resource_metadata="([^"]+)"/)[1];
    assert.equal(log[1].url, metadataUrl, 'the SDK should fetch the metadata the challenge names');
    assert.equal(log[1].status, 200);
    assert.ok(steps.slice(2).some((step) => /^GET \/\.well-known\/(oauth-authorization-server|openid-configuration)\S* 200$/.test(step)),
      `no authorization server metadata in ${steps}`);
    assert.ok(steps.includes(`POST ${registrationPath} 201`), `no registration in ${steps}`);
    for (const entry of log.slice(1)) {
      assert.ok(entry.url.startsWith(mcpUrl.origin) || entry.url.startsWith(authorizationServerUrl.origin), entry.url);
    }
  });

  test('the authorization request asks for this MCP server as resource, the scope the metadata lists, and PKCE S256', () => {
    assert.equal(authorizationUrl.origin, authorizationServerUrl.origin);
    assert.equal(authorizationUrl.searchParams.get('resource'), mcpUrl.href);
    assert.equal(authorizationUrl.searchParams.get('scope'), 'mcp:tools');
    assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorizationUrl.searchParams.get('client_id'), provider.clientInformation().client_id);
  });

  test('the access token is a JWT for this MCP server (aud), for the demo user, with the scope', () => {
    assert.ok(tokens?.access_token, 'no access token');
    const claims = claimsOf(tokens.access_token);
    const audience = [claims.aud].flat();
    assert.ok(audience.includes(mcpUrl.href), `aud ${JSON.stringify(claims.aud)} should include ${mcpUrl.href}`);
    assert.equal(claims.sub, credentials.username);
    assert.ok(String(claims.scope ?? claims.scp).split(/[ ,]/).includes('mcp:tools') || [claims.scope].flat().includes('mcp:tools'));
    assert.ok(tokens.refresh_token, 'a public MCP client needs a refresh token');
  });

  test('connected with the token, the client lists the tools and add(2, 40) returns 42', async () => {
    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
    const client = new Client({ name: 'end-to-end', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name), ['add']);
      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      assert.equal(result.isError ?? false, false);
      assert.deepEqual(result.content, [{ type: 'text', text: '42' }]);
    } finally {
      await client.close();
    }
  });

  test('a tampered token (payload changed after signing) is refused with 401 invalid_token', async () => {
    const [header, payload, signature] = tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.sub = 'admin';
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    const response = await initialize(forged);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /error="invalid_token"/);
  });

  test('the same token, untouched, is accepted by a plain request (the refusal above is the tampering)', async () => {
    const response = await initialize(tokens.access_token);
    assert.equal(response.status, 200);
  });

  test('a token the authorization server issued for another resource (RFC 8707) is refused with 401', async () => {
    const otherResource = new URL('/mcp', `http://localhost:${mcpUrl.port === '1' ? 2 : 1}`).href;
    const token = await authorizeByHand(provider.clientInformation().client_id, redirectUrl, otherResource);
    const audience = [claimsOf(token).aud].flat();
    assert.ok(audience.includes(otherResource), `aud ${JSON.stringify(audience)} should be the other resource`);
    assert.ok(!audience.includes(mcpUrl.href));

    const response = await initialize(token);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /error="invalid_token"/);
  });

  after(async () => {
    if (process.env.E2E_EXCHANGE_LOG) {
      // the requests the SDK made, with their headers: docs/mcp-server-example.md shows one such exchange
      await writeFile(process.env.E2E_EXCHANGE_LOG, JSON.stringify(log, null, 2));
    }
    if (stateFile) {
      // what the restart test needs: the registered client, to authorize again after the AS restarted
      await writeFile(stateFile, JSON.stringify({ clientInformation: provider.clientInformation(), redirectUrl,
        clientMetadata: provider.clientMetadata, accessToken: tokens?.access_token }));
    }
  });
});

// Authorization code + PKCE by hand, for a resource of our choosing: what a client for another MCP server does.
async function authorizeByHand(clientId, redirectUri, resource) {
  const metadata = await discoverAuthorizationServerMetadata(authorizationServerUrl);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomUUID();
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    state, scope: 'mcp:tools', resource }).toString();
  const code = codeFrom(await authorizeInBrowser(url, credentials), state);
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId,
      code_verifier: verifier, resource }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

function initialize(token) {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
      protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'end-to-end raw', version: '1' } } }),
  });
}
