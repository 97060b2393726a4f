// A client's HTTPS origin on loopback, serving its Client ID Metadata Documents: the MCP client's side of
// CIMD. It presents the test kit's certificate for client.example (a PKCS#12 file EndToEndTest writes);
// the authorization server trusts it through an SSL bundle and maps client.example to 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the CIMD test needs the origin's PKCS#12 file (CIMD_ORIGIN_PFX,`
      + ' CIMD_ORIGIN_PASSPHRASE) and an authorization server that trusts it and resolves CIMD_ORIGIN_HOST to'
      + ' 127.0.0.1 (EndToEndTest sets all of it up)');
  }
  return value;
}

/**
 * Starts the origin. `publish(path, make)` serves `make(url)` as JSON at `path` and returns the URL;
 * `requests` records what was asked for; `close()` stops it.
 */
export async function startMetadataOrigin() {
  const documents = new Map();
  const requests = [];
  const server = createServer({ pfx: readFileSync(required('CIMD_ORIGIN_PFX')),
    passphrase: required('CIMD_ORIGIN_PASSPHRASE') }, (req, res) => {
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
  const base = `https://${process.env.CIMD_ORIGIN_HOST ?? 'client.example'}:${server.address().port}`;
  return {
    requests,
    publish(path, make) {
      const url = `${base}${path}`;
      documents.set(path, make(url));
      return url;
    },
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}
