// What the Spring example's node tests (flows.js, cimd-flows.js) share: a scripted browser that signs in
// as the demo user, a stand-in protected MCP resource whose RFC 9728 metadata names the authorization
// server, and the MCP TypeScript SDK's OAuthClientProvider with a full auth() run.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';

/** The claims of a JWT, unverified: the tests only check who it was issued to. */
export function claims(jwt) {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'the access token is a JWT');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/**
 * A browser with a cookie jar: follows the authorization request at `issuer` through the login form
 * (signing in as `user`) and the consent page (approving every scope) until the server redirects
 * away from the issuer's origin. Returns that redirect (the client's callback URL with code and
 * state), or the response that ended the walk and its body.
 */
export async function browse(authorizationUrl, issuer, user) {
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

/**
 * A protected MCP resource in front of the authorization server `asUrl`: only its RFC 9728 metadata,
 * with `scopes_supported` when `scopes` is given (the SDK then asks the authorization server for them).
 */
export async function startResource(asUrl, port = 0, scopes = undefined) {
  const server = createServer((req, res) => {
    if (req.url.startsWith('/.well-known/oauth-protected-resource')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ resource: `http://127.0.0.1:${server.address().port}/mcp`, authorization_servers: [asUrl],
        ...(scopes ? { scopes_supported: scopes } : {}) }));
    } else {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: new URL(`http://127.0.0.1:${server.address().port}/mcp`) };
}

/**
 * The MCP TypeScript SDK's OAuthClientProvider, kept in memory (and in a state file between runs by
 * the caller). With `clientMetadataUrl` it offers a Client ID Metadata Document URL, which the SDK
 * uses as client_id when the authorization server advertises client_id_metadata_document_supported.
 */
export class Provider {
  constructor(redirectUrl, stored = {}, clientMetadataUrl = undefined) {
    this.redirect = redirectUrl;
    this.client = stored.client;
    this.stored = stored.tokens;
    this.metadataUrl = clientMetadataUrl;
    this.savedClients = [];
  }
  get redirectUrl() { return this.redirect; }
  get clientMetadataUrl() { return this.metadataUrl; }
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
  saveClientInformation(client) { this.client = client; this.savedClients.push(client); }
  tokens() { return this.stored; }
  saveTokens(tokens) { this.stored = tokens; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
}

/**
 * Runs the SDK's auth() through a full authorization: REDIRECT, the scripted browser signed in as
 * `user` at `issuer`, then the code exchange. `fetchFn` (optional) is the fetch the SDK uses.
 * Returns the tokens; `provider.callback` is the redirect that carried the code.
 */
export async function sdkAuthorize(provider, resource, { issuer, user, fetchFn }) {
  assert.equal(await auth(provider, { serverUrl: resource, fetchFn }), 'REDIRECT');
  assert.equal(provider.authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
  const { callback, response, body } = await browse(provider.authorizationUrl, issuer, user);
  assert.ok(callback, `no redirect to the client: ${response?.status} ${body}`);
  assert.equal(callback.searchParams.get('state'), provider.lastState);
  provider.callback = callback;
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in ${callback}`);
  assert.equal(await auth(provider, { serverUrl: resource, authorizationCode: code, fetchFn }), 'AUTHORIZED');
  return provider.tokens();
}

/**
 * A client's HTTPS origin on loopback, serving Client ID Metadata Documents with the certificate in
 * the PKCS#12 file `pfx` (the test kit's, for `host` and its subdomains; the authorization server
 * trusts it through an SSL bundle and maps `host` to 127.0.0.1). `publish(path, make)` serves
 * `make(url)` at `path` and returns the URL; `url(path)` is the URL of a path, served or not;
 * `requests` records what was asked for.
 */
export async function startMetadataOrigin({ pfx, passphrase, host }) {
  const documents = new Map();
  const requests = [];
  const server = createHttpsServer({ pfx: readFileSync(pfx), passphrase }, (req, res) => {
    requests.push({ method: req.method, path: req.url, accept: req.headers.accept });
    const document = documents.get(req.url);
    if (req.method !== 'GET' || document === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(document));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `https://${host}:${server.address().port}`;
  return {
    server,
    requests,
    url: (path) => `${base}${path}`,
    publish(path, make) {
      const url = `${base}${path}`;
      documents.set(path, make(url));
      return url;
    },
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}
