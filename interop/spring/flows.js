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
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import * as oidc from 'openid-client';
import { Provider, browse as browseAs, claims, sdkAuthorize as sdkAuthorizeAs, startResource } from './support.js';

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

/** The scripted browser, signed in as the demo user (support.js). */
const browse = (authorizationUrl) => browseAs(authorizationUrl, issuer, user);

/** The SDK's auth() through a full authorization, signed in as the demo user (support.js). */
const sdkAuthorize = (provider, resource) => sdkAuthorizeAs(provider, resource, { issuer, user });

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
  resource = await startResource(asUrl, saved.resourcePort ?? 0);
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
