// A fetch that records every request the SDK makes (method, URL, status, chosen headers), so a test can
// assert the order of the MCP authorization sequence and the docs can show the real exchange.
const SHOWN_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id'];
const SHOWN_RESPONSE_HEADERS = ['www-authenticate', 'content-type', 'location', 'mcp-session-id'];

export function recordingFetch(log) {
  return async (input, init = {}) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const headers = (source, names) => Object.fromEntries(names.filter((name) => source.has(name))
      .map((name) => [name, source.get(name)]));
    log.push({
      method: request.method,
      url: request.url,
      status: response.status,
      requestHeaders: headers(request.headers, SHOWN_REQUEST_HEADERS),
      responseHeaders: headers(response.headers, SHOWN_RESPONSE_HEADERS),
    });
    return response;
  };
}

/** `METHOD path status` lines, the shape the tests compare. */
export function summary(log) {
  return log.map(({ method, url, status }) => `${method} ${new URL(url).pathname} ${status}`);
}
