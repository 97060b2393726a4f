// A scripted browser: what a person does at the authorization server, over plain HTTP with a cookie jar.
// It follows redirects itself, logs in through Spring Security's form (with its CSRF token), approves the
// consent form if one is shown, and stops at the redirect to the client's redirect URI.

const MAX_STEPS = 20;

class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function attribute(tag, name) {
  const match = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i'));
  return match ? decodeEntities(match[2] ?? match[3]) : undefined;
}

function decodeEntities(text) {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&#x2F;/gi, '/').replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

// The first form of the page and the fields a browser would submit: hidden and text inputs, and every
// scope checkbox (the consent page's scopes; approving the client means approving what it asked for).
function parseForm(html, pageUrl, credentials) {
  const form = html.match(/<form\b[^>]*>([\s\S]*?)<\/form>/i);
  if (!form) {
    return undefined;
  }
  const openTag = form[0].slice(0, form[0].indexOf('>') + 1);
  const action = new URL(attribute(openTag, 'action') ?? pageUrl, pageUrl);
  const method = (attribute(openTag, 'method') ?? 'get').toUpperCase();
  const fields = new URLSearchParams();
  for (const [input] of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (!name) continue;
    const type = (attribute(input, 'type') ?? 'text').toLowerCase();
    if (name === 'username') {
      fields.append(name, credentials.username);
    } else if (name === 'password') {
      fields.append(name, credentials.password);
    } else if (type === 'checkbox' || type === 'radio') {
      fields.append(name, attribute(input, 'value') ?? 'on');
    } else if (type !== 'submit' && type !== 'button') {
      fields.append(name, attribute(input, 'value') ?? '');
    }
  }
  for (const [button] of form[1].matchAll(/<button\b[^>]*>/gi)) {
    const name = attribute(button, 'name');
    const type = (attribute(button, 'type') ?? 'submit').toLowerCase();
    // the approve button of a consent form, never a cancel button
    if (name && type === 'submit' && !/cancel|deny/i.test(button)) {
      fields.append(name, attribute(button, 'value') ?? '');
    }
  }
  return { action, method, fields };
}

/**
 * Opens the authorization URL as a logged-out browser would, logs in, consents, and returns the URL the
 * authorization server redirected to (the client's redirect URI with `code` and `state`, or `error`)
 * without fetching it. `steps` records every request (method, URL, status) for the test to inspect.
 */
export async function authorizeInBrowser(authorizationUrl, credentials, steps = []) {
  const authorization = new URL(authorizationUrl);
  const redirectUri = new URL(authorization.searchParams.get('redirect_uri'));
  const reachesClient = (url) => url.origin === redirectUri.origin && url.pathname === redirectUri.pathname
    && (url.searchParams.has('code') || url.searchParams.has('error'));
  const jar = new CookieJar();
  let request = { url: authorization, method: 'GET', body: undefined };
  for (let step = 0; step < MAX_STEPS; step++) {
    const headers = { cookie: jar.header(), accept: 'text/html' };
    if (request.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(request.url, { method: request.method, body: request.body, headers, redirect: 'manual' });
    jar.store(response);
    steps.push({ method: request.method, url: request.url.href, status: response.status });
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location'), request.url);
      await response.body?.cancel();
      if (reachesClient(location)) {
        return location;
      }
      request = { url: location, method: 'GET', body: undefined };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) {
      throw new Error(`${request.method} ${request.url} answered ${response.status}: ${html.slice(0, 500)}`);
    }
    const form = parseForm(html, request.url, credentials);
    if (!form) {
      throw new Error(`${request.url} shows no form to submit and no redirect: ${html.slice(0, 500)}`);
    }
    request = form.method === 'POST'
      ? { url: form.action, method: 'POST', body: form.fields.toString() }
      : { url: new URL(`${form.action.pathname}?${form.fields}`, form.action), method: 'GET', body: undefined };
  }
  throw new Error(`no redirect to ${redirectUri} after ${MAX_STEPS} steps: ${JSON.stringify(steps)}`);
}

/** The code from the authorization response, after checking `state`; throws on an error response. */
export function codeFrom(location, expectedState) {
  const error = location.searchParams.get('error');
  if (error) {
    throw new Error(`authorization refused: ${error} ${location.searchParams.get('error_description') ?? ''}`);
  }
  if (expectedState !== undefined && location.searchParams.get('state') !== expectedState) {
    throw new Error(`state mismatch: expected ${expectedState}, got ${location.searchParams.get('state')}`);
  }
  return location.searchParams.get('code');
}
