// Real-browser tests of the public portal's look and feel (issue 8) against `ismap serve --demo`:
// axe-core WCAG 2.1 A/AA on every public page in Japanese and English; the Digital Agency design
// tokens loaded before app.css; the header navigation with aria-current; keyboard only from the
// home page's skip link to a service's page; a 360×740 phone; the print stylesheet of the lists.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoPageProblems, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');
const TEST_TIMEOUT = 180_000;
// More Tabs than any public page has focusable elements before what a test looks for.
const MAX_TABS = 250;

const suite = useSuite();
const { goto } = suite;

const withLang = (target, lang) => `${target}${target.includes('?') ? '&' : '?'}lang=${lang}`;

/**
 * The public pages of the demo data: the fixed ones plus a registered service's and an audit body's
 * page (their ids read from the lists), and /statistics when the server has it (200; otherwise it
 * must be a plain 404, which is said as a diagnostic).
 */
async function publicPages(t, page) {
  const pages = ['/', '/cloud-services', '/cloud-services?track=ismap', '/cloud-services?track=liu', '/audit-bodies'];
  await goto(page, '/cloud-services');
  const service = await firstHref(page, /^\/cloud-services\/\d+$/);
  assert.ok(service, 'the demo data has a registered service on /cloud-services');
  pages.push(service);
  await goto(page, '/audit-bodies');
  const body = await firstHref(page, /^\/audit-bodies\/\d+$/);
  assert.ok(body, 'the demo data has a registered audit body on /audit-bodies');
  pages.push(body);
  const statistics = await page.goto(`${suite.server.baseUrl}/statistics`);
  if (statistics.status() === 200) {
    pages.push('/statistics');
  } else {
    assert.equal(statistics.status(), 404, '/statistics is either a page or not there at all');
    t.diagnostic('/statistics answers 404: not checked');
  }
  return pages;
}

/** The first link in <main> whose href matches `pattern`, or null. */
async function firstHref(page, pattern) {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

/** What has the keyboard focus now. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName, id: el.id, href: el.getAttribute('href'), cls: el.className, text: el.textContent.trim() };
});

/** Presses Tab until `wanted(focus)` holds; fails after MAX_TABS presses. */
async function tabUntil(page, wanted, what) {
  for (let i = 0; i < MAX_TABS; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await focused(page);
    if (wanted(focus)) return focus;
  }
  return assert.fail(`${MAX_TABS} Tabs did not reach ${what} on ${page.url()}`);
}

/** Horizontal overflow of the document, with the element reaching furthest right to read a failure. */
const overflow = (page) => page.evaluate(() => {
  const root = document.documentElement;
  let widest = ''; let right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (el.classList.contains('skip-link') || el.closest('.table-scroll')) continue;
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r)}`; }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
});

describe('public portal', () => {
  for (const lang of ['ja', 'en']) {
    test(`axe-core finds no WCAG 2.1 A/AA violations on any public page (${lang})`, { timeout: TEST_TIMEOUT }, async (t) => {
      // bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
      const { page } = await suite.openPage({ bypassCSP: true });
      const pages = await publicPages(t, page);
      for (const target of pages) {
        await t.test(target, async (st) => {
          await goto(page, withLang(target, lang));
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `<html lang> of ${target}`);
          await assertAccessible(st, page, `${target} (${lang})`);
        });
      }
    });
  }

  test('the design tokens load before app.css, under the page CSP, and app.css uses them', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await suite.openPage();
    await goto(page, '/');
    const sheets = await page.locator('head link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    assert.deepEqual(sheets, ['/static/design-tokens.css', '/static/app.css']);
    const style = await page.evaluate(() => {
      const root = getComputedStyle(document.documentElement);
      const link = document.querySelector('main a[href^="/cloud-services"]');
      return {
        blue900: root.getPropertyValue('--color-primitive-blue-900').trim(),
        accent: root.getPropertyValue('--accent').trim(),
        font: root.getPropertyValue('--font-family-sans').trim(),
        linkColour: getComputedStyle(link).color,
        bodyFont: getComputedStyle(document.body).fontFamily,
        h1Size: getComputedStyle(document.querySelector('h1')).fontSize,
      };
    });
    assert.equal(style.blue900, '#0017c1', 'the package\'s token is defined');
    assert.equal(style.linkColour, 'rgb(0, 23, 193)', 'links take the token colour (blue-900)');
    assert.match(style.bodyFont, /^"?Noto Sans JP"?/, 'the token font family');
    assert.equal(style.h1Size, '28px', 'h1 takes --font-size-28');
    const tokens = await page.request.get(`${suite.server.baseUrl}/static/design-tokens.css`);
    assert.equal(tokens.status(), 200);
    assert.equal(tokens.headers()['content-type'], 'text/css; charset=utf-8');
    assertNoPageProblems(problems);
  });

  test('the header navigation: every public destination for everyone, aria-current on the page shown', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await suite.openPage();
    const nav = page.locator('nav.site-nav');
    const current = () => nav.locator('a[aria-current]').evaluateAll((links) =>
      links.map((a) => `${a.getAttribute('href')}=${a.getAttribute('aria-current')}`));
    await goto(page, '/');
    const hrefs = await nav.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of ['/', '/cloud-services', '/audit-bodies', '/statistics']) {
      assert.ok(hrefs.includes(href), `the site navigation links ${href}: ${hrefs.join(' ')}`);
    }
    assert.deepEqual(await current(), ['/=page']);
    await clickAndWait(page, nav.locator('a[href="/cloud-services"]'));
    assert.deepEqual(await current(), ['/cloud-services=page']);
    const service = await firstHref(page, /^\/cloud-services\/\d+$/);
    await goto(page, service);
    assert.deepEqual(await current(), ['/cloud-services=true'], 'a service\'s page is in the cloud services section');
    await clickAndWait(page, nav.locator('a[href="/audit-bodies"]'));
    assert.deepEqual(await current(), ['/audit-bodies=page']);
    assertNoPageProblems(problems);
  });

  for (const lang of ['ja', 'en']) {
    test(`keyboard only: skip link, main, the cloud service list, a service's page (${lang})`, { timeout: TEST_TIMEOUT }, async () => {
      const { page, problems } = await suite.openPage();
      await goto(page, `/?lang=${lang}`);

      await page.keyboard.press('Tab');
      const skip = await focused(page);
      assert.deepEqual({ cls: skip.cls, href: skip.href }, { cls: 'skip-link', href: '#main' }, 'the first Tab focuses the skip link');

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#main');
      assert.equal((await focused(page)).id, 'main', 'Enter on the skip link moves the focus to <main>');

      await page.keyboard.press('Tab');
      const listLink = await focused(page);
      assert.equal(listLink.href, '/cloud-services?track=ismap', 'the first Tab in <main> reaches the ISMAP list');

      await Promise.all([page.waitForURL((u) => u.pathname === '/cloud-services'), page.keyboard.press('Enter')]);
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).searchParams.get('track'), 'ismap');

      const serviceLink = await tabUntil(page, (f) => f.tag === 'A' && /^\/cloud-services\/\d+$/.test(f.href ?? ''), 'a service link');
      await Promise.all([page.waitForURL((u) => u.pathname === serviceLink.href), page.keyboard.press('Enter')]);
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).pathname, serviceLink.href, 'Enter on the service link opens its page');
      assert.equal((await page.locator('h1').innerText()).trim(), serviceLink.text, 'the page is the service\'s');
      assertNoPageProblems(problems);
    });
  }

  test('phone 360x740: no horizontal document scroll on any public page, the navigation fits and works', { timeout: TEST_TIMEOUT }, async (t) => {
    await mkdir(outDir, { recursive: true });
    const { page, problems } = await suite.openPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const pages = await publicPages(t, page);
    for (const lang of ['ja', 'en']) {
      for (const target of pages) {
        await goto(page, withLang(target, lang));
        const { scrollWidth, clientWidth, widest } = await overflow(page);
        assert.ok(scrollWidth <= clientWidth, `${target} (${lang}): scrollWidth ${scrollWidth} > clientWidth ${clientWidth} (widest: ${widest})`);
        const name = target === '/' ? 'home' : target.slice(1).replace(/[/?=]/g, '-');
        await page.screenshot({ path: path.join(outDir, `portal-${name}-${lang}-360.png`), fullPage: true });
      }
    }
    // Every navigation link is on screen, big enough to tap, and tapping one leads to its page.
    await goto(page, '/cloud-services');
    const boxes = await page.locator('nav.site-nav a').evaluateAll((links) => links.map((a) => {
      const r = a.getBoundingClientRect();
      return { href: a.getAttribute('href'), left: r.left, right: r.right, height: r.height };
    }));
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= 360, `${b.href} inside the screen (${b.left}..${b.right})`);
      assert.ok(b.height >= 24, `${b.href} at least 24 px high (${b.height})`);
    }
    await Promise.all([page.waitForURL((u) => u.pathname === '/audit-bodies'), page.locator('nav.site-nav a[href="/audit-bodies"]').tap()]);
    assert.equal(await page.locator('nav.site-nav a[href="/audit-bodies"]').getAttribute('aria-current'), 'page');
    // A table wider than the screen scrolls inside its container, which the keyboard can focus.
    const scroll = page.locator('main .table-scroll').first();
    if (await scroll.count()) {
      assert.equal(await scroll.getAttribute('tabindex'), '0', 'the table container is focusable');
    } else {
      t.diagnostic('/audit-bodies has no table on this date');
    }
    assertNoPageProblems(problems);
  });

  test('print: the lists without navigation, forms or buttons, the whole table, black on white', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await suite.openPage();
    for (const target of ['/cloud-services', '/audit-bodies']) {
      await goto(page, target);
      assert.ok(await page.locator('nav.site-nav').isVisible(), `${target}: the navigation shows on screen`);
      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['nav.site-nav', '.header-links', 'main form', 'main button', '.skip-link', '.demo-banner']) {
        const all = page.locator(hidden);
        for (let i = 0; i < (await all.count()); i += 1) {
          assert.equal(await all.nth(i).isVisible(), false, `${target}: ${hidden} hidden in print`);
        }
      }
      assert.ok(await page.locator('main table').first().isVisible(), `${target}: the table prints`);
      const look = await page.evaluate(() => {
        const scroll = document.querySelector('main .table-scroll');
        const cell = document.querySelector('main tbody td, main tbody th');
        const link = document.querySelector('main tbody a');
        return {
          overflow: scroll ? getComputedStyle(scroll).overflowX : 'visible',
          cell: cell ? getComputedStyle(cell).color : 'rgb(0, 0, 0)',
          link: link ? getComputedStyle(link).color : 'rgb(0, 0, 0)',
          body: getComputedStyle(document.body).backgroundColor,
          rowBreak: getComputedStyle(document.querySelector('main tbody tr')).breakInside,
          headGroup: getComputedStyle(document.querySelector('main thead')).display,
        };
      });
      assert.deepEqual(look, {
        overflow: 'visible', cell: 'rgb(0, 0, 0)', link: 'rgb(0, 0, 0)', body: 'rgba(0, 0, 0, 0)',
        rowBreak: 'avoid', headGroup: 'table-header-group',
      }, `${target}: print look`);
      await page.emulateMedia({ media: 'screen' });
    }
    assertNoPageProblems(problems);
  });
});
