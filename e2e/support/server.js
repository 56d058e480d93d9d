// Starts the ismap server for one test file: `ismap serve --demo` (or, when asked, without --demo) on
// a free loopback port with a SQLite file in a fresh temp dir, waits for GET /healthz -> 200, and
// stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const defaultBinary = path.join(repoRoot, 'build', 'ci', 'src', 'cli', 'ismap');

const HEALTH_DEADLINE_MS = 20_000;
const STOP_DEADLINE_MS = 10_000;
const LOG_TAIL_CHARS = 8_000;

/** Asks the kernel for a free loopback port (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function keepTail(buf, chunk) {
  const s = buf + chunk;
  return s.length > LOG_TAIL_CHARS ? s.slice(-LOG_TAIL_CHARS) : s;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server (`demo: false` leaves out --demo). Returns { baseUrl, port, dir, stop(), logs() }.
 * stop() sends SIGTERM, waits for exit, removes the temp dir and resolves to { code, signal }.
 */
export async function startServer({ binary = process.env.ISMAP_BIN || defaultBinary, args = [], demo = true } = {}) {
  if (!existsSync(binary)) {
    throw new Error(`ismap binary not found at ${binary} (build it first, or set ISMAP_BIN)`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ismap-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  // ismap reads every ISMAP_* variable (but ISMAP_TEST_*) as a configuration key and refuses unknown
  // ones, such as this suite's ISMAP_BIN. The server here is hermetic, so none of the caller's
  // ISMAP_* settings (a postgres storage.kind, say) reach it: only the SQLite file set below.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISMAP_')));
  env.ISMAP_STORAGE_SQLITE_PATH = path.join(dir, 'ismap.db');
  const child = spawn(binary, ['serve', ...(demo ? ['--demo'] : []), '--listen', `127.0.0.1:${port}`, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => { stdout = keepTail(stdout, c); });
  child.stderr.setEncoding('utf8').on('data', (c) => { stderr = keepTail(stderr, c); });

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
    child.on('error', (err) => { exited = { code: null, signal: null, error: err }; resolve(exited); });
  });

  const logs = () => ({ stdout, stderr });
  const cleanup = () => rm(dir, { recursive: true, force: true });

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, STOP_DEADLINE_MS);
      await exitPromise;
      clearTimeout(timer);
    }
    await cleanup();
    return exited;
  }

  // Wait for /healthz -> 200.
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        return { baseUrl, port, dir, stop, logs, pid: child.pid };
      }
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code || err.message;
    }
    await sleep(100);
  }

  const why = exited
    ? `exited early (code ${exited.code}, signal ${exited.signal}${exited.error ? `, ${exited.error.message}` : ''})`
    : `no 200 from /healthz within ${HEALTH_DEADLINE_MS / 1000} s (last: ${lastError})`;
  await stop();
  throw new Error(`ismap server on ${baseUrl} ${why}\n--- stderr (tail) ---\n${stderr}\n--- stdout (tail) ---\n${stdout}`);
}
