// mcp-remote, the stdio-to-HTTP bridge Claude Desktop uses for remote MCP servers, pointed at the MCP
// server URL. Its browser step is scripted: xdg-open runs $BROWSER, our fake browser, which logs in and
// loads mcp-remote's local callback. Then we speak MCP to mcp-remote on stdin/stdout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mcpUrl, credentials } from './lib/environment.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

describe('mcp-remote 0.15.1', () => {
  test('completes OAuth through a scripted browser, lists the tools and calls add', { timeout: 120_000 }, async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'mcp-remote-'));
    const browserLog = join(configDir, 'browser.log');
    const child = spawn(process.execPath,
      [join(here, '..', 'node_modules', 'mcp-remote', 'dist', 'proxy.js'), mcpUrl.href, String(await freePort())], {
        env: { ...process.env, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: join(here, 'lib', 'fake-browser.js'),
          E2E_BROWSER_LOG: browserLog, E2E_USERNAME: credentials.username, E2E_PASSWORD: credentials.password },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const pending = new Map();
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message;
      try { message = JSON.parse(line); } catch { return; }
      pending.get(message.id)?.(message);
    });
    const diagnostics = async () => `mcp-remote stderr:\n${stderr}\nbrowser:\n${await readFile(browserLog, 'utf8').catch(() => '(none)')}`;
    const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const request = (id, method, params) => new Promise((resolve, reject) => {
      pending.set(id, resolve);
      exited.then(async ({ code }) => reject(new Error(`mcp-remote exited (${code}) before answering ${method}\n${await diagnostics()}`)));
      send({ jsonrpc: '2.0', id, method, params });
    });

    try {
      const initialized = await request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {},
        clientInfo: { name: 'end-to-end via mcp-remote', version: '1.0.0' } });
      assert.equal(initialized.error, undefined, JSON.stringify(initialized.error));
      assert.equal(initialized.result.serverInfo.name, 'mcp-oauth-example');
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });

      const listed = await request(2, 'tools/list', {});
      assert.deepEqual(listed.result.tools.map((tool) => tool.name), ['add']);

      const called = await request(3, 'tools/call', { name: 'add', arguments: { a: 20, b: 22 } });
      assert.deepEqual(called.result.content, [{ type: 'text', text: '42' }]);

      assert.match(stderr, /Please authorize this client by visiting/, 'mcp-remote should have gone through OAuth');
      const browser = await readFile(browserLog, 'utf8');
      assert.match(browser, /\/oauth\/callback 200/, `the callback should have received the code:\n${browser}`);
    } catch (error) {
      error.message += `\n${await diagnostics()}`;
      throw error;
    } finally {
      child.kill('SIGTERM');
      await exited;
      await rm(configDir, { recursive: true, force: true });
    }
  });
});
