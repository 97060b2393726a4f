// Real MCP client libraries through a running Spring Authorization Server with the mcp-oauth bridge
// (examples/spring-authorization-server): DCR at /register, authorization code + PKCE S256 through
// /oauth2/authorize (signing in as the demo user with a cookie jar), /oauth2/token, refresh.
//
// Run against a started example:
//   SPRING_AS_URL=http://127.0.0.1:9000 SPRING_AS_STATE=/tmp/flows.json node --test spring/flows.js
// SPRING_AS_PHASE=first (default) registers and authorizes, and saves clients and refresh tokens in
// SPRING_AS_STATE; after a restart, SPRING_AS_PHASE=after-restart uses them again.
// (examples/spring-authorization-server's ExampleFlowsIT does all of this for `mvn verify`.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import * as oidc from 'openid-client';

const asUrl = process.env.SPRING_AS_URL;
const stateFile = process.env.SPRING_AS_STATE;
const phase = process.env.SPRING_AS_PHASE ?? 'first';
if (!asUrl || !stateFile) {
  throw new Error('set SPRING_AS_URL (a running examples/spring-authorization-server) and SPRING_AS_STATE (a file)');
}
const issuer = new URL(asUrl);
const user = { username: process.env.SPRING_AS_USER ?? 'demo', password: process.env.SPRING_AS_PASSWORD ?? 'demo-password' };
const oidcOptions = { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] };
const randomPort = () => 20000 + Math.floor(Math.random() * 40000);
const loopback = (host = '127.0.0.1', port = randomPort()) => `http://${host}:${port}/callback`;
const saved = phase === 'first' ? {} : JSON.parse(readFileSync(stateFile, 'utf8'));
const save = (key, value) => {
  const current = (() => { try { return JSON.parse(readFileSync(stateFile, 'utf8')); } catch { return {}; } })();
  writeFileSync(stateFile, JSON.stringify({ ...current, [key]: value }, null, 2));
};

/** The claims of a JWT, unverified: the tests only check who it was issued to. */
function claims(jwt) {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'the access token is a JWT');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/**
 * A browser with a cookie jar: follows the authorization request through the login form (and the
 * consent page, approving every scope) until the server redirects to the client. Returns that
 * redirect (the client's callback URL with code and state), or the response that ended the walk.
 */
async function browse(authorizationUrl) {
  const jar = new Map();
  const send = async (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('accept', 'text/html');
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  };
  const form = (url, fields) => send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
  });
  let url = new URL(authorizationUrl);
  let res = await send(url);
  for (let hop = 0; hop < 12; hop++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location'), url);
      if (next.origin !== issuer.origin) {
        return { callback: next };
      }
      url = next;
      res = await send(url);
      continue;
    }
    if (res.status !== 200) {
      return { response: res, body: await res.text() };
    }
    const html = await res.text();
    if (url.pathname === '/login') {
      const csrf = html.match(/name="_csrf"[^>]*value="([^"]+)"/) ?? html.match(/value="([^"]+)"[^>]*name="_csrf"/);
      assert.ok(csrf, 'the login form has a CSRF token');
      url = new URL('/login', issuer);
      res = await form(url, new URLSearchParams({ ...user, _csrf: csrf[1] }));
      continue;
    }
    if (/name="scope"/.test(html)) {
      const fields = new URLSearchParams();
      fields.set('client_id', html.match(/name="client_id"[^>]*value="([^"]+)"/)[1]);
      fields.set('state', html.match(/name="state"[^>]*value="([^"]+)"/)[1]);
      for (const [, scope] of html.matchAll(/name="scope"[^>]*value="([^"]+)"/g)) {
        fields.append('scope', scope);
      }
      url = new URL('/oauth2/authorize', issuer);
      res = await form(url, fields);
      continue;
    }
    return { response: res, body: html };
  }
  throw new Error(`too many redirects from ${authorizationUrl}`);
}

/** A protected MCP resource in front of the authorization server: only its RFC 9728 metadata. */
async function startResource(port = 0) {
  const server = createServer((req, res) => {
    if (req.url.startsWith('/.well-known/oauth-protected-resource')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ resource: `http://127.0.0.1:${server.address().port}/mcp`, authorization_servers: [asUrl] }));
    } else {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: new URL(`http://127.0.0.1:${server.address().port}/mcp`) };
}

/** The MCP TypeScript SDK's OAuthClientProvider, kept in memory (and in the state file between runs). */
class Provider {
  constructor(redirectUrl, stored = {}) {
    this.redirect = redirectUrl;
    this.client = stored.client;
    this.stored = stored.tokens;
  }
  get redirectUrl() { return this.redirect; }
  get clientMetadata() {
    return {
      client_name: `mcp sdk via spring ${randomUUID()}`,
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() { this.lastState = randomUUID(); return this.lastState; }
  clientInformation() { return this.client; }
  saveClientInformation(client) { this.client = client; }
  tokens() { return this.stored; }
  saveTokens(tokens) { this.stored = tokens; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
}

/** Runs the SDK's auth() through a full authorization (REDIRECT, browser, code exchange). */
async function sdkAuthorize(provider, resource) {
  assert.equal(await auth(provider, { serverUrl: resource }), 'REDIRECT');
  assert.equal(provider.authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
  const { callback, response, body } = await browse(provider.authorizationUrl);
  assert.ok(callback, `no redirect to the client: ${response?.status} ${body}`);
  assert.equal(callback.searchParams.get('state'), provider.lastState);
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in ${callback}`);
  assert.equal(await auth(provider, { serverUrl: resource, authorizationCode: code }), 'AUTHORIZED');
  return provider.tokens();
}

async function tokenRequest(fields) {
  const res = await fetch(new URL('/oauth2/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

let resource;
before(async () => {
  // the same resource URI across the restart: tokens name it as audience (RFC 8707), and a refresh token
  // is good only for the resource it was issued for
  resource = await startResource(saved.resourcePort ?? 0);
  if (phase === 'first') save('resourcePort', resource.server.address().port);
});
after(() => resource.server.close());

if (phase === 'first') {
  describe("Spring's RFC 8414 metadata", () => {
    test('names our registration endpoint, public clients, PKCE S256 and Client ID Metadata Documents', async () => {
      const res = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
      assert.equal(res.status, 200);
      const metadata = await res.json();
      assert.equal(metadata.registration_endpoint, new URL('/register', issuer).href);
      assert.ok(metadata.token_endpoint_auth_methods_supported.includes('none'));
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.equal(metadata.client_id_metadata_document_supported, true);
    });
  });

  describe('MCP TypeScript SDK auth(): public client, DCR, no scope', () => {
    test('registers, signs in, gets a JWT access token and a refresh token, refreshes it (rotated)', async () => {
      const provider = new Provider(loopback());
      const tokens = await sdkAuthorize(provider, resource.url);
      assert.equal(provider.client.token_endpoint_auth_method, 'none');
      assert.equal(provider.client.client_secret, undefined);
      assert.equal(claims(tokens.access_token).sub, user.username);
      assert.ok(tokens.refresh_token, 'a public client gets a refresh token');

      assert.equal(await auth(provider, { serverUrl: resource.url }), 'AUTHORIZED', 'refresh');
      const refreshed = provider.tokens();
      assert.notEqual(refreshed.access_token, tokens.access_token);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'the refresh token is rotated');

      const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token,
        client_id: provider.client.client_id });
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error, 'invalid_grant', 'a rotated refresh token is refused');
      save('sdk', { client: provider.client, tokens: refreshed, redirect: provider.redirect });
    });
  });

  describe('openid-client: confidential client, DCR, scope with consent', () => {
    test('registers with client_secret_post, signs in and consents, exchanges the code with its secret, refreshes', async () => {
      const redirect = loopback();
      const config = await oidc.dynamicClientRegistration(issuer, {
        client_name: `openid-client via spring ${randomUUID()}`,
        redirect_uris: [redirect],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'mcp:tools',
      }, undefined, oidcOptions);
      const client = config.clientMetadata();
      assert.ok(client.client_secret, 'our /register issued a secret');
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect, scope: 'mcp:tools', state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      const { callback, response, body } = await browse(url);
      assert.ok(callback, `no redirect to the client: ${response?.status} ${body}`);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      assert.equal(claims(tokens.access_token).sub, user.username);
      assert.equal(tokens.scope, 'mcp:tools');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
      assert.ok(refreshed.access_token);

      const wrongSecret = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token,
        client_id: client.client_id, client_secret: `${client.client_secret}x` });
      assert.equal(wrongSecret.status, 401);
      assert.equal(wrongSecret.body.error, 'invalid_client');
      save('oidc', { client_id: client.client_id, client_secret: client.client_secret,
        refresh_token: refreshed.refresh_token });
    });

    test('a public client registered for http://localhost:3000 completes on another port (RFC 8252 §7.3)', async () => {
      const config = await oidc.dynamicClientRegistration(issuer, {
        redirect_uris: ['http://localhost:3000/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }, undefined, oidcOptions);
      const redirect = loopback('localhost');
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect, state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      const { callback, response, body } = await browse(url);
      assert.ok(callback, `no redirect to the client: ${response?.status} ${body}`);
      assert.equal(callback.origin + callback.pathname, redirect);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      assert.ok(tokens.refresh_token);
    });
  });

  describe("Spring's standard errors, nothing issued", () => {
    const pkce = { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' };

    test('an unknown client at /oauth2/authorize gets 400, not a redirect', async () => {
      const clientId = `unknown-${randomUUID()}`;
      const url = new URL('/oauth2/authorize', issuer);
      url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: loopback(), ...pkce });
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      save('unknownClient', clientId);
    });

    test('an unknown client at /oauth2/token gets 401 invalid_client', async () => {
      const res = await tokenRequest({ grant_type: 'authorization_code', code: 'nothing', redirect_uri: loopback(),
        client_id: `unknown-${randomUUID()}`, client_secret: 'nothing' });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    });

    test('a redirect URI that was not registered gets 400 and no redirect to it', async () => {
      const config = await oidc.dynamicClientRegistration(issuer, {
        redirect_uris: ['https://app.example.com/callback'], token_endpoint_auth_method: 'none',
      }, undefined, oidcOptions);
      const clientId = config.clientMetadata().client_id;
      for (const redirect of ['https://attacker.example/callback', 'https://app.example.com/other',
        'https://app.example.com:8443/callback']) {
        const url = new URL('/oauth2/authorize', issuer);
        url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, ...pkce });
        const { callback, response } = await browse(url);
        assert.equal(callback, undefined, `redirected to ${callback}`);
        assert.equal(response.status, 400, redirect);
      }
      save('badRedirectClient', clientId);
    });
  });
}

if (phase === 'after-restart') {
  describe('after a restart (registrations and authorizations persisted)', () => {
    test("the SDK's public client refreshes with the refresh token from before the restart", async () => {
      const provider = new Provider(saved.sdk.redirect, saved.sdk);
      assert.equal(await auth(provider, { serverUrl: resource.url }), 'AUTHORIZED');
      assert.notEqual(provider.tokens().refresh_token, saved.sdk.tokens.refresh_token);
      assert.equal(claims(provider.tokens().access_token).sub, user.username);
    });

    test("the SDK's client completes a new authorization without registering again", async () => {
      const provider = new Provider(saved.sdk.redirect, { client: saved.sdk.client });
      await sdkAuthorize(provider, resource.url);
      assert.equal(provider.client.client_id, saved.sdk.client.client_id);
    });

    test("openid-client's confidential client refreshes with its secret", async () => {
      const config = await oidc.discovery(issuer, saved.oidc.client_id, saved.oidc.client_secret,
        oidc.ClientSecretPost(saved.oidc.client_secret), oidcOptions);
      const refreshed = await oidc.refreshTokenGrant(config, saved.oidc.refresh_token);
      assert.equal(claims(refreshed.access_token).sub, user.username);
    });
  });
}
