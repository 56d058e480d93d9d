// Real-browser tests of the identity pages against `ismap serve --demo`: password login, TOTP
// enrolment (QR code page, secret read from the page, code computed here as an authenticator app
// would), recovery codes, the account page, logging out, logging in again with a TOTP code, the
// one-click demo login, and axe-core WCAG 2.1 A/AA on every page in Japanese. No JavaScript is
// needed by the pages: every step is a plain form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './support/server.js';
import { assertNoPageProblems as assertProblems, clickAndWait, demoLoginButton, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';
import { stepAt, totpCode } from './support/totp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');
const TEST_TIMEOUT = 90_000;

const ADMIN = { email: 'admin@demo.ismap.example', password: 'demo-admin-password' };
const SECRETARIAT = { email: 'secretariat@demo.ismap.example', password: 'demo-secretariat-password' };

const suite = useSuite();
// Set by the enrolment test, used by the second login: the admin's TOTP secret and the time step
// whose code confirmed enrolment (a code is single-use per step, so the next login needs a later one).
let adminSecret = null;
let enrolmentStep = null;

const { goto, openPage } = suite;
const submit = clickAndWait;
const assertNoPageProblems = (problems) => assertProblems(problems, [400, 401, 403, 429]);

const pathOf = (page) => new URL(page.url()).pathname;

async function logInWithPassword(page, { email, password }) {
  await goto(page, '/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  return submit(page, page.locator('form[action="/login"] button[type="submit"]'));
}

/** The code for the first time step that is still accepted (now ±1) and later than `usedStep`. */
function nextCode(secret, usedStep) {
  const step = Math.max(stepAt(), usedStep + 1);
  assert.ok(step <= stepAt() + 1, 'a later step is within the accepted window');
  return { step, code: totpCode(secret, step) };
}

describe('identity pages', () => {
  test('admin: password, TOTP enrolment, recovery codes, account, log out', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage();

    // The header offers a login link to the public; the demo banner links to /login too.
    await goto(page, '/');
    assert.equal(await page.locator('header nav a[href="/login"]').innerText(), 'ログイン');
    assert.equal(await page.locator('.demo-banner a').getAttribute('href'), '/login');

    // Step 1: e-mail and password. Not yet enrolled → the enrolment page.
    let res = await logInWithPassword(page, ADMIN);
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/mfa/enrol');
    const cookie = (await context.cookies(suite.server.baseUrl)).find((c) => c.name === 'ismap_session');
    assert.ok(cookie, 'session cookie set');
    assert.ok(cookie.httpOnly, 'session cookie is HttpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(await page.locator('h1').innerText(), '二要素認証の設定');

    // Starting is a POST; it shows the QR code (inline SVG) and the secret.
    res = await submit(page, page.locator('form[action="/mfa/enrol"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('figure.qr svg[role="img"]').count(), 1, 'QR code SVG shown');
    const secretText = await page.locator('code.secret').innerText();
    adminSecret = secretText.replace(/\s+/g, '');
    assert.match(adminSecret, /^[A-Z2-7]{32}$/, `secret ${JSON.stringify(secretText)}`);
    const codeInput = page.locator('#code');
    assert.equal(await codeInput.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await codeInput.getAttribute('inputmode'), 'numeric');

    // A wrong code first: the error is tied to the field.
    await codeInput.fill('000000');
    res = await submit(page, page.locator('form[action="/mfa/enrol/confirm"] button[type="submit"]'));
    assert.equal(res.status(), 401);
    assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#code').getAttribute('aria-describedby'), /\bcode-error\b/);
    assert.match(await page.locator('#code-error').innerText(), /確認コードが正しくない/);

    // The right code (what an authenticator app shows now).
    enrolmentStep = stepAt();
    await page.locator('#code').fill(totpCode(adminSecret, enrolmentStep));
    res = await submit(page, page.locator('form[action="/mfa/enrol/confirm"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'リカバリーコード');
    const codes = await page.locator('ul.recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10, 'ten recovery codes');
    for (const c of codes) assert.match(c, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    assert.equal(res.headers()['cache-control'], 'no-store');

    // The account page: who I am, MFA on; the header shows my name.
    res = await submit(page, page.getByRole('link', { name: 'アカウントのページへ進む' }));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/account');
    const details = await page.locator('dl.details').innerText();
    assert.match(details, /admin@demo\.ismap\.example/);
    assert.match(details, /システム管理者/);
    assert.match(details, /二要素認証\s*有効/);
    assert.equal(await page.locator('header nav a[href="/account"]').count(), 1, 'header links to /account');

    // Log out: back to /login with a notice; /account now sends me to the login page.
    res = await submit(page, page.locator('form[action="/logout"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/login');
    assert.match(await page.locator('.notice').innerText(), /ログアウトしました/);
    res = await goto(page, '/account');
    assert.equal(pathOf(page), '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/account');
    assertNoPageProblems(problems);
  });

  test('admin logs in again with password and a TOTP code, and lands where it asked', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(adminSecret, 'the enrolment test ran first');
    const { page, problems } = await openPage();
    // Asking for an admin page first: the login remembers it.
    await goto(page, '/admin/organizations');
    assert.equal(pathOf(page), '/login');
    await page.locator('#email').fill(ADMIN.email);
    await page.locator('#password').fill(ADMIN.password);
    let res = await submit(page, page.locator('form[action="/login"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/login/mfa');

    // Codes are single-use per time step: use the next step the server still accepts.
    const { code } = nextCode(adminSecret, enrolmentStep);
    await page.locator('#code').fill(code);
    res = await submit(page, page.locator('form[action="/login/mfa"]:has(#code) button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/admin/organizations');
    assert.ok(await page.locator('table tbody tr').count() >= 8, 'the demo organisations are listed');

    // Logging out everywhere ends this session too.
    await goto(page, '/account');
    res = await submit(page, page.locator('form[action="/logout/everywhere"] button[type="submit"]'));
    assert.equal(pathOf(page), '/login');
    assert.match(await page.locator('.notice').innerText(), /すべての端末からログアウトしました/);
    await goto(page, '/account');
    assert.equal(pathOf(page), '/login');
    assertNoPageProblems(problems);
  });

  test('a wrong password is refused with the message tied to the fields', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page } = await openPage({ bypassCSP: true });
    const res = await logInWithPassword(page, { email: ADMIN.email, password: 'not the password' });
    assert.equal(res.status(), 401);
    assert.equal(pathOf(page), '/login');
    assert.match(await page.locator('.error-summary').innerText(), /メールアドレスまたはパスワードが正しくありません/);
    for (const id of ['#email', '#password']) {
      assert.equal(await page.locator(id).getAttribute('aria-invalid'), 'true', `${id} aria-invalid`);
      assert.match(await page.locator(id).getAttribute('aria-describedby'), /\bform-error\b/, `${id} described by the error`);
    }
    assert.equal(await page.locator('#email').inputValue(), ADMIN.email, 'the address is kept');
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
    await assertAccessible(t, page, '/login with an error');
  });

  test('one-click demo login as reviewer', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    await goto(page, '/login');
    const card = page.locator('.demo-accounts li').filter({ has: demoLoginButton(page, 'reviewer') });
    assert.equal(await card.count(), 1, 'a demo card for the reviewer');
    assert.match(await card.innerText(), /reviewer@demo\.ismap\.example/);
    assert.match(await card.innerText(), /demo-reviewer-password/);
    const res = await submit(page, demoLoginButton(page, 'reviewer'));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/account');
    const details = await page.locator('dl.details').innerText();
    assert.match(details, /reviewer@demo\.ismap\.example/);
    assert.match(details, /審査担当者/);
    assert.match(await page.locator('header nav a[href="/account"]').innerText(), /reviewer/);
    // A reviewer may not manage organisations: 403, not a login redirect.
    await goto(page, '/admin/organizations', 403);
    assert.equal(pathOf(page), '/admin/organizations');
    assertNoPageProblems(problems);
  });

  test('axe-core: no WCAG 2.1 A/AA violations on the identity pages (ja)', { timeout: TEST_TIMEOUT }, async (t) => {
    // /login (with the demo accounts).
    {
      const { page } = await openPage({ bypassCSP: true });
      await goto(page, '/login');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
      await assertAccessible(t, page, '/login');
    }
    // /login/mfa: the admin (enrolled above) after the password step.
    {
      assert.ok(adminSecret, 'the enrolment test ran first');
      const { page } = await openPage({ bypassCSP: true });
      await logInWithPassword(page, ADMIN);
      assert.equal(pathOf(page), '/login/mfa');
      await assertAccessible(t, page, '/login/mfa');
    }
    // /mfa/enrol, before and after starting: the secretariat user, not enrolled yet.
    {
      const { page } = await openPage({ bypassCSP: true });
      await logInWithPassword(page, SECRETARIAT);
      assert.equal(pathOf(page), '/mfa/enrol');
      await assertAccessible(t, page, '/mfa/enrol (start)');
      await submit(page, page.locator('form[action="/mfa/enrol"] button[type="submit"]'));
      assert.equal(await page.locator('figure.qr svg').count(), 1);
      await assertAccessible(t, page, '/mfa/enrol (QR code)');
    }
    // /account and /admin/organizations: the admin by one-click demo login.
    {
      const { page } = await openPage({ bypassCSP: true });
      await goto(page, '/login');
      await submit(page, demoLoginButton(page, 'admin'));
      assert.equal(pathOf(page), '/account');
      await assertAccessible(t, page, '/account');
      await goto(page, '/admin/organizations');
      await assertAccessible(t, page, '/admin/organizations');
      await goto(page, '/admin/organizations/1/users');
      await assertAccessible(t, page, '/admin/organizations/1/users');
      await mkdir(outDir, { recursive: true });
      await page.screenshot({ path: path.join(outDir, 'admin-users-ja.png'), fullPage: true });
    }
  });

  test('admin pages: create an organisation and a user; the one-time password is shown once', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await openPage({ bypassCSP: true });
    await goto(page, '/login');
    await submit(page, demoLoginButton(page, 'admin'));
    await goto(page, '/admin/organizations');

    // Missing English name: 400, the error beside the field and in the summary.
    await page.locator('#kind').selectOption('agency');
    await page.locator('#name_ja').fill('デジタル試験庁');
    let res = await submit(page, page.locator('form[action="/admin/organizations"] button[type="submit"]'));
    assert.equal(res.status(), 400);
    assert.equal(await page.locator('#name_en').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#name_ja').inputValue(), 'デジタル試験庁', 'what was typed is kept');
    await assertAccessible(t, page, '/admin/organizations with an error');

    await page.locator('#name_en').fill('Agency for Digital Testing');
    res = await submit(page, page.locator('form[action="/admin/organizations"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).searchParams.has('created'), true, 'redirected after the POST');
    const row = page.locator('tbody tr').filter({ hasText: 'デジタル試験庁' });
    assert.equal(await row.count(), 1, 'the new organisation is listed (UTF-8 form data decoded)');

    await submit(page, row.locator('a'));
    assert.match(pathOf(page), /^\/admin\/organizations\/\d+\/users$/);
    // Only the roles of a government organisation are offered.
    const roles = await page.locator('fieldset#roles input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(roles.sort(), ['agency_ciso', 'agency_member']);
    await page.locator('#email').fill('hanako@digital-test.example');
    await page.locator('#display_name').fill('試験 花子');
    await page.locator('#role-agency_ciso').check();
    res = await submit(page, page.locator('form[action$="/users"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('.notice').innerText(), /試験 花子/);
    const otp = await page.locator('.notice code.secret').innerText();
    assert.ok(otp.length >= 12, 'a one-time password is shown');
    assert.equal(res.headers()['cache-control'], 'no-store');
    await assertAccessible(t, page, '/admin/organizations/{id}/users after creating a user');
    // Shown once: a reload of the list does not show it again.
    await goto(page, pathOf(page));
    assert.equal(await page.locator('.notice').count(), 0);
    assertNoPageProblems(problems);
  });
});

describe('without --demo', () => {
  let plain;
  before(async () => { plain = await startServer({ demo: false }); });
  after(async () => {
    if (plain) {
      const { code } = await plain.stop();
      assert.equal(code, 0, `ismap did not exit 0 on SIGTERM\n${plain.logs().stderr}`);
    }
  });

  test('no demo accounts on /login, and POST /demo/login does not exist', { timeout: TEST_TIMEOUT }, async () => {
    const login = await fetch(`${plain.baseUrl}/login`);
    assert.equal(login.status, 200);
    const html = await login.text();
    assert.ok(!html.includes('/demo/login'), 'no one-click demo forms');
    assert.ok(!html.includes('demo-accounts'), 'no demo section');
    const demo = await fetch(`${plain.baseUrl}/demo/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=admin',
      redirect: 'manual',
    });
    await demo.arrayBuffer();
    assert.equal(demo.status, 404, 'the route is not registered');
    assert.equal(demo.headers.get('set-cookie'), null, 'no session');
  });
});
