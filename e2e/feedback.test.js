// Real-browser tests of the feedback threads (issue 9) against `ismap serve --demo`, one browser
// context per person: the demo agency member sends feedback with the plain form (a refused empty
// subject first, its message tied to the field), the secretariat finds it in the list through the
// navigation, filters it, answers it and sees the counts, and the agency member reads the answer
// and closes the thread. axe-core WCAG 2.1 A/AA on every page on the way, in Japanese and English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 120_000;

const suite = useSuite();
const { goto } = suite;

// bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
const openPage = () => suite.openPage({ bypassCSP: true });
const submit = clickAndWait;

// Both languages of the page now open, back to Japanese at the end.
async function assertAccessibleInBoth(t, page, label) {
  const url = new URL(page.url());
  const inLanguage = (lang) => {
    url.searchParams.set('lang', lang);
    return url.pathname + url.search;
  };
  await assertAccessible(t, page, `${label} (ja)`);
  await goto(page, inLanguage('en'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${label} (en)`);
  await goto(page, inLanguage('ja'));
}

describe('feedback', () => {
  test('the public is sent to log in', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await openPage();
    await goto(page, '/feedback');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/feedback');
  });

  test('an agency sends feedback, the secretariat answers, the agency sees the answer', { timeout: TEST_TIMEOUT }, async (t) => {
    const agency = await openPage();
    await suite.logInAsDemo(agency.page, 'agency_member');
    const a = agency.page;

    // The navigation leads to the list; the agency sees the button to send feedback.
    const nav = a.locator('nav.site-nav a[href="/feedback"]');
    assert.equal(await nav.count(), 1);
    await submit(a, nav);
    assert.equal(new URL(a.url()).pathname, '/feedback');
    assert.equal(await a.locator('nav.site-nav a[href="/feedback"]').getAttribute('aria-current'), 'page');
    await assertAccessibleInBoth(t, a, '/feedback (agency, empty)');
    await submit(a, a.locator('a[href="/feedback/new"]'));
    assert.equal(await a.locator('h1').innerText(), 'フィードバックを送る');
    await assertAccessibleInBoth(t, a, '/feedback/new');

    // An empty subject is refused beside its field.
    await a.selectOption('#topic', 'cloud_service_list');
    await a.fill('#body', '地域（大阪）で絞り込めるようにしてください。');
    const refused = await submit(a, a.locator('form.form button[type="submit"]'));
    assert.equal(refused.status(), 400);
    assert.match(await a.locator('.error-summary').innerText(), /件名を入力してください/);
    assert.equal(await a.locator('#subject').getAttribute('aria-invalid'), 'true');
    assert.match(await a.locator('#subject').getAttribute('aria-describedby'), /subject-error/);
    assert.equal(await a.locator('#body').inputValue(), '地域（大阪）で絞り込めるようにしてください。');
    await assertAccessible(t, a, '/feedback/new (ja, refused)');

    await a.fill('#subject', 'リストの地域絞り込み');
    const sent = await submit(a, a.locator('form.form button[type="submit"]'));
    assert.equal(sent.status(), 200);
    assert.match(new URL(a.url()).pathname, /^\/feedback\/\d+$/);
    const threadPath = new URL(a.url()).pathname;
    assert.equal(await a.locator('h1').innerText(), 'リストの地域絞り込み');
    assert.match(await a.locator('.summary-list').innerText(), /対応待ち/);
    assert.match(await a.locator('.feedback-message').first().innerText(), /大阪/);
    await assertAccessibleInBoth(t, a, 'thread (agency, open)');

    // The secretariat: the list names the agency; a filter; the answer.
    const secretariat = await openPage();
    const s = secretariat.page;
    await suite.logInAsDemo(s, 'secretariat');
    await submit(s, s.locator('nav.site-nav a[href="/feedback"]'));
    assert.match(await s.locator('table').innerText(), /リストの地域絞り込み/);
    await s.selectOption('#filter-topic', 'cloud_service_list');
    await s.selectOption('#filter-state', 'open');
    await submit(s, s.locator('form.filter-form button[type="submit"]'));
    assert.equal(new URL(s.url()).searchParams.get('topic'), 'cloud_service_list');
    assert.equal(await s.locator('tbody tr').count(), 1);
    await assertAccessibleInBoth(t, s, '/feedback (secretariat, filtered)');
    await submit(s, s.locator('tbody a', { hasText: 'リストの地域絞り込み' }));
    assert.equal(new URL(s.url()).pathname, threadPath);
    assert.equal(await s.locator('#reply-heading').innerText(), '回答する');
    await s.fill('#body', '次回の改修で地域の絞り込みを追加します。');
    await submit(s, s.locator('section[aria-labelledby="reply-heading"] form.form button[type="submit"]'));
    assert.equal(await s.locator('.feedback-message').count(), 2);
    assert.match(await s.locator('.summary-list').innerText(), /回答済み/);
    await assertAccessibleInBoth(t, s, 'thread (secretariat, answered)');

    // The counts: a chart with its numbers in a table.
    await goto(s, '/feedback/statistics');
    assert.equal(await s.locator('svg[role="img"]').count(), 1);
    const row = s.locator('table.chart-table tbody tr', { hasText: 'クラウドサービスリスト' });
    assert.match(await row.innerText(), /1/);
    await assertAccessibleInBoth(t, s, '/feedback/statistics');

    // The agency: the inbox tells of the answer; the thread shows it; closing it.
    await goto(a, '/inbox');
    assert.match(await a.locator('.inbox').innerText(), /回答がありました/);
    await goto(a, threadPath);
    assert.match(await a.locator('.feedback-message-operator').innerText(), /地域の絞り込みを追加します/);
    await submit(a, a.locator('form[action$="/close"] button'));
    assert.match(await a.locator('.summary-list').innerText(), /終了/);
    assert.equal(await a.locator('form[action$="/reopen"]').count(), 1);
    await assertAccessibleInBoth(t, a, 'thread (agency, closed)');

    assertNoPageErrors(agency.problems);
    assertNoPageErrors(secretariat.problems);
  });
});
