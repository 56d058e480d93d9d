// Real-browser test of the operational report (issue 9) against `ismap serve --demo`: the demo
// secretariat follows the navigation to /reports/operations, asks for a period with the form, sees
// each figure family as a chart (svg role="img" with its text alternative) beside its table, in
// Japanese and English, axe-core clean; the page prints as the report (no navigation, form or
// download links; every chart and table kept); the CSV downloads with its BOM; a period ending
// before it starts is refused at its field.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageProblems, clickAndWait, download, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 180_000;
const suite = useSuite();
const { goto } = suite;

function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

// The 1 April four years before today's year: the period up to today stays within five years.
const FROM = `${Number(japanToday().slice(0, 4)) - 4}-04-01`;

/** Every figure: its chart's accessible name parts and its table's row count. */
const figures = (page) => page.locator('section.report-figure').evaluateAll((sections) => sections.map((s) => ({
  id: s.getAttribute('aria-labelledby'),
  svgRole: s.querySelector('svg')?.getAttribute('role'),
  title: s.querySelector('svg title')?.textContent.trim(),
  desc: s.querySelector('svg desc')?.textContent.trim(),
  rows: s.querySelectorAll('table tbody tr').length,
  bars: s.querySelectorAll('svg rect').length,
})));

describe('the operational report', () => {
  test('the secretariat opens a period, sees charts and tables, prints and downloads', { timeout: TEST_TIMEOUT }, async (t) => {
    // bypassCSP only lets axe-core's injected script run; the page needs no script of its own.
    const { page, problems } = await suite.openPage({ bypassCSP: true, acceptDownloads: true });
    await suite.logInAsDemo(page, 'secretariat');
    await goto(page, '/');
    const navLink = page.locator('nav.site-nav a[href="/reports/operations"]');
    assert.equal(await navLink.count(), 1, 'the secretariat\'s navigation links the report');
    await clickAndWait(page, navLink);
    assert.equal(await navLink.getAttribute('aria-current'), 'page');

    // The period form: from FROM to today.
    await page.fill('#from', FROM);
    await page.fill('#to', japanToday());
    const shown = await clickAndWait(page, page.locator('form.report-form button[type="submit"]'));
    assert.equal(shown.status(), 200);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('from'), FROM);
    assert.equal(url.searchParams.get('to'), japanToday());
    assert.ok((await page.locator('.report-period').innerText()).includes(FROM));

    const ja = await figures(page);
    assert.equal(ja.length, 8, 'applications, three decision-time figures, registrations by list and by model, confirmations, feedback');
    for (const f of ja) {
      assert.equal(f.svgRole, 'img', `${f.id}: the chart is an image`);
      assert.ok(f.title, `${f.id}: the chart has a title`);
      assert.match(f.desc, /\d/, `${f.id}: the text alternative carries the numbers`);
      assert.ok(f.rows >= 1, `${f.id}: the numbers are tabled beside the chart`);
    }
    // The demo registers services: on the list at the period's end, so some bar has height.
    const registrations = page.locator('#registrations-desc');
    assert.match(await registrations.textContent(), /ISMAP/);
    const tallest = await page.locator('section.report-figure svg rect').evaluateAll(
      (rects) => Math.max(...rects.map((r) => Number(r.getAttribute('height')))));
    assert.ok(tallest > 0, 'some figure is not zero');
    await assertAccessible(t, page, '/reports/operations (ja)');

    // English, the period kept.
    await clickAndWait(page, page.locator('a.language-switch'));
    assert.equal(new URL(page.url()).searchParams.get('from'), FROM);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Operational report');
    const en = await figures(page);
    assert.equal(en.length, 8);
    assert.match(en[1].title, /Days from application to decision/);
    await assertAccessible(t, page, '/reports/operations (en)');

    // Print: the report alone, every chart and table kept.
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['nav.site-nav', 'form.report-form', '.report-downloads']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} hidden in print`);
    }
    assert.ok(await page.locator('h1').isVisible());
    assert.ok(await page.locator('.report-period').isVisible(), 'the period prints');
    const printed = await page.locator('section.report-figure').evaluateAll((sections) => sections.map((s) => ({
      svg: s.querySelector('svg').getBoundingClientRect().height > 0,
      table: s.querySelector('table').getBoundingClientRect().height > 0,
      breakInside: getComputedStyle(s).breakInside,
    })));
    assert.equal(printed.length, 8);
    for (const p of printed) {
      assert.ok(p.svg && p.table, 'chart and table print');
      assert.equal(p.breakInside, 'avoid', 'a figure is not split across pages');
    }
    await page.emulateMedia({ media: 'screen' });

    // The CSV of the same period, in Japanese.
    await clickAndWait(page, page.locator('a.language-switch'));
    const csvLink = page.getByRole('link', { name: /CSV/ });
    const csvHref = new URL(await csvLink.getAttribute('href'), suite.server.baseUrl);
    assert.equal(csvHref.pathname, '/api/v1/reports/operations');
    assert.equal(csvHref.searchParams.get('from'), FROM);
    const csv = await download(page, csvLink);
    assert.ok(csv.name.startsWith(`operations-report-${FROM}-`) && csv.name.endsWith('.csv'), csv.name);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM for Excel');
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '区分,一覧,項目,値');
    assert.ok(lines.some((l) => l.startsWith('登録（一覧別）,ISMAP,期末の登録数,')), 'registrations by list');
    assertNoPageProblems(problems);
  });

  test('a period ending before it starts is refused at its field', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await suite.openPage({ bypassCSP: true });
    await suite.logInAsDemo(page, 'secretariat');
    await goto(page, '/reports/operations?from=2026-04-01&to=2026-03-01', 400);
    assert.match(await page.locator('#to-error').innerText(), /終了日が開始日より前です/);
    assert.equal(await page.locator('#to').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('section.report-figure').count(), 0);
    await assertAccessible(t, page, '/reports/operations with a bad period');
    assertNoPageProblems(problems, [400]);
  });
});
