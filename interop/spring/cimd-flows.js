// Client ID Metadata Documents through a running Spring Authorization Server with the mcp-oauth bridge
// (examples/spring-authorization-server): the client's document is served by a local HTTPS origin with
// the test kit's certificate for client.example, the MCP TypeScript SDK's auth() presents its URL as
// client_id (no DCR), and the code flow + PKCE S256, the token and the refresh work as for a registered
// client. The example must trust the origin's certificate (an SSL bundle), map client.example to
// 127.0.0.1 (-Djdk.net.hosts.file) and allow loopback origins (development only).
// examples/spring-authorization-server's ExampleCimdFlowsIT sets all of that up for `mvn verify`; by hand:
//   SPRING_AS_URL=http://127.0.0.1:9000 SPRING_AS_STATE=/tmp/cimd.json CIMD_ORIGIN_PFX=origin.p12 \
//   CIMD_ORIGIN_PASSPHRASE=changeit CIMD_FIXTURES=cimd-documents.json node --test spring/cimd-flows.js
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Provider, browse, claims, sdkAuthorize, startMetadataOrigin, startResource } from './support.js';

const required = (name) => {
  if (!process.env[name]) throw new Error(`set ${name} (see the comment at the top of spring/cimd-flows.js)`);
  return process.env[name];
};
const asUrl = required('SPRING_AS_URL');
const stateFile = required('SPRING_AS_STATE');
const issuer = new URL(asUrl);
const user = { username: process.env.SPRING_AS_USER ?? 'demo', password: process.env.SPRING_AS_PASSWORD ?? 'demo-password' };
const randomPort = () => 20000 + Math.floor(Math.random() * 40000);
const pkce = { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' };
const state = { authorized: [], consented: [], refused: [] };
const save = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));

/** A fetch for the SDK that records every request it makes. */
function recordingFetch(log) {
  return async (input, init) => {
    const request = new Request(input, init);
    log.push({ method: request.method, url: new URL(request.url) });
    return fetch(request);
  };
}

/** A document for a public client with these redirect URIs, as an MCP client publishes it: no scope, as Claude's. */
const document = (redirectUris, name = 'MCP TypeScript SDK via CIMD') => (url) => ({
  client_id: url,
  client_name: name,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
});

let origin;
let resource;
// an MCP server requiring mcp:tools: the SDK asks for its scopes_supported, which a document without scope gets
// from the example's mcp.oauth.authorization-server.default-scopes
let scopedResource;
before(async () => {
  origin = await startMetadataOrigin({ pfx: required('CIMD_ORIGIN_PFX'), passphrase: required('CIMD_ORIGIN_PASSPHRASE'),
    host: process.env.CIMD_ORIGIN_HOST ?? 'client.example' });
  resource = await startResource(asUrl);
  scopedResource = await startResource(asUrl, 0, ['mcp:tools']);
});
after(async () => {
  save();
  resource.server.close();
  scopedResource.server.close();
  await origin.close();
});

/** Checks an authorization with the SDK's provider went through the document and not through /register. */
function assertNoRegistration(provider, url, log) {
  assert.deepEqual(provider.savedClients.map((client) => client.client_id), [url],
    'the SDK saved the document URL as its client_id');
  assert.equal(provider.authorizationUrl.searchParams.get('client_id'), url);
  const registrations = log.filter((r) => r.url.pathname === '/register');
  assert.deepEqual(registrations, [], 'the SDK did not register (DCR)');
  const fetched = origin.requests.filter((r) => r.path === new URL(url).pathname);
  assert.ok(fetched.length >= 1, `the authorization server fetched ${url}`);
  assert.ok(fetched.every((r) => r.method === 'GET' && r.accept === 'application/json'), JSON.stringify(fetched));
}

/** Refreshes through the SDK and checks the tokens changed (refresh tokens rotate for public clients). */
async function assertRefreshes(provider, tokens, fetchFn, server = resource) {
  assert.equal(await auth(provider, { serverUrl: server.url, fetchFn }), 'AUTHORIZED', 'refresh');
  const refreshed = provider.tokens();
  assert.notEqual(refreshed.access_token, tokens.access_token);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'the refresh token is rotated');
  assert.equal(claims(refreshed.access_token).sub, user.username);
}

describe("the MCP TypeScript SDK's auth() with clientMetadataUrl", () => {
  test('the metadata advertises Client ID Metadata Documents and public clients', async () => {
    const res = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
    const metadata = await res.json();
    assert.equal(metadata.client_id_metadata_document_supported, true);
    assert.ok(metadata.token_endpoint_auth_methods_supported.includes('none'));
  });

  test('a document naming a loopback redirect on a random port: code + PKCE S256, token, refresh; no DCR', async () => {
    const redirect = `http://127.0.0.1:${randomPort()}/callback`;
    const url = origin.publish(`/mcp/clients/${randomUUID()}.json`, document([redirect]));
    const provider = new Provider(redirect, {}, url);
    const log = [];
    const fetchFn = recordingFetch(log);

    const tokens = await sdkAuthorize(provider, resource.url, { issuer, user, fetchFn });
    assertNoRegistration(provider, url, log);
    assert.equal(provider.callback.origin + provider.callback.pathname, redirect);
    assert.equal(claims(tokens.access_token).sub, user.username);
    assert.ok(tokens.refresh_token, 'a public client gets a refresh token');
    await assertRefreshes(provider, tokens, fetchFn);
    state.authorized.push(url);
  });

  test("Claude Code's real document (port-less http://localhost/callback, no scope) completes with a redirect on a port,"
    + " asking for the MCP server's scope", async () => {
    const fixture = JSON.parse(readFileSync(required('CIMD_FIXTURES'), 'utf8')).documents
      .find((entry) => entry.id === 'claude-code');
    assert.ok(fixture, 'the claude-code entry of the kit\'s cimd-documents.json');
    assert.deepEqual(fixture.document.redirect_uris, ['http://localhost/callback', 'http://127.0.0.1/callback']);
    // Claude Code's document exactly as it publishes it, except client_id: a document's client_id must
    // equal the URL it is served from, and it is served here, not from claude.ai
    const url = origin.publish(new URL(fixture.url).pathname, (served) => ({ ...fixture.document, client_id: served }));
    const redirect = `http://localhost:${randomPort()}/callback`;
    const provider = new Provider(redirect, {}, url);
    const log = [];
    const fetchFn = recordingFetch(log);

    assert.equal(fixture.document.scope, undefined, 'Claude Code\'s document names no scope');
    const tokens = await sdkAuthorize(provider, scopedResource.url, { issuer, user, fetchFn });
    assertNoRegistration(provider, url, log);
    assert.equal(provider.authorizationUrl.searchParams.get('redirect_uri'), redirect);
    assert.equal(provider.authorizationUrl.searchParams.get('scope'), 'mcp:tools');
    assert.equal(provider.callback.origin + provider.callback.pathname, redirect);
    assert.equal(claims(tokens.access_token).sub, user.username);
    assert.deepEqual(claims(tokens.access_token).scope, ['mcp:tools'], 'the default scope, approved on the consent page');
    await assertRefreshes(provider, tokens, fetchFn, scopedResource);
    state.authorized.push(url);
    state.consented.push(url);
  });

  test('a document URL of 300 characters (wider than Spring\'s varchar(100) client id) completes with a scope', async () => {
    const redirect = `http://127.0.0.1:${randomPort()}/callback`;
    const prefix = `/mcp/clients/${randomUUID()}/`;
    const path = prefix + 'c'.repeat(300 - origin.url(prefix).length - '.json'.length) + '.json';
    const url = origin.publish(path, document([redirect]));
    assert.equal(url.length, 300);
    const provider = new Provider(redirect, {}, url);
    const log = [];
    const fetchFn = recordingFetch(log);

    const tokens = await sdkAuthorize(provider, scopedResource.url, { issuer, user, fetchFn });
    assertNoRegistration(provider, url, log);
    assert.deepEqual(claims(tokens.access_token).scope, ['mcp:tools']);
    await assertRefreshes(provider, tokens, fetchFn, scopedResource);
    state.authorized.push(url);
    state.consented.push(url);
  });
});

describe("Spring's standard errors for documents, no redirect, nothing stored", () => {
  /** An authorization request for `clientId`, walked by the scripted browser: it must end in 400 at the AS. */
  async function assertRefused(clientId, redirectUri) {
    const url = new URL('/oauth2/authorize', issuer);
    url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
      state: randomUUID(), ...pkce });
    const { callback, response } = await browse(url, issuer, user);
    assert.equal(callback, undefined, `redirected to ${callback}`);
    assert.equal(response.status, 400, `${clientId} with ${redirectUri}`);
    assert.equal(response.headers.get('location'), null);
  }

  test('a document whose client_id is not its URL is invalid: 400 at /oauth2/authorize, 401 invalid_client at /oauth2/token', async () => {
    const redirect = `http://127.0.0.1:${randomPort()}/callback`;
    const url = origin.publish(`/mcp/clients/${randomUUID()}.json`,
      (served) => ({ ...document([redirect])(served), client_id: 'https://claude.ai/oauth/claude-code-client-metadata' }));
    await assertRefused(url, redirect);
    assert.ok(origin.requests.some((r) => r.path === new URL(url).pathname), 'the document was fetched');

    const token = await fetch(new URL('/oauth2/token', issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nothing', redirect_uri: redirect,
        client_id: url, code_verifier: 'x'.repeat(43) }),
    });
    assert.equal(token.status, 401, 'the token endpoint');
    assert.equal((await token.json()).error, 'invalid_client');
    state.refused.push(url);
  });

  test('a document that is not there (404) is refused the same way', async () => {
    const url = origin.url(`/mcp/clients/${randomUUID()}.json`);
    await assertRefused(url, `http://127.0.0.1:${randomPort()}/callback`);
    assert.ok(origin.requests.some((r) => r.path === new URL(url).pathname), 'the document was asked for');
    state.refused.push(url);
  });

  test('a redirect URI the document does not list: 400, never a redirect to it', async () => {
    const port = randomPort();
    const url = origin.publish(`/mcp/clients/${randomUUID()}.json`, document([`http://127.0.0.1:${port}/callback`]));
    for (const redirect of ['https://attacker.example/callback', `http://127.0.0.1:${port}/other`,
      `http://127.0.0.1.attacker.example:${port}/callback`]) {
      await assertRefused(url, redirect);
    }
    state.refused.push(url);
  });
});
