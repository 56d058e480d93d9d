// A cloud service's public page and the programme statistics (issue 8) against `ismap serve --demo`:
// a service from the public list opens with its per-chapter chart (an image with a text
// alternative) and the table beside it, its history and the link to its audit body; the same page
// on a past date; /statistics with its charts and tables. axe-core WCAG 2.1 A/AA in Japanese and
// English; keyboard: the date form is reached with Tab.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 120_000;

const suite = useSuite();
const { goto } = suite;
const openPage = () => suite.openPage({ bypassCSP: true });

async function assertAccessibleBoth(t, page, path) {
  await goto(page, path);
  await assertAccessible(t, page, `${path} (ja)`);
  await goto(page, path + (path.includes('?') ? '&' : '?') + 'lang=en');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${path} (en)`);
  await goto(page, path + (path.includes('?') ? '&' : '?') + 'lang=ja');
}

describe('public record and statistics', () => {
  test('a registered service page shows its chart, tables and history', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await openPage();
    await goto(page, '/cloud-services');
    const first = page.locator('main a[href^="/cloud-services/"]').first();
    const href = await first.getAttribute('href');
    assert.match(href, /^\/cloud-services\/\d+/);
    const path = href.split('?')[0];
    await goto(page, path);
    const chart = page.locator('section[aria-labelledby="controls-heading"] svg[role="img"]');
    assert.equal(await chart.count(), 1);
    assert.match(await page.locator('#controls-chart-desc').textContent(), /\d+: \d+ \/ \d+\./);
    assert.ok((await page.locator('table.chart-table tbody tr').count()) >= 1);
    assert.ok((await page.locator('section[aria-labelledby="history-heading"] tbody tr').count()) >= 1);
    assert.match(await page.locator('dd a[href^="/audit-bodies/"]').first().getAttribute('href'), /^\/audit-bodies\/\d+/);
    await assertAccessibleBoth(t, page, path);

    // Keyboard: the date box is reachable and shows the page for that day.
    const on = page.locator('#on');
    for (let i = 0; i < 200 && !(await on.evaluate((el) => el === document.activeElement)); ++i) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await on.evaluate((el) => el === document.activeElement), 'Tab reaches the date box');
    const today = await on.inputValue();
    await goto(page, `${path}?on=${today}`);
    assert.equal(await chart.count(), 1);
    assertNoPageErrors(problems);
  });

  test('the statistics page has its charts and tables', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await openPage();
    await goto(page, '/statistics');
    assert.equal(await page.locator('h1').innerText(), '制度の統計');
    assert.equal(await page.locator('svg[role="img"]').count() >= 1, true);
    assert.equal(await page.locator('section[aria-labelledby="lists-heading"] tbody tr').count(), 24);
    await assertAccessibleBoth(t, page, '/statistics');
    assertNoPageErrors(problems);
  });
});
