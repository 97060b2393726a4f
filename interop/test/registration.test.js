// Real MCP client libraries registering against a running mcp-oauth server.
// Run: INTEROP_SERVER_URL=http://127.0.0.1:8080 node --test
// (mcp-oauth-server's InteropTest starts a server and runs this for `mvn verify`.)
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { discoverAuthorizationServerMetadata, registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import * as oidc from 'openid-client';

const serverUrl = process.env.INTEROP_SERVER_URL;
if (!serverUrl) {
  throw new Error('INTEROP_SERVER_URL is not set: start the server (java -jar mcp-oauth-server/target/mcp-oauth-server.jar)'
    + ' and run INTEROP_SERVER_URL=http://127.0.0.1:8080 node --test');
}
const issuer = new URL(serverUrl);
const loopbackRedirect = () => `http://127.0.0.1:${20000 + Math.floor(Math.random() * 40000)}/oauth/callback`;

function assertNonEmptyString(value, what) {
  assert.equal(typeof value, 'string', `${what} should be a string`);
  assert.ok(value.length > 0, `${what} should not be empty`);
}

describe('MCP TypeScript SDK (@modelcontextprotocol/sdk)', () => {
  let metadata;

  before(async () => {
    metadata = await discoverAuthorizationServerMetadata(issuer);
  });

  test('discovers RFC 8414 metadata with a registration endpoint and PKCE S256', () => {
    assert.ok(metadata, 'no metadata discovered');
    assert.equal(new URL(metadata.issuer).href, issuer.href);
    assert.equal(new URL(metadata.registration_endpoint).origin, issuer.origin);
    assert.ok(metadata.code_challenge_methods_supported.includes('S256'));
    assert.ok(metadata.token_endpoint_auth_methods_supported.includes('none'));
  });

  test('registers a public client (token_endpoint_auth_method none)', async () => {
    const redirect = loopbackRedirect();
    const clientMetadata = {
      client_name: `interop sdk public ${randomUUID()}`,
      redirect_uris: [redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };

    const registered = await registerClient(issuer, { metadata, clientMetadata });

    assertNonEmptyString(registered.client_id, 'client_id');
    assert.equal(registered.client_secret, undefined);
    assert.equal(registered.token_endpoint_auth_method, 'none');
    assert.deepEqual(registered.redirect_uris, [redirect]);
    assert.equal(registered.client_name, clientMetadata.client_name);
    assert.equal(typeof registered.client_id_issued_at, 'number');
  });

  test('registers a confidential client (client_secret_post) and gets a secret', async () => {
    const clientMetadata = {
      client_name: `interop sdk confidential ${randomUUID()}`,
      redirect_uris: [loopbackRedirect()],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    };

    const registered = await registerClient(issuer, { metadata, clientMetadata, scope: 'mcp:tools' });

    assertNonEmptyString(registered.client_id, 'client_id');
    assertNonEmptyString(registered.client_secret, 'client_secret');
    assert.equal(registered.client_secret_expires_at, 0);
    assert.equal(registered.token_endpoint_auth_method, 'client_secret_post');
    assert.equal(registered.scope, 'mcp:tools');
  });

  test('two registrations get different client ids', async () => {
    const clientMetadata = { redirect_uris: [loopbackRedirect()], token_endpoint_auth_method: 'none' };
    const first = await registerClient(issuer, { metadata, clientMetadata });
    const second = await registerClient(issuer, { metadata, clientMetadata });
    assert.notEqual(first.client_id, second.client_id);
  });
});

describe('openid-client dynamicClientRegistration (algorithm oauth2)', () => {
  const options = { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] };

  test('registers a public client (token_endpoint_auth_method none)', async () => {
    const redirect = loopbackRedirect();
    const config = await oidc.dynamicClientRegistration(issuer, {
      client_name: `interop openid-client public ${randomUUID()}`,
      redirect_uris: [redirect],
      token_endpoint_auth_method: 'none',
    }, undefined, options);

    const registered = config.clientMetadata();
    assertNonEmptyString(registered.client_id, 'client_id');
    assert.equal(registered.client_secret, undefined);
    assert.equal(registered.token_endpoint_auth_method, 'none');
    assert.deepEqual(registered.redirect_uris, [redirect]);
    assert.equal(new URL(config.serverMetadata().issuer).href, issuer.href);
  });

  test('registers a confidential client (client_secret_basic) and reads it back per RFC 7592', async () => {
    const config = await oidc.dynamicClientRegistration(issuer, {
      client_name: `interop openid-client confidential ${randomUUID()}`,
      redirect_uris: ['https://app.example.com/oauth/callback'],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
    }, undefined, options);

    const registered = config.clientMetadata();
    assertNonEmptyString(registered.client_id, 'client_id');
    assertNonEmptyString(registered.client_secret, 'client_secret');
    assert.equal(registered.client_secret_expires_at, 0);
    assert.equal(registered.token_endpoint_auth_method, 'client_secret_basic');
    assertNonEmptyString(registered.registration_access_token, 'registration_access_token');

    const read = await fetch(registered.registration_client_uri, {
      headers: { Authorization: `Bearer ${registered.registration_access_token}` },
    });
    assert.equal(read.status, 200);
    const body = await read.json();
    assert.equal(body.client_id, registered.client_id);
    assert.equal(body.client_name, registered.client_name);
    assert.equal(body.client_secret, undefined, 'the plain secret is never returned again');
  });
});

describe('openid-client against a gated server (initial access token)', () => {
  const gatedUrl = process.env.INTEROP_GATED_SERVER_URL;
  const token = process.env.INTEROP_INITIAL_ACCESS_TOKEN;
  const skip = gatedUrl && token ? false : 'set INTEROP_GATED_SERVER_URL and INTEROP_INITIAL_ACCESS_TOKEN to run';
  const options = { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] };
  const metadata = () => ({
    client_name: `interop openid-client gated ${randomUUID()}`,
    redirect_uris: [loopbackRedirect()],
    token_endpoint_auth_method: 'none',
  });

  test('registers with the initial access token', { skip }, async () => {
    const config = await oidc.dynamicClientRegistration(new URL(gatedUrl), metadata(), undefined,
      { ...options, initialAccessToken: token });
    assertNonEmptyString(config.clientMetadata().client_id, 'client_id');
  });

  test('is refused without it', { skip }, async () => {
    await assert.rejects(oidc.dynamicClientRegistration(new URL(gatedUrl), metadata(), undefined, options),
      (err) => {
        assert.equal(err.status ?? err.cause?.status, 401, `expected a 401, got ${err}`);
        return true;
      });
  });
});
