// Real-browser walk of an audit body's registration (issue 6) against `ismap serve --demo`: the demo
// audit-body administrator creates and submits an application with plain forms; the evaluator finds
// it in the queue, starts the evaluation, marks every checklist item met and recommends approval;
// the secretariat creates today's meeting, puts the application on its agenda and records
// attendance; a committee member approves; the public audit body list then shows the body, and the
// evaluator's monitoring page has its timeline and chart. axe-core WCAG 2.1 A/AA on each page, in
// Japanese and, where cheap, English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 180_000;

const suite = useSuite();
const { goto } = suite;

// bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
const openPage = () => suite.openPage({ bypassCSP: true });
const logInAs = (page, role) => suite.logInAsDemo(page, role);

async function submit(page, button, expectedStatus = 200) {
  const response = await clickAndWait(page, button);
  if (response.status() !== expectedStatus) {
    const text = await page.locator('main').innerText().catch(() => '');
    assert.fail(`${page.url()} -> ${response.status()}: ${text.slice(0, 800)}`);
  }
  return response;
}

// Both languages of the page now shown, then back to Japanese.
async function assertAccessibleBoth(t, page, what) {
  await assertAccessible(t, page, `${what} (ja)`);
  const url = new URL(page.url());
  url.searchParams.set('lang', 'en');
  await goto(page, url.pathname + url.search);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${what} (en)`);
  url.searchParams.set('lang', 'ja');
  await goto(page, url.pathname + url.search);
}

// Today in Japan, as the server counts days.
function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

describe('audit bodies', () => {
  test('the public list renders, in both languages, and refuses a bad date', { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, problems } = await openPage();
    await goto(page, '/');
    const nav = page.locator('nav.site-nav a[href="/audit-bodies"]');
    assert.equal(await nav.count(), 1);
    await submit(page, nav);
    assert.equal(await page.locator('h1').innerText(), '監査機関リスト');
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    const downloads = page.locator('a[download]');
    assert.equal(await downloads.count(), 2);
    assert.match(await downloads.nth(0).getAttribute('href'), /^\/api\/v1\/audit-bodies\?format=csv&on=\d{4}-\d{2}-\d{2}$/);
    assert.match(await downloads.nth(1).getAttribute('href'), /^\/api\/v1\/audit-bodies\?format=xlsx&on=\d{4}-\d{2}-\d{2}$/);
    await assertAccessibleBoth(t, page, '/audit-bodies');

    await goto(page, '/audit-bodies?on=2026-02-30', 400);
    assert.match(await page.locator('.error-summary').innerText(), /YYYY-MM-DD/);
    await assertAccessible(t, page, '/audit-bodies bad date (ja)');
    assertNoPageErrors(problems);
  });

  test('from an application to the public list', { timeout: TEST_TIMEOUT }, async (t) => {
    // The applicant creates and submits.
    const applicant = await openPage();
    let page = applicant.page;
    await logInAs(page, 'audit_body_admin');
    await goto(page, '/audit-bodies/applications');
    await assertAccessible(t, page, '/audit-bodies/applications (ja)');
    await submit(page, page.locator('a[href="/audit-bodies/applications/new"]'));
    await assertAccessibleBoth(t, page, '/audit-bodies/applications/new');

    // A bad expiry date comes back with its message and what was typed.
    await page.fill('#auditor-0-name', '監査 花子');
    await page.selectOption('#auditor-0-q0-kind', 'cais');
    await page.fill('#auditor-0-q0-number', 'CAIS-0001');
    await page.fill('#quality_control', '品質管理責任者を置き、監査調書を査閲する。');
    await page.fill('#independence_policy', '監査先との利害関係を毎年確認する。');
    await page.fill('#contact_email', 'ismap@audit.example');
    await page.fill('#contact_phone', '03-1234-5678');
    await page.fill('#auditor-0-q0-expires', '2099-12-31');
    await submit(page, page.locator('main form button[type="submit"]'));
    const created = new URL(page.url());
    assert.match(created.pathname, /^\/audit-bodies\/applications\/\d+$/);
    const applicationPath = created.pathname;
    const applicationId = applicationPath.split('/').pop();
    assert.match(await page.locator('[role="status"]').innerText(), /作成しました/);
    assert.equal(await page.inputValue('#auditor-0-name'), '監査 花子');
    await assertAccessible(t, page, 'application draft (ja)');

    await submit(page, page.locator(`form[action="${applicationPath}/submit"] button`));
    assert.match(await page.locator('.badge-state').innerText(), /提出済み/);
    assert.equal(await page.locator('#auditor-0-name').count(), 0, 'no edit form once submitted');
    await assertAccessibleBoth(t, page, 'application submitted');

    // The evaluator: the queue, the checklist, the recommendation.
    const evaluator = await openPage();
    page = evaluator.page;
    await logInAs(page, 'evaluator');
    await goto(page, '/audit-bodies/queue');
    const row = page.locator(`tr:has(a[href="${applicationPath}"])`);
    assert.equal(await row.count(), 1);
    const applicantName = (await row.locator('td').nth(1).innerText()).trim();
    assert.ok(applicantName.length > 0);
    await assertAccessibleBoth(t, page, '/audit-bodies/queue');
    await submit(page, row.locator(`a[href="${applicationPath}"]`));
    await submit(page, page.locator(`form[action="${applicationPath}/start-evaluation"] button`));
    assert.match(await page.locator('.badge-state').innerText(), /評価中/);
    const items = await page.locator('form.checklist-form').count();
    assert.ok(items > 0, 'the checklist has items');
    await assertAccessible(t, page, 'checklist (ja)');
    for (let i = 0; i < items; i += 1) {
      const form = page.locator('form.checklist-form').nth(i);
      await form.locator('input[name="verdict"][value="met"]').check();
      await submit(page, form.locator('button[type="submit"]'));
    }
    assert.equal(await page.locator('.checklist-item.verdict-met').count(), items);
    await assertAccessibleBoth(t, page, 'checklist, every item met');
    const recommend = page.locator(`form[action="${applicationPath}/recommend"]`);
    await recommend.locator('input[name="outcome"][value="approve"]').check();
    await recommend.locator('textarea[name="note"]').fill('すべての要件を満たす。');
    await submit(page, recommend.locator('button[type="submit"]'));
    assert.match(await page.locator('.badge-state').innerText(), /推薦済み/);

    // The secretariat: today's meeting, the agenda, attendance.
    const secretariat = await openPage();
    page = secretariat.page;
    await logInAs(page, 'secretariat');
    await goto(page, '/committee');
    await assertAccessibleBoth(t, page, '/committee');
    await page.fill('#date', japanToday());
    await submit(page, page.locator('form[action="/committee"] button[type="submit"]'));
    const meetingPath = new URL(page.url()).pathname;
    assert.match(meetingPath, /^\/committee\/meetings\/\d+$/);
    await page.fill('#application_id', applicationId);
    await submit(page, page.locator(`form[action="${meetingPath}/agenda"] button[type="submit"]`));
    assert.equal(await page.locator(`li#application-${applicationId}`).count(), 1);
    const members = page.locator('input[name="present"]');
    assert.ok((await members.count()) > 0, 'committee members to check');
    for (let i = 0; i < (await members.count()); i += 1) await members.nth(i).check();
    await submit(page, page.locator(`form[action="${meetingPath}/attendance"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').innerText(), /出席を記録しました/);
    await assertAccessibleBoth(t, page, 'meeting (secretariat)');

    // A committee member approves.
    const member = await openPage();
    page = member.page;
    await logInAs(page, 'committee_member');
    await goto(page, meetingPath);
    await assertAccessible(t, page, 'meeting (committee member, ja)');
    const item = page.locator(`li#application-${applicationId}`);
    await item.locator('select[name="outcome"]').selectOption('approve');
    await item.locator('textarea[name="reason"]').fill('要件を満たすため承認する。');
    await submit(page, item.locator('button[type="submit"]'));
    assert.match(await page.locator(`li#application-${applicationId}`).innerText(), /承認/);
    await assertAccessibleBoth(t, page, 'meeting decided');

    // The public list shows the body; its record and the evaluator's monitoring.
    const visitor = await openPage();
    page = visitor.page;
    await goto(page, '/audit-bodies');
    const exactly = new RegExp(`^\\s*${applicantName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const listed = page.locator('table.audit-body-list tbody tr').filter({
      has: page.locator('th a').filter({ hasText: exactly }),
    });
    assert.ok((await listed.count()) >= 1, `${applicantName} on the public list`);
    assert.match(await listed.first().innerText(), /登録中/);
    const recordHref = await listed.first().locator('th a').getAttribute('href');
    await assertAccessible(t, page, '/audit-bodies with the new body (ja)');
    await goto(page, recordHref);
    assert.equal((await page.locator('h1').innerText()).trim(), applicantName);
    await assertAccessibleBoth(t, page, 'public record');

    page = evaluator.page;
    const orgId = recordHref.split('?')[0].split('/').pop();
    await goto(page, `/audit-bodies/${orgId}/monitoring`);
    assert.equal(await page.locator('svg[role="img"]').count(), 1);
    assert.ok((await page.locator('table.timeline tbody tr').count()) > 0);
    await assertAccessibleBoth(t, page, 'monitoring');

    for (const p of [applicant, evaluator, secretariat, member, visitor]) assertNoPageErrors(p.problems);
  });
});
