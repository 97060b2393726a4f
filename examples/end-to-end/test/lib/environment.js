// What the Java driver (EndToEndTest) tells the node tests, read once, with a clear error when missing.
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set. These tests are run by examples/end-to-end's EndToEndTest`
      + ' (mvn -B -pl examples/end-to-end -am verify), or by hand against scripts/demo.sh:'
      + ' E2E_MCP_URL=http://localhost:8090/mcp E2E_AS_URL=http://localhost:9000 node --test test/sdk-client.test.js');
  }
  return value;
}

export const mcpUrl = new URL(required('E2E_MCP_URL'));
export const authorizationServerUrl = new URL(required('E2E_AS_URL'));
export const credentials = {
  username: process.env.E2E_USERNAME ?? 'demo',
  password: process.env.E2E_PASSWORD ?? 'demo-password',
};
export const stateFile = process.env.E2E_STATE_FILE;

/** A loopback redirect URI on a random port, as a native MCP client registers (RFC 8252 §7.3). */
export function loopbackRedirect() {
  return `http://127.0.0.1:${20000 + Math.floor(Math.random() * 40000)}/oauth/callback`;
}

/** The claims of a JWT, unverified (the tests read what the authorization server put in the token). */
export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
