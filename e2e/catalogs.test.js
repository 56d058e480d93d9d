// Real-browser tests of the catalog pages against `ismap serve --demo`, which loads the ISMAP
// criteria skeleton (`ismap-skeleton`), a demo revision of it (`ismap-skeleton-2024-demo`) and the
// NIST SP 800-53 rev5.0.1 catalog with the LOW, MODERATE and HIGH baselines: the list of editions,
// an edition's chapter tree (<details>, no JavaScript), a control, Japanese search from the
// keyboard, the language switch, the diff with its chart, and axe-core WCAG 2.1 A/AA on each page
// in both languages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './support/server.js';
import { assertNoPageProblems as assertProblems, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');
const TEST_TIMEOUT = 120_000;

const SKELETON = 'ismap-skeleton';
const REVISION = 'ismap-skeleton-2024-demo';
const NIST = 'nist-sp800-53-rev5.0.1';
const TEXT = {
  ja: {
    nav: '管理基準',
    skeleton: 'ISMAP管理策基準 骨格（非公式）',
    chapter: '暗号',
    control: '暗号による管理策の利用方針',
    switchTo: 'English',
    searchLabel: '検索語',
    added: '追加 4件',
  },
  en: {
    nav: 'Criteria',
    skeleton: 'ISMAP control-measure criteria skeleton (unofficial)',
    chapter: 'Cryptography',
    control: 'Policy on the use of cryptographic controls',
    switchTo: '日本語',
    searchLabel: 'Search text',
    added: 'Added 4',
  },
};

let configDir;

const suite = useSuite({
  // demo_data_dir defaults to ../shared/data from the working directory; this suite runs in e2e/,
  // so it names the shared data beside the clone explicitly.
  serverOptions: async () => {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'ismap-e2e-catalogs-'));
    const config = path.join(configDir, 'ismap.toml');
    await writeFile(config, `demo_data_dir = ${JSON.stringify(path.resolve(repoRoot, '..', 'shared', 'data'))}\n`);
    return { args: ['--config', config] };
  },
  cleanup: async () => {
    if (configDir) await rm(configDir, { recursive: true, force: true });
  },
});

const { goto, openPage } = suite;
const assertNoPageProblems = (problems) => assertProblems(problems, [400, 404]);

const htmlLang = (page) => page.evaluate(() => document.documentElement.getAttribute('lang'));

describe('catalog pages', () => {
  test('/catalogs lists the demo editions and baselines, with the navigation link marked', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    await goto(page, '/catalogs');
    assert.equal(await htmlLang(page), 'ja');
    const nav = page.getByRole('navigation', { name: 'サイト内のメニュー' }).getByRole('link', { name: TEXT.ja.nav });
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    const editions = page.locator('section[aria-labelledby="editions-heading"] tbody tr');
    const keys = await editions.locator('td code').allInnerTexts();
    for (const key of [SKELETON, REVISION, NIST]) {
      assert.ok(keys.includes(key), `edition ${key} listed (have ${keys.join(', ')}); is demo_data_dir right?`);
    }
    const baselines = await page.locator('section[aria-labelledby="baselines-heading"] tbody td code').allInnerTexts();
    for (const key of ['nist-low', 'nist-moderate', 'nist-high']) {
      assert.ok(baselines.includes(key), `baseline ${key} listed (have ${baselines.join(', ')})`);
    }
    const nistRow = editions.filter({ has: page.locator('code', { hasText: NIST }) });
    assert.match(await nistRow.innerText(), /1189/, 'NIST has 1,189 controls');
    const csv = nistRow.getByRole('link', { name: /^CSV/ });
    assert.equal(await csv.getAttribute('href'), `/api/v1/catalogs/${NIST}/export?format=csv`);
    assertNoPageProblems(problems);
  });

  test('the skeleton tree: open it, expand a chapter, open a control', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    await goto(page, '/catalogs');
    const editions = page.getByRole('group', { name: '版の一覧' });
    await clickAndWait(page, editions.getByRole('link', { name: TEXT.ja.skeleton, exact: true }));
    assert.equal(new URL(page.url()).pathname, `/catalogs/${SKELETON}`);
    assert.equal(await page.locator('h1').innerText(), TEXT.ja.skeleton);

    const chapter = page.locator('li.tree-chapter details').filter({
      has: page.locator('summary', { hasText: new RegExp(`^10 ${TEXT.ja.chapter} `) }),
    });
    assert.equal(await chapter.count(), 1, 'one chapter 10');
    const control = chapter.getByRole('link', { name: '10.1.1', exact: true });
    assert.equal(await chapter.evaluate((d) => d.open), false, 'chapters start closed');
    assert.equal(await control.isVisible(), false, 'items of a closed chapter are hidden');
    // Keyboard: focus the summary and open it with Enter, as a keyboard user would.
    await chapter.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await chapter.evaluate((d) => d.open), true, 'Enter opens the chapter');
    assert.ok(await control.isVisible(), 'the objective is visible in the open chapter');
    const badge = control.locator('xpath=..').locator(':scope > .badge');
    assert.equal(await badge.innerText(), '除外には理由が必要');

    await clickAndWait(page, control);
    assert.equal(new URL(page.url()).pathname, `/catalogs/${SKELETON}/controls/10.1.1`);
    assert.match(await page.locator('h1').innerText(), new RegExp(`10\\.1\\.1\\s+${TEXT.ja.control}`));
    const crumbs = page.getByRole('navigation', { name: '現在の位置' });
    assert.deepEqual(
      await crumbs.getByRole('link').allInnerTexts(),
      [TEXT.ja.nav, TEXT.ja.skeleton, '10', '10.1'],
    );
    assert.equal(await crumbs.locator('[aria-current="page"]').innerText(), '10.1.1');
    // Both titles, the page's language first.
    const titles = await page.locator('dl.details dd[lang]').evaluateAll((dds) => dds.map((d) => d.lang));
    assert.deepEqual(titles, ['ja', 'en']);
    assertNoPageProblems(problems);
  });

  test('keyboard only: Tab to the search box, type 暗号, Enter submits and finds cryptography', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    await goto(page, '/catalogs');
    let focusedId = '';
    for (let i = 0; i < 30 && focusedId !== 'q'; i++) {
      await page.keyboard.press('Tab');
      focusedId = await page.evaluate(() => document.activeElement?.id || '');
    }
    assert.equal(focusedId, 'q', 'the search box is reachable with Tab');
    const label = await page.evaluate(() => document.activeElement.labels[0].innerText);
    assert.equal(label, TEXT.ja.searchLabel);
    await page.keyboard.type('暗号');
    await Promise.all([page.waitForURL((u) => u.pathname === '/catalogs/search'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).searchParams.get('q'), '暗号');
    assert.equal(await page.locator('#q').inputValue(), '暗号', 'the search box keeps the text');
    const results = page.locator('section[aria-labelledby="results-heading"]');
    assert.match(await results.getByRole('status').innerText(), /「暗号」の検索結果/);
    const hit = results.getByRole('link', { name: '10.1.1', exact: true });
    assert.equal(await hit.first().getAttribute('href'), `/catalogs/${SKELETON}/controls/10.1.1`);
    assert.match(await results.innerText(), /暗号による管理策の利用方針/);
    assertNoPageProblems(problems);
  });

  test('language switch on a control page, and the search in English', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage();
    await goto(page, `/catalogs/${SKELETON}/controls/10.1.1`);
    const toEnglish = page.getByRole('link', { name: TEXT.ja.switchTo, exact: true });
    await clickAndWait(page, toEnglish);
    assert.equal(await htmlLang(page), 'en');
    assert.equal(new URL(page.url()).pathname, `/catalogs/${SKELETON}/controls/10.1.1`);
    assert.match(await page.locator('h1').innerText(), new RegExp(TEXT.en.control));
    const titles = await page.locator('dl.details dd[lang]').evaluateAll((dds) => dds.map((d) => d.lang));
    assert.deepEqual(titles, ['en', 'ja'], 'English title first on the English page');
    const cookies = await context.cookies(suite.server.baseUrl);
    assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'en');

    await goto(page, '/catalogs/search?q=cryptographic');
    assert.equal(await htmlLang(page), 'en', 'the cookie keeps English');
    assert.match(await page.getByRole('status').innerText(), /Results for “cryptographic”/);
    assert.ok(await page.getByRole('link', { name: '10.1.1', exact: true }).first().isVisible());
    assertNoPageProblems(problems);
  });

  test('the compare form opens the diff, with counts, chart and changed fields', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    await goto(page, '/catalogs');
    await page.getByLabel('比較元（旧版）').selectOption(SKELETON);
    await page.getByLabel('比較先（新版）').selectOption(REVISION);
    await clickAndWait(page, page.getByRole('button', { name: '比較する' }));
    assert.equal(new URL(page.url()).pathname, `/catalogs/${SKELETON}/diff/${REVISION}`);
    const chart = page.getByRole('img', { name: new RegExp(TEXT.ja.added) });
    assert.ok(await chart.isVisible(), 'the chart has a text alternative with the counts');
    const added = page.locator('section[aria-labelledby="added-heading"] li');
    assert.equal(await added.count(), 4);
    const changed = page.locator('section[aria-labelledby="changed-heading"] tbody tr');
    assert.equal(await changed.count(), 1);
    assert.match(await changed.innerText(), /名称（日本語）、名称（英語）/);
    assert.match(await changed.innerText(), /改訂で文言変更/);
    assertNoPageProblems(problems);
  });

  test('unknown edition and control: the 404 page in each language', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await openPage();
    await goto(page, '/catalogs/no-such-edition', 404);
    assert.equal(await htmlLang(page), 'ja');
    assert.match(await page.locator('.error-summary').innerText(), /見つかりません/);
    await goto(page, `/catalogs/${SKELETON}/controls/99.9.9?lang=en`, 404);
    assert.equal(await htmlLang(page), 'en');
    assert.match(await page.locator('.error-summary').innerText(), /no such control|not found|not in/i);
  });

  const AXE_PAGES = [
    ['/catalogs', 200],
    [`/catalogs/${SKELETON}`, 200],
    [`/catalogs/${NIST}`, 200],
    [`/catalogs/${SKELETON}/controls/10.1.1`, 200],
    [`/catalogs/${NIST}/controls/ac-2`, 200],
    [`/catalogs/search?q=${encodeURIComponent('暗号')}`, 200],
    ['/catalogs/search?q=zzzzqqqq', 200],
    [`/catalogs/search?q=${'a'.repeat(201)}`, 400],
    [`/catalogs/${SKELETON}/diff/${REVISION}`, 200],
    ['/catalogs/no-such-edition', 404],
  ];
  for (const lang of ['ja', 'en']) {
    test(`axe-core finds no WCAG 2.1 A/AA violations on the catalog pages (${lang})`, { timeout: 240_000 }, async (t) => {
      const { page } = await openPage({ bypassCSP: true });
      for (const [target, status] of AXE_PAGES) {
        const sep = target.includes('?') ? '&' : '?';
        await goto(page, `${target}${sep}lang=${lang}`, status);
        assert.equal(await htmlLang(page), lang);
        // Open every chapter, so the rules see the whole tree.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        await assertAccessible(t, page, `${target} (${lang})`);
      }
    });
  }

  test('phone 375x800: no horizontal scroll; screenshots', { timeout: TEST_TIMEOUT }, async () => {
    await mkdir(outDir, { recursive: true });
    const { page } = await openPage({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    for (const [name, target] of [
      ['catalogs', '/catalogs'],
      ['catalog-tree', `/catalogs/${SKELETON}`],
      ['catalog-control', `/catalogs/${NIST}/controls/ac-2`],
      ['catalog-diff', `/catalogs/${SKELETON}/diff/${REVISION}`],
    ]) {
      for (const lang of ['ja', 'en']) {
        await goto(page, `${target}?lang=${lang}`);
        const { scrollWidth, widest } = await page.evaluate(() => {
          let widestEl = null; let right = 0;
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect().right;
            if (r > right && !el.classList.contains('skip-link') && !el.closest('.table-scroll')) { right = r; widestEl = el; }
          }
          const desc = widestEl ? `${widestEl.tagName.toLowerCase()}${widestEl.className ? '.' + widestEl.className : ''} right=${Math.round(right)}` : '';
          return { scrollWidth: document.scrollingElement.scrollWidth, widest: desc };
        });
        await page.screenshot({ path: path.join(outDir, `${name}-${lang}-375.png`), fullPage: name !== 'catalog-tree' });
        assert.ok(scrollWidth <= 375, `${target} (${lang}): scrollWidth ${scrollWidth} > 375 (widest: ${widest})`);
      }
    }
  });
});
