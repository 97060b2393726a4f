#!/usr/bin/env node
// The "browser" mcp-remote opens (through xdg-open's $BROWSER): logs in as the demo user, consents, and
// loads the redirect on mcp-remote's local callback server, as a person's browser would.
import { appendFile } from 'node:fs/promises';
import { authorizeInBrowser } from './browser.js';

const log = (line) => (process.env.E2E_BROWSER_LOG ? appendFile(process.env.E2E_BROWSER_LOG, `${line}\n`) : undefined);
const credentials = {
  username: process.env.E2E_USERNAME ?? 'demo',
  password: process.env.E2E_PASSWORD ?? 'demo-password',
};

try {
  const url = process.argv[2];
  await log(`open ${url}`);
  const steps = [];
  const callback = await authorizeInBrowser(url, credentials, steps);
  await log(steps.map(({ method, url: stepUrl, status }) => `${method} ${stepUrl} ${status}`).join('\n'));
  const response = await fetch(callback);
  await log(`GET ${callback.origin}${callback.pathname} ${response.status}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  await log(`failed: ${error.stack ?? error}`);
  process.exit(1);
}
