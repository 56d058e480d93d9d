// Real-browser walk of a cloud service's registration (issue 7) against `ismap serve --demo`, with
// plain forms and one browser context per person: the demo CSP administrator registers a service,
// fills a statement on the full ISMAP skeleton through the editor (the header, a search and one
// row by hand, then every chapter with "adopt all shown"), submits it and asks the registered demo
// audit corporation あおば for an audit; あおば's administrator logs in with password and TOTP
// (enrolling on the way), accepts with the independence declaration and a qualified auditor,
// records results for every adopted control chapter by chapter, uploads the report PDF and issues
// it; the CSP applies with the statement, the engagement and the five disclosures; the reviewer
// takes it from the queue through acceptance and the technical review (every finding met) to a
// recommendation; the secretariat puts it on today's meeting and records attendance; a committee
// member approves; the public list then shows the service with its number, and its public page no
// implementation text. axe-core WCAG 2.1 A/AA on the pages on the way, in Japanese and English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';
import { stepAt, totpCode } from './support/totp.js';

// The walk posts a form per chapter twice and one per review finding (about 120 of those).
const TEST_TIMEOUT = 300_000;

const AOBA = {
  name: 'デモ監査法人あおば',
  email: 'audit_body_admin.aoba@demo.ismap.example',
  password: 'demo-audit_body_admin-password',
};
const SERVICE_JA = 'E2E 行政クラウド基盤';
const SERVICE_EN = 'E2E Government Cloud Platform';
const SCOPE = 'E2E 行政クラウド基盤の IaaS 全機能（東京・大阪リージョン）';
// Written into one statement row by hand; never shown to the public.
const SECRET_IMPLEMENTATION = '鍵は専用の鍵管理装置で保管する（E2E 実装内容 7c1f）';

const suite = useSuite();
const { goto } = suite;

// bypassCSP only lets axe-core's injected script run; the pages need no script of their own.
const openPage = () => suite.openPage({ bypassCSP: true });
const logInAs = (page, role) => suite.logInAsDemo(page, role);
const pathOf = (page) => new URL(page.url()).pathname;

async function submit(page, button, expectedStatus = 200) {
  const response = await clickAndWait(page, button);
  if (response.status() !== expectedStatus) {
    const text = await page.locator('main').innerText().catch(() => '');
    assert.fail(`${page.url()} -> ${response.status()}: ${text.slice(0, 1500)}`);
  }
  return response;
}

// Both languages of the page now shown, then back to Japanese.
async function assertAccessibleBoth(t, page, what) {
  await assertAccessible(t, page, `${what} (ja)`);
  const url = new URL(page.url());
  url.searchParams.set('lang', 'en');
  await goto(page, url.pathname + url.search + url.hash);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${what} (en)`);
  url.searchParams.set('lang', 'ja');
  await goto(page, url.pathname + url.search + url.hash);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
}

// A day in Japan, as the server counts days, `offset` days from today.
function japanDay(offset = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

// The value of the option of `select` whose label contains `text`.
async function optionValue(select, text) {
  const options = select.locator('option').filter({ hasText: text });
  assert.ok((await options.count()) >= 1, `an option with ${text}`);
  return options.first().getAttribute('value');
}

// A one-page PDF, as small as a PDF gets.
function smallPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('cloud services', () => {
  test('from a statement of the full skeleton to the public list', { timeout: TEST_TIMEOUT }, async (t) => {
    // ---- The CSP registers the service and fills its statement. ----
    const csp = await openPage();
    let page = csp.page;
    await logInAs(page, 'csp_admin');
    await goto(page, '/services');
    assert.equal(await page.locator('nav.site-nav a[href="/services"]').getAttribute('aria-current'), 'page');
    await assertAccessibleBoth(t, page, '/services dashboard');
    await submit(page, page.locator('main a[href="/services/new"]'));
    await assertAccessibleBoth(t, page, '/services/new');
    await page.fill('#name_ja', SERVICE_JA);
    await page.fill('#name_en', SERVICE_EN);
    await page.fill('#description', '府省庁向けの仮想サーバとストレージ。');
    await page.selectOption('#model', 'iaas');
    await page.selectOption('#deployment', 'public');
    await page.fill('#regions', '東京\n大阪');
    await page.selectOption('#track', 'ismap');
    await submit(page, page.locator('form[action="/services/new"] button[type="submit"]'));
    const servicePath = pathOf(page);
    assert.match(servicePath, /^\/services\/\d+$/);
    const serviceId = servicePath.split('/').pop();
    assert.equal((await page.locator('h1').innerText()).trim(), SERVICE_JA);
    assert.match(await page.locator('[role="status"]').innerText(), /作成しました/);
    await assertAccessibleBoth(t, page, 'service page (new)');

    // A statement on the full ISMAP skeleton.
    await page.selectOption('#edition', 'ismap-skeleton');
    await submit(page, page.locator(`form[action="${servicePath}/statements"] button[type="submit"]`));
    const statementPath = pathOf(page);
    assert.match(statementPath, /^\/statements\/\d+$/);
    const statementId = statementPath.split('/').pop();
    assert.match(await page.locator('[role="status"]').first().innerText(), /下書きを作成しました/);
    const progress = page.locator('#overall-progress');
    const total = Number(await progress.getAttribute('max'));
    assert.ok(total > 100, `the skeleton has ${total} controls to decide`);
    assert.equal(Number(await progress.getAttribute('value')), 0);
    await assertAccessibleBoth(t, page, 'statement editor (new draft)');

    // The header: scope, overview, representative, an audit period of less than a year.
    await page.fill('#scope', SCOPE);
    await page.fill('#system_overview', '東京・大阪の二拠点で運用する仮想化基盤。');
    await page.fill('#representative', '代表取締役 山田 太郎');
    await page.fill('#period_first', japanDay(-30 - 364));
    await page.fill('#period_last', japanDay(-30));
    await submit(page, page.locator('button[name="action"][value="save"]'));
    assert.match(await page.locator('[role="status"]').first().innerText(), /保存しました/);
    assert.equal(await page.inputValue('#scope'), SCOPE);

    // The search box over every chapter, then one row by hand: adopted, with its implementation.
    await page.selectOption('#chapter-select', '');
    await page.fill('#q', '暗号');
    await submit(page, page.locator('form[role="search"] button[type="submit"]'));
    assert.equal(new URL(page.url()).searchParams.get('q'), '暗号');
    assert.equal(await page.inputValue('#q'), '暗号');
    const found = await page.locator('table.entries tbody tr').count();
    assert.ok(found >= 1 && found < total, `the search shows ${found} of ${total} rows`);
    for (const title of await page.locator('table.entries tbody td[id$="-title"]').allInnerTexts()) {
      assert.match(title, /暗号/);
    }
    const manualControl = await page.locator('input[name="row-0-control"]').inputValue();
    await page.check('#row-0-adopted');
    await page.fill('#row-0-implementation', SECRET_IMPLEMENTATION);
    await submit(page, page.locator('button[name="action"][value="save"]'));
    assert.equal(await page.inputValue('#q'), '暗号', 'the search is kept after saving');
    assert.equal(await page.locator('input[name="row-0-control"]').inputValue(), manualControl);
    assert.ok(await page.isChecked('#row-0-adopted'));
    assert.equal(await page.inputValue('#row-0-implementation'), SECRET_IMPLEMENTATION);
    assert.equal(Number(await progress.getAttribute('value')), 1);
    await assertAccessible(t, page, 'statement editor, search results (ja)');

    // Every chapter through the chapter navigation: adopt all shown.
    const chapterLinks = page.locator('nav.chapter-nav a');
    const chapters = await chapterLinks.count();
    assert.ok(chapters >= 5, `${chapters} chapters`);
    for (let i = 0; i < chapters; i += 1) {
      await submit(page, chapterLinks.nth(i));
      assert.equal(await chapterLinks.nth(i).getAttribute('aria-current'), 'page');
      if ((await page.locator('button[name="action"][value="adopt_shown"]').count()) === 0) continue;
      await submit(page, page.locator('button[name="action"][value="adopt_shown"]'));
      const item = page.locator('nav.chapter-nav li').nth(i);
      assert.equal(await item.locator('.badge').count(), 1, `chapter ${i + 1} complete: ${await item.innerText()}`);
      if (i === 0) await assertAccessibleBoth(t, page, 'statement editor, a chapter adopted');
    }
    assert.equal(Number(await progress.getAttribute('value')), total, 'every control decided');
    assert.equal(await page.locator('#problems').count(), 0, 'no problems left');
    // The hand-written implementation survived its chapter's bulk adoption.
    await goto(page, `${statementPath}?q=${encodeURIComponent(manualControl)}`);
    const manualRow = page.locator(`tr:has(input[value="${manualControl}"])`);
    assert.equal(await manualRow.locator('textarea[name$="-implementation"]').inputValue(), SECRET_IMPLEMENTATION);

    await submit(page, page.locator(`form[action="${statementPath}/submit"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').first().innerText(), /提出しました/);
    assert.match(await page.locator('main p strong').first().innerText(), /提出済み/);
    assert.equal(await page.locator('input[name="row-0-adopted"]').count(), 0, 'read-only once submitted');
    await assertAccessibleBoth(t, page, 'statement, submitted');

    // An audit by the registered demo audit corporation あおば.
    await goto(page, servicePath);
    await page.selectOption('#statement', statementId);
    await page.selectOption('#audit_body', await optionValue(page.locator('#audit_body'), AOBA.name));
    await submit(page, page.locator(`form[action="${servicePath}/engagements"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').innerText(), /監査を依頼しました/);
    const engagementLink = page.locator('section[aria-labelledby="engagements-heading"] tbody a[href^="/engagements/"]');
    assert.equal(await engagementLink.count(), 1);
    const engagementPath = await engagementLink.getAttribute('href');
    const engagementId = engagementPath.split('/').pop();

    // ---- あおば's administrator: password, TOTP enrolment, then the workspace. ----
    const auditor = await openPage();
    page = auditor.page;
    await goto(page, '/login');
    await page.fill('#email', AOBA.email);
    await page.fill('#password', AOBA.password);
    await submit(page, page.locator('form[action="/login"] button[type="submit"]'));
    // auth.mfa_required (on by default): not enrolled yet, so the enrolment page comes first.
    assert.equal(pathOf(page), '/mfa/enrol');
    await submit(page, page.locator('form[action="/mfa/enrol"] button[type="submit"]'));
    const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
    await page.fill('#code', totpCode(secret, stepAt()));
    await submit(page, page.locator('form[action="/mfa/enrol/confirm"] button[type="submit"]'));
    assert.equal(await page.locator('ul.recovery-codes code').count(), 10);
    await goto(page, '/engagements');
    await assertAccessibleBoth(t, page, '/engagements');
    await submit(page, page.locator(`main a[href="${engagementPath}"]`));
    assert.match(await page.locator('dl.summary-list').first().innerText(), /依頼中/);
    await assertAccessibleBoth(t, page, 'engagement, requested');

    await page.check('#did_not_help');
    await page.fill('#independence_text', '当法人及び監査人は言明書の作成に関与しておらず、利害関係もない。');
    await page.fill('#auditor-0-name', '監査 一郎（デモ）');
    await page.selectOption('#auditor-0-q0-kind', 'cais_chief');
    await page.fill('#auditor-0-q0-number', 'CAIS-L-aoba-01');
    await page.fill('#auditor-0-q0-expires', japanDay(700));
    await submit(page, page.locator(`form[action="${engagementPath}/accept"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').innerText(), /監査を受諾しました/);
    assert.match(await page.locator('dl.summary-list').first().innerText(), /受諾済み/);

    // Results for every adopted control, one chapter at a time.
    const chapterValues = await page.locator('#chapter-select option').evaluateAll(
      (options) => options.map((o) => o.value).filter(Boolean));
    assert.equal(chapterValues.length, chapters);
    let recordedRows = 0;
    for (const chapter of chapterValues) {
      await goto(page, `${engagementPath}?chapter=${encodeURIComponent(chapter)}`);
      const rows = page.locator('table.entries tbody tr');
      const n = await rows.count();
      if (n === 0) continue;
      for (let i = 0; i < n; i += 1) {
        await page.fill(`#res-${i}-procedure`, '規程の閲覧と担当者への質問、運用記録のサンプル検証');
        await rows.nth(i).locator(`input[name="res-${i}-design"]`).check();
        await rows.nth(i).locator(`input[name="res-${i}-operating"]`).check();
        await page.selectOption(`#res-${i}-result`, 'no_exception');
      }
      await submit(page, page.locator(`form[action="${engagementPath}/results"] button[type="submit"]`));
      assert.match(await page.locator('[role="status"]').innerText(), /監査結果を保存しました/);
      recordedRows += n;
      if (recordedRows === n) await assertAccessibleBoth(t, page, 'engagement, results of a chapter');
    }
    assert.equal(recordedRows, total, 'every control was adopted, so every one has a result');
    assert.match(await page.locator('section[aria-labelledby="results-heading"] > p').first().innerText(),
      new RegExp(`${total} 件の管理策のうち ${total} 件`));

    // The report, as a PDF, uploaded and issued.
    await page.setInputFiles('#report_file', { name: 'report.pdf', mimeType: 'application/pdf', buffer: smallPdf() });
    await submit(page, page.locator(`form[action="${engagementPath}/report"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').innerText(), /実施結果報告書を発行しました/);
    assert.match(await page.locator('dl.summary-list').first().innerText(), /報告書発行済み/);
    assert.equal(await page.locator('dl.summary-list a[href$="/content"]').count(), 1, 'the report is linked');
    await assertAccessibleBoth(t, page, 'engagement, report issued');

    // ---- The CSP applies. ----
    page = csp.page;
    await goto(page, servicePath);
    await page.selectOption('#purpose', 'new');
    await page.selectOption('#app_statement', statementId);
    await page.selectOption('#app_engagement', engagementId);
    const applicationForm = page.locator(`form[action="${servicePath}/applications"]`);
    const disclosures = applicationForm.locator('fieldset').nth(1).locator('textarea');
    assert.equal(await disclosures.count(), 5, 'five disclosures');
    const texts = ['資本関係：外資による支配なし', '外部委託先：なし', '準拠法：日本法、管轄：東京地方裁判所',
      '年次の第三者による侵入試験', 'ISO/IEC 27001、ISO/IEC 27017 の認証'];
    for (let i = 0; i < 5; i += 1) await disclosures.nth(i).fill(texts[i]);
    await submit(page, applicationForm.locator('button[type="submit"]'));
    const applicationPath = pathOf(page);
    assert.match(applicationPath, /^\/applications\/\d+$/);
    const applicationId = applicationPath.split('/').pop();
    assert.match(await page.locator('[role="status"]').innerText(), /作成しました/);
    await assertAccessibleBoth(t, page, 'application, draft');
    await submit(page, page.locator(`form[action="${applicationPath}/submit"] button[type="submit"]`));
    assert.match(await page.locator('dl.summary-list').first().innerText(), /提出済み/);

    // ---- The reviewer: the queue, acceptance, the findings, the recommendation. ----
    const reviewer = await openPage();
    page = reviewer.page;
    await logInAs(page, 'reviewer');
    await goto(page, '/applications/queue');
    await assertAccessibleBoth(t, page, '/applications/queue');
    let queued = page.locator(`table.queue a[href="${applicationPath}"]`);
    while ((await queued.count()) === 0 && (await page.locator('.pager a[rel="next"]').count()) > 0) {
      await submit(page, page.locator('.pager a[rel="next"]'));
      queued = page.locator(`table.queue a[href="${applicationPath}"]`);
    }
    assert.equal(await queued.count(), 1, 'the application is in the queue');
    assert.match(await page.locator(`tr:has(a[href="${applicationPath}"])`).innerText(), new RegExp(SERVICE_JA));
    await submit(page, queued);
    await submit(page, page.locator(`form[action="${applicationPath}/start-acceptance-check"] button`));
    assert.match(await page.locator('dl.summary-list').first().innerText(), /受理確認/);
    await submit(page, page.locator(`form[action="${applicationPath}/accept"] button`));
    assert.match(await page.locator('dl.summary-list').first().innerText(), /技術的審査/);
    assert.equal(await page.locator('svg[role="img"]').count(), 1, 'time in each state, as a chart');
    await assertAccessibleBoth(t, page, 'application, technical review');
    const findings = await page.locator('section[aria-labelledby="review-heading"] tbody th code').allInnerTexts();
    assert.equal(findings.length, total, 'a finding per adopted control');
    for (const control of findings) {
      await page.fill('#finding_control', control);
      await page.check('input[name="verdict"][value="met"]');
      await submit(page, page.locator(`form[action="${applicationPath}/finding"] button[type="submit"]`));
    }
    const verdicts = await page.locator('section[aria-labelledby="review-heading"] tbody td:nth-of-type(1)').allInnerTexts();
    assert.equal(verdicts.length, total);
    assert.deepEqual(verdicts.filter((v) => v.trim() !== '満たす'), [], 'every finding met');
    const recommend = page.locator(`form[action="${applicationPath}/recommend"]`);
    await recommend.locator('input[name="outcome"][value="approve"]').check();
    await recommend.locator('textarea').fill('言明書、監査結果、開示事項のいずれも基準に適合する。');
    await submit(page, recommend.locator('button[type="submit"]'));
    assert.match(await page.locator('dl.summary-list').first().innerText(), /推薦済み/);
    await assertAccessibleBoth(t, page, 'application, recommended');

    // ---- The secretariat: today's meeting, the agenda, attendance. ----
    const secretariat = await openPage();
    page = secretariat.page;
    await logInAs(page, 'secretariat');
    await goto(page, '/committee');
    await page.fill('#date', japanDay());
    await submit(page, page.locator('form[action="/committee"] button[type="submit"]'));
    const meetingPath = pathOf(page);
    assert.match(meetingPath, /^\/committee\/meetings\/\d+$/);
    const serviceOption = page.locator(`#service_application option[value="${applicationId}"]`);
    assert.equal(await serviceOption.count(), 1, 'the recommended application is offered');
    assert.match(await serviceOption.innerText(), new RegExp(SERVICE_JA));
    await page.selectOption('#service_application', applicationId);
    await submit(page, page.locator(`form[action="${meetingPath}/agenda"] button[type="submit"]`));
    const agendaItem = page.locator(`li#application-${applicationId}`);
    assert.equal(await agendaItem.count(), 1);
    assert.match(await agendaItem.innerText(), new RegExp(SERVICE_JA));
    const members = page.locator('input[name="present"]');
    assert.ok((await members.count()) > 0, 'committee members to check');
    for (let i = 0; i < (await members.count()); i += 1) await members.nth(i).check();
    await submit(page, page.locator(`form[action="${meetingPath}/attendance"] button[type="submit"]`));
    assert.match(await page.locator('[role="status"]').innerText(), /出席を記録しました/);
    await assertAccessibleBoth(t, page, 'meeting with the service application');

    // ---- A committee member approves. ----
    const member = await openPage();
    page = member.page;
    await logInAs(page, 'committee_member');
    await goto(page, meetingPath);
    const item = page.locator(`li#application-${applicationId}`);
    await item.locator('select[name="outcome"]').selectOption('approve');
    await item.locator('textarea[name="reason"]').fill('登録要件を満たすため承認する。');
    await submit(page, item.locator('button[type="submit"]'));
    assert.match(await page.locator(`li#application-${applicationId}`).innerText(), /承認/);
    await assertAccessible(t, page, 'meeting decided (ja)');

    // ---- The public: the list and the service's public page. ----
    const visitor = await openPage();
    page = visitor.page;
    await goto(page, '/cloud-services');
    const listed = page.locator('main table tbody tr').filter({ has: page.locator('th a', { hasText: SERVICE_JA }) });
    assert.equal(await listed.count(), 1, `${SERVICE_JA} on the public list`);
    const cells = await listed.locator('td').allInnerTexts();
    const yy = japanDay().slice(2, 4);
    assert.match(cells[0].trim(), new RegExp(`^C${yy}-\\d{4}-1$`), `registration number ${cells[0]}`);
    assert.ok(cells.some((c) => c.trim() === '登録中'), `status active: ${cells.join(' | ')}`);
    const number = cells[0].trim();
    assert.ok(!(await page.content()).includes(SECRET_IMPLEMENTATION), 'no implementation text on the list');
    await assertAccessibleBoth(t, page, '/cloud-services');
    await submit(page, page.locator('main table tbody tr th a', { hasText: SERVICE_JA }));
    assert.equal(pathOf(page), `/cloud-services/${serviceId}`);
    assert.equal((await page.locator('h1').innerText()).trim(), SERVICE_JA);
    const record = await page.locator('main').innerText();
    assert.match(record, new RegExp(number));
    assert.match(record, new RegExp(SCOPE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(record, new RegExp(AOBA.name));
    assert.ok(!(await page.content()).includes(SECRET_IMPLEMENTATION), 'no implementation text in the page');
    await assertAccessibleBoth(t, page, 'public service page');

    // The provider's dashboard now shows the registration.
    page = csp.page;
    await goto(page, '/services');
    const own = page.locator('main table tbody tr').filter({ has: page.locator(`a[href="${servicePath}"]`) });
    assert.match(await own.innerText(), new RegExp(number));
    await assertAccessible(t, page, '/services dashboard, registered (ja)');

    for (const p of [csp, auditor, reviewer, secretariat, member, visitor]) assertNoPageErrors(p.problems);
  });
});
