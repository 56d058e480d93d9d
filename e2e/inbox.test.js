// Real-browser tests of the inbox (/inbox) against `ismap serve --demo`, where every demo user starts
// with a welcome notice: the header's link with the unread count, the unread mark in words, marking
// read with the page's plain form, the login redirect for the public, and axe-core WCAG 2.1 A/AA in
// Japanese and English, before and after reading.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 60_000;

const suite = useSuite();
const { goto } = suite;

// bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
const openPage = () => suite.openPage({ bypassCSP: true });
const submit = clickAndWait;
const logInAs = (page, role) => suite.logInAsDemo(page, role);

describe('inbox', () => {
  test('the public is sent to log in', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await openPage();
    await goto(page, '/inbox');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/inbox');
  });

  test('a demo user reads the welcome notice, marks it read, in both languages', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await openPage();
    // An agency member: the audit-body demo notifies evaluators, the secretariat and the committee,
    // so only the welcome notice waits in this inbox.
    await logInAs(page, 'agency_member');

    // The header links to the inbox with the unread count.
    const link = page.locator('header a.inbox-link');
    assert.equal(await link.count(), 1);
    assert.match(await link.innerText(), /お知らせ\s*1\s*件未読/);
    await submit(page, link);
    assert.equal(new URL(page.url()).pathname, '/inbox');
    assert.equal(await page.locator('header a.inbox-link').getAttribute('aria-current'), 'page');

    assert.equal(await page.locator('h1').innerText(), 'お知らせ');
    const item = page.locator('.inbox-item');
    assert.equal(await item.count(), 1);
    assert.match(await item.innerText(), /未読/);
    assert.match(await item.innerText(), /デモへようこそ/);
    assert.equal(await item.locator('a').getAttribute('href'), '/catalogs');
    await assertAccessible(t, page, '/inbox (ja, unread)');

    await goto(page, '/inbox?lang=en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('.inbox-item').innerText(), /Welcome to the demo/);
    assert.match(await page.locator('.lead').innerText(), /Unread: 1/);
    await assertAccessible(t, page, '/inbox (en, unread)');

    // Mark it read: a plain form, back to the inbox, the marks and the header count gone.
    const res = await submit(page, page.locator('.inbox-item form button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/inbox');
    assert.equal(await page.locator('.inbox-item .badge-unread').count(), 0);
    assert.equal(await page.locator('.inbox-item form').count(), 0);
    assert.match(await page.locator('.lead').innerText(), /Unread: 0/);
    assert.equal((await page.locator('header a.inbox-link').innerText()).trim(), 'Notifications');
    await assertAccessible(t, page, '/inbox (en, read)');

    await goto(page, '/inbox?lang=ja');
    await assertAccessible(t, page, '/inbox (ja, read)');
    assertNoPageErrors(problems);
  });
});
