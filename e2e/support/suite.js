// What every browser test file shares: one `ismap serve` and one Chromium for the file (started in
// before(); in after() every browser context opened is closed, then the browser, and the server is
// stopped and must exit 0 on SIGTERM), fresh pages that record what went wrong, navigation that
// checks the status, form submission and the one-click demo login.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from './server.js';
import { launchBrowser } from './browser.js';

/**
 * Registers the file's before() and after() hooks and returns the suite, whose `server` and
 * `browser` are set once before() has run. `serverOptions`: startServer's options, or an async
 * function (run in before()) that gives them; `cleanup`: an async function run last in after().
 */
export function useSuite({ serverOptions = {}, cleanup } = {}) {
  const contexts = [];
  const suite = {
    server: null,
    browser: null,

    /** A fresh, isolated browser context (own cookies), closed in after(). */
    async newContext(options = {}) {
      const context = await suite.browser.newContext(options);
      contexts.push(context);
      return context;
    },

    /**
     * A fresh context with a Japanese browser (Accept-Language: ja-JP) at 1280×900 unless `options`
     * say otherwise, and a page that records console errors (but the favicon's), uncaught page
     * errors and failed requests in `problems`.
     */
    async openPage(options = {}) {
      const context = await suite.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, ...options });
      const page = await context.newPage();
      const problems = { console: [], pageErrors: [], failedRequests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error' && !isFavicon(m.location()?.url || '')) problems.console.push(m.text());
      });
      page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
      page.on('requestfailed', (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
      return { context, page, problems };
    },

    /** Opens `target` (a path and query) on the server and checks the response's status. */
    async goto(page, target, expectedStatus = 200) {
      const res = await page.goto(suite.server.baseUrl + target, { waitUntil: 'load' });
      assert.equal(res.status(), expectedStatus, `GET ${target} -> ${res.status()}`);
      return res;
    },

    /** Logs in with the one-click demo login of `role` on /login; the page it leads to must be a 200. */
    async logInAsDemo(page, role) {
      await suite.goto(page, '/login');
      const res = await clickAndWait(page, demoLoginButton(page, role));
      if (res.status() !== 200) {
        const text = await page.locator('main').innerText().catch(() => '');
        assert.fail(`demo login as ${role}: ${page.url()} -> ${res.status()}: ${text.slice(0, 800)}`);
      }
      return res;
    },
  };

  before(async () => {
    suite.server = await startServer(typeof serverOptions === 'function' ? await serverOptions() : serverOptions);
    suite.browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (suite.browser) await suite.browser.close();
    if (suite.server) {
      const { code, signal } = await suite.server.stop();
      assert.equal(code, 0, `ismap did not exit 0 on SIGTERM (code ${code}, signal ${signal})\n${suite.server.logs().stderr}`);
    }
    if (cleanup) await cleanup();
  });

  return suite;
}

/** Clicks `locator` (a submit button, a link) and waits for the page it leads to (after any redirects). */
export async function clickAndWait(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return response;
}

/** Clicks a download link and returns the downloaded file's bytes and suggested name. */
export async function download(page, locator) {
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** The one-click login button of a demo role on /login. */
export const demoLoginButton = (page, role) =>
  page.locator(`form[action="/demo/login"]:has(input[name="role"][value="${role}"]) button[type="submit"]`);

// Chromium asks for /favicon.ico by itself; the pages link no icon and the server answers 404.
export function isFavicon(url) {
  try { return new URL(url).pathname === '/favicon.ico'; } catch { return false; }
}

/** No uncaught page errors and no failed requests on a page from openPage(). */
export function assertNoPageErrors(problems) {
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.failedRequests, [], 'failed requests');
}

/**
 * assertNoPageErrors, and no console errors (CSP violations show up there) but those Chromium logs
 * for a document with one of the `expectedStatuses` (asserted by status instead).
 */
export function assertNoPageProblems(problems, expectedStatuses = []) {
  assertNoPageErrors(problems);
  const expected = new RegExp(`status of (${expectedStatuses.join("|")})`);
  const real = problems.console.filter((m) => !(expectedStatuses.length && expected.test(m)));
  assert.deepEqual(real, [], 'console errors (CSP violations show up here)');
}
