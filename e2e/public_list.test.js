// Real-browser test of the public cloud service list (issue 8) against `ismap serve --demo`, as a
// member of the public would use it: search in Japanese, filter, every state in the URL, the
// ISMAP-LIU tab, sort, open a service, switch to English with the conditions kept, download the
// filtered list as CSV and XLSX and read what is in them, and the list on a past date.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { assertNoPageProblems, clickAndWait, download, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 180_000;
// The demo's registered service (src/app/cloud_service_demo.cpp).
const SERVICE_JA = 'デモクラウド基盤';
const SERVICE_EN = 'Demo Cloud Platform';

const suite = useSuite();
const { goto } = suite;

const rows = (page) => page.locator('main table tbody tr');
const query = (page) => new URL(page.url()).searchParams;

/** The entries of a zip file (an XLSX workbook) by name, inflated: its central directory read. */
function unzip(buffer) {
  const entries = new Map();
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file ends with its central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + compressed);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('the public cloud service list', () => {
  test('search, filter, open, switch language, download, a past date', { timeout: TEST_TIMEOUT }, async (t) => {
    // bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
    const { page, problems } = await suite.openPage({ bypassCSP: true });
    await goto(page, '/cloud-services');
    assert.ok((await rows(page).count()) >= 1, 'the demo has a registered service');

    // Search in Japanese: part of a kanji and katakana name.
    await page.getByLabel('キーワード').fill('クラウド基');
    await clickAndWait(page, page.getByRole('button', { name: '検索' }));
    assert.equal(query(page).get('q'), 'クラウド基', 'the search is in the URL');
    assert.equal(await rows(page).count(), 1);
    assert.match(await rows(page).first().innerText(), new RegExp(SERVICE_JA));
    assert.match(await page.locator('main [role="status"]').innerText(), /1件中 1〜1件/);
    await assertAccessible(t, page, 'search results (ja)');

    // A search that finds nothing says so.
    await page.getByLabel('キーワード').fill('存在しないサービス名');
    await clickAndWait(page, page.getByRole('button', { name: '検索' }));
    assert.equal(await rows(page).count(), 0, `${page.url()} ${await page.locator('main').innerText()}`);
    assert.match(await page.locator('main').innerText(), /条件に合うクラウドサービスはありません/);

    // Filters: IaaS keeps it, PaaS alone does not; the ISMAP-LIU tab keeps the filters.
    await page.getByLabel('キーワード').fill('デモ');
    await page.getByLabel('IaaS').check();
    await clickAndWait(page, page.getByRole('button', { name: '検索' }));
    assert.equal(query(page).get('model'), 'iaas');
    assert.equal(await rows(page).filter({ hasText: SERVICE_JA }).count(), 1);
    const iaasUrl = page.url();
    await page.getByLabel('IaaS').uncheck();
    await page.getByLabel('PaaS').check();
    await clickAndWait(page, page.getByRole('button', { name: '検索' }));
    assert.equal(await rows(page).filter({ hasText: SERVICE_JA }).count(), 0);
    await goto(page, new URL(iaasUrl).pathname + new URL(iaasUrl).search);
    await clickAndWait(page, page.getByRole('navigation', { name: '登録区分' }).getByRole('link', { name: 'ISMAP-LIU' }));
    assert.equal(query(page).get('track'), 'liu');
    assert.equal(query(page).get('q'), 'デモ', 'a tab keeps the search');
    assert.equal(await page.locator('[aria-current="page"]', { hasText: 'ISMAP-LIU' }).count(), 1);
    assert.equal(await rows(page).filter({ hasText: SERVICE_JA }).count(), 0, 'the demo service is on the ISMAP track');
    await clickAndWait(page, page.getByRole('navigation', { name: '登録区分' }).getByRole('link', { name: 'ISMAP', exact: true }));
    assert.equal(await rows(page).filter({ hasText: SERVICE_JA }).count(), 1);

    // Sorting by a column heading: the URL says it, the heading says it to assistive technology.
    await clickAndWait(page, page.locator('main thead th a', { hasText: '有効期限' }));
    assert.equal(query(page).get('sort'), 'valid_until');
    assert.equal(await page.locator('main thead th[aria-sort="ascending"]').count(), 1);
    await clickAndWait(page, page.locator('main thead th a', { hasText: '有効期限' }));
    assert.equal(query(page).get('sort'), '-valid_until');

    // Downloads carry the same conditions.
    const csvLink = page.getByRole('link', { name: 'CSV', exact: false }).first();
    const csvHref = new URL(await csvLink.getAttribute('href'), suite.server.baseUrl);
    assert.equal(csvHref.searchParams.get('q'), 'デモ');
    assert.equal(csvHref.searchParams.get('format'), 'csv');
    const csv = await download(page, csvLink);
    assert.match(csv.name, /\.csv$/);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM for Excel');
    const csvText = csv.bytes.toString('utf8');
    assert.match(csvText.split('\r\n')[0], /registration_number/);
    assert.match(csvText, new RegExp(SERVICE_JA));
    const xlsx = await download(page, page.getByRole('link', { name: /Excel|XLSX/ }).first());
    assert.match(xlsx.name, /\.xlsx$/);
    const workbook = unzip(xlsx.bytes);
    const sheetText = [...workbook.entries()].filter(([n]) => n.startsWith('xl/')).map(([, v]) => v).join('\n');
    assert.match(sheetText, new RegExp(SERVICE_JA), 'the workbook holds the service');

    // Open the service, then switch to English: the conditions stay in the URL.
    await clickAndWait(page, rows(page).locator('th a', { hasText: SERVICE_JA }));
    assert.match(new URL(page.url()).pathname, /^\/cloud-services\/\d+$/);
    assert.equal((await page.locator('h1').innerText()).trim(), SERVICE_JA);
    await page.goBack();
    await clickAndWait(page, page.locator('a.language-switch'));
    assert.equal(query(page).get('lang'), 'en');
    assert.equal(query(page).get('q'), 'デモ');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await rows(page).filter({ hasText: SERVICE_EN }).count(), 1);
    assert.equal(await page.getByLabel('Keywords').inputValue(), 'デモ');
    await assertAccessible(t, page, 'search results (en)');

    // A past date: before the programme's first registration the list was empty, and says when.
    await page.getByLabel('Keywords').fill('');
    await page.getByLabel('As of', { exact: true }).fill('2020-01-01');
    await clickAndWait(page, page.getByRole('button', { name: 'Search' }));
    assert.equal(query(page).get('on'), '2020-01-01');
    assert.match(await page.locator('#list-heading').innerText(), /2020-01-01/);
    assert.equal(await rows(page).count(), 0);

    // A bad date in the URL: 400, the problem named beside the form, the list still shown.
    await goto(page, '/cloud-services?on=2026-02-30', 400);
    assert.equal(await page.locator('input#on[aria-invalid="true"]').count(), 1);
    await assertAccessible(t, page, 'bad parameter (ja)');
    assertNoPageProblems(problems, [400]);
  });
});
