// Real-browser tests of the home page: language, language switch (cookie), axe-core WCAG 2.1 A/AA,
// keyboard skip link, phone layout, and screenshots to e2e/out/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFavicon, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

const TEXT = {
  ja: {
    disclaimer: '絶対的なセキュリティを保証するものではありません',
    switchTo: 'English',
    skip: '本文へ移動',
  },
  en: {
    disclaimer: 'not a guarantee of the absolute security',
    switchTo: '日本語',
    skip: 'Skip to main content',
  },
};
const TEST_TIMEOUT = 60_000;

const suite = useSuite();

/**
 * A fresh, isolated context (own cookies) with a Japanese browser (Accept-Language: ja-JP) unless
 * told otherwise, plus a page that records console errors, page errors and failed requests.
 */
async function openPage(options = {}) {
  const context = await suite.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = { console: [], pageErrors: [], failedRequests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url || '';
    if (isFavicon(where)) return;
    problems.console.push(where ? `${m.text()} (${where})` : m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url())) {
      problems.failedRequests.push(`${r.url()} HTTP ${r.status()}`);
    }
  });
  return { context, page, problems };
}

const goto = (page, pathAndQuery) => suite.goto(page, pathAndQuery);

const htmlLang = (page) => page.evaluate(() => document.documentElement.getAttribute('lang'));

function assertNoPageProblems(problems) {
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.failedRequests, [], 'failed requests');
  assert.deepEqual(problems.console, [], 'console errors (CSP violations show up here)');
}

async function assertHome(page, lang) {
  assert.equal(await htmlLang(page), lang, '<html lang>');
  const title = await page.title();
  assert.ok(title.includes('ISMAP'), `title ${JSON.stringify(title)} should contain "ISMAP"`);
  const notice = page.locator('main .notice').filter({ hasText: TEXT[lang].disclaimer });
  assert.equal(await notice.count(), 1, `one notice in <main> containing ${JSON.stringify(TEXT[lang].disclaimer)}`);
  assert.ok(await notice.isVisible(), 'disclaimer notice is visible');
}

describe('home page', () => {
  test('Japanese by default: lang, title, disclaimer, demo banner, stylesheet', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    const res = await goto(page, '/');
    assert.equal(res.headers()['content-language'], 'ja');
    await assertHome(page, 'ja');

    const banner = page.locator('.demo-banner');
    assert.ok(await banner.isVisible(), 'demo banner is visible');
    assert.match(await banner.innerText(), /デモ/);

    // The stylesheet loads under the page's own CSP (this context does not bypass it).
    const bodyMargin = await page.evaluate(() => getComputedStyle(document.body).marginTop);
    assert.equal(bodyMargin, '0px', '/static/app.css applied (body margin 0)');
    assertNoPageProblems(problems);
  });

  test('language switch: English link, cookie keeps English, 日本語 link goes back', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage();
    await goto(page, '/');
    assert.equal(await htmlLang(page), 'ja');

    const toEnglish = page.getByRole('link', { name: TEXT.ja.switchTo, exact: true });
    assert.equal(await toEnglish.getAttribute('href'), '/?lang=en');
    assert.equal(await toEnglish.getAttribute('hreflang'), 'en');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), toEnglish.click()]);
    await assertHome(page, 'en');

    const cookies = await context.cookies(suite.server.baseUrl);
    assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'en', `lang cookie set: ${JSON.stringify(cookies)}`);

    // A plain / (no query) stays English, by the cookie, although the browser asks for Japanese.
    await goto(page, '/');
    await assertHome(page, 'en');
    await page.reload({ waitUntil: 'load' });
    assert.equal(await htmlLang(page), 'en', 'still English after reload');

    const toJapanese = page.getByRole('link', { name: TEXT.en.switchTo, exact: true });
    assert.equal(await toJapanese.getAttribute('href'), '/?lang=ja');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'ja'), toJapanese.click()]);
    await assertHome(page, 'ja');
    await goto(page, '/');
    assert.equal(await htmlLang(page), 'ja', 'plain / is Japanese again after switching back');
    assertNoPageProblems(problems);
  });

  for (const lang of ['ja', 'en']) {
    test(`axe-core finds no WCAG 2.1 A/AA violations (${lang})`, { timeout: TEST_TIMEOUT }, async (t) => {
      // The page's CSP (script-src 'self') blocks page.addScriptTag({content}) (an inline script),
      // so this context bypasses CSP to inject axe-core.
      const { page } = await openPage({ bypassCSP: true });
      await goto(page, `/?lang=${lang}`);
      assert.equal(await htmlLang(page), lang);
      await assertAccessible(t, page, `/?lang=${lang}`);
    });
  }

  for (const lang of ['ja', 'en']) {
    test(`keyboard: first Tab focuses the skip link, which targets #main (${lang})`, { timeout: TEST_TIMEOUT }, async () => {
      const { page } = await openPage();
      await goto(page, `/?lang=${lang}`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
          visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
        };
      });
      assert.deepEqual(
        { tag: focused.tag, text: focused.text, href: focused.href },
        { tag: 'A', text: TEXT[lang].skip, href: '#main' },
      );
      assert.ok(focused.visible, 'the focused skip link is on screen');
      assert.equal(await page.locator('#main').count(), 1, 'the skip link target #main exists');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#main');
    });
  }

  test('phone 375x800: no horizontal scroll; screenshots of each language', { timeout: TEST_TIMEOUT }, async () => {
    await mkdir(outDir, { recursive: true });
    for (const lang of ['ja', 'en']) {
      const { page } = await openPage({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      await goto(page, `/?lang=${lang}`);
      assert.equal(await htmlLang(page), lang);
      const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
        const se = document.scrollingElement;
        // The element reaching furthest right, to make a failure readable.
        let widestEl = null; let right = 0;
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect().right;
          if (r > right && !el.classList.contains('skip-link')) { right = r; widestEl = el; }
        }
        const desc = widestEl ? `${widestEl.tagName.toLowerCase()}${widestEl.className ? '.' + widestEl.className : ''} right=${Math.round(right)}` : '';
        return { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, widest: desc };
      });
      await page.screenshot({ path: path.join(outDir, `home-${lang}-375.png`), fullPage: true });
      assert.ok(scrollWidth <= 375, `${lang}: scrollWidth ${scrollWidth} > 375 (clientWidth ${clientWidth}; widest: ${widest})`);
    }
  });

  test('desktop screenshots of each language to e2e/out/', { timeout: TEST_TIMEOUT }, async () => {
    await mkdir(outDir, { recursive: true });
    for (const lang of ['ja', 'en']) {
      const { page } = await openPage();
      await goto(page, `/?lang=${lang}`);
      const file = path.join(outDir, `home-${lang}.png`);
      const png = await page.screenshot({ path: file, fullPage: true });
      assert.ok(png.length > 1000, `${file} written`);
    }
  });
});
