// Real-browser tests of the unregistered-service confirmations and the transitional measures (issue 9)
// against `ismap serve --demo`, one browser context per person. The demo agency member opens the
// confirmations from the navigation, creates one (a refused form first: the missing reason named in
// the summary and beside its field, nothing typed lost), marks every chapter met with the per-chapter
// bulk button one chapter at a time, sets one row "not applicable" (refused at submission until it has
// a note, the problem shown beside the row), and submits; the demo CISO is refused a return without a
// reason, returns it with one, the member resubmits, and the CISO approves: the record is read-only for
// both. The demo secretariat adds a transitional measure starting in the future (refused first with
// its last day before its first, the message beside the field), sees it listed as upcoming and changes
// its last day through the row's link before it starts; the
// agency sees it without the form. axe-core WCAG 2.1 A/AA on every page on the way, in Japanese and
// English (refused forms are sent again in English).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageProblems, clickAndWait, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 300_000;
const SERVICE = 'e2e 文書共有サービス';
const SERVICE_EN = 'e2e document sharing';
const NA_NOTE = '物理的な設備はすべて事業者の管理下にあり、当機関の確認対象外です。';
const RETURN_REASON = '該当しないとした理由に、事業者の第三者認証の名称を書き添えてください。';
const MEASURE = '移行期間の経過措置（e2e）';
const MEASURE_EN = 'Transition period measure (e2e)';

const suite = useSuite();
const { goto } = suite;

// bypassCSP only lets axe-core's injected script run.
const openPage = () => suite.openPage({ bypassCSP: true });
const submit = clickAndWait;

/** The path and query of `page` now, with `lang` set. */
function inLanguage(page, lang) {
  const url = new URL(page.url());
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

/** Axe in Japanese (as the page is), then the same page in English, then back to Japanese. */
async function assertAccessibleBoth(t, page, label) {
  await assertAccessible(t, page, `${label} (ja)`);
  await goto(page, inLanguage(page, 'en'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${label} (en)`);
  await goto(page, inLanguage(page, 'ja'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
}

/**
 * A refused form in English: opens `path` in English (the language is then kept by cookie), runs
 * `sendRefused` (fills and sends the form, checks the English refusal), runs axe, then switches the
 * browser back to Japanese on `path`.
 */
async function refusedInEnglish(t, page, path, label, sendRefused) {
  await goto(page, `${path}${path.includes('?') ? '&' : '?'}lang=en`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await sendRefused();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${label} (en, refused)`);
  await goto(page, `${path}${path.includes('?') ? '&' : '?'}lang=ja`);
}

/** A field refused with `message`: the summary names it and links to it, the message is beside it. */
async function assertFieldRefused(page, id, message) {
  const summary = page.locator('.error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.match(await summary.innerText(), message);
  assert.equal(await summary.locator(`a[href="#${id}"]`).count(), 1, `the summary links to #${id}`);
  const field = page.locator(`#${id}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.match(await field.getAttribute('aria-describedby'), new RegExp(`\\b${id}-error\\b`));
  assert.match(await page.locator(`#${id}-error`).innerText(), message);
}

/** The date `days` from today in Japan, YYYY-MM-DD. */
function japanDate(days) {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const progressOf = async (page) => page.locator('dl.summary dt:has-text("確認済み項目") + dd').innerText();
const stateOf = async (page) =>
  (await page.locator('dl.summary').first().locator('dt:has-text("状態") + dd').innerText()).trim();

describe('unregistered-service confirmations', () => {
  test('an agency records a service not on the list, its CISO returns it once and approves it',
    { timeout: TEST_TIMEOUT }, async (t) => {
      const agency = await openPage();
      const a = agency.page;
      await suite.logInAsDemo(a, 'agency_member');

      // The navigation leads to the (empty) list, which offers a new record.
      await submit(a, a.locator('nav.site-nav a[href="/unregistered-services"]'));
      assert.equal(new URL(a.url()).pathname, '/unregistered-services');
      assert.equal(await a.locator('nav.site-nav a[href="/unregistered-services"]').getAttribute('aria-current'), 'page');
      assert.equal(await a.locator('h1').innerText(), '未登録サービスの確認');
      assert.match(await a.locator('main').innerText(), /確認記録はありません。/);
      await assertAccessibleBoth(t, a, '/unregistered-services (agency, empty)');

      await submit(a, a.getByRole('link', { name: '確認を新規作成' }));
      assert.equal(new URL(a.url()).pathname, '/unregistered-services/new');
      assert.equal(await a.locator('h1').innerText(), '未登録サービスの確認を作成');
      await assertAccessibleBoth(t, a, '/unregistered-services/new');

      // Sent without the reason it is needed: refused beside the field, nothing typed lost.
      const fillService = async () => {
        await a.fill('#name_ja', SERVICE);
        await a.fill('#name_en', SERVICE_EN);
        await a.fill('#provider_name', '株式会社イーツーイー');
        await a.selectOption('#model', 'paas');
        await a.fill('#regions', '東京\n大阪');
        await a.fill('#url', 'https://docs.example.jp/');
        await a.fill('#notes', '庁内の文書共有に使う。');
      };
      const create = () => submit(a, a.locator('form.form button[type="submit"]'));
      await fillService();
      let res = await create();
      assert.equal(res.status(), 400);
      assert.equal(new URL(a.url()).pathname, '/unregistered-services/new');
      await assertFieldRefused(a, 'need', /このサービスが必要な理由を入力してください。/);
      assert.equal(await a.locator('[aria-invalid="true"]').count(), 1, 'only the reason is refused');
      assert.equal(await a.locator('#name_ja').inputValue(), SERVICE);
      assert.equal(await a.locator('#name_en').inputValue(), SERVICE_EN);
      assert.equal(await a.locator('#provider_name').inputValue(), '株式会社イーツーイー');
      assert.equal(await a.locator('#model').inputValue(), 'paas');
      assert.equal(await a.locator('#regions').inputValue(), '東京\n大阪');
      assert.equal(await a.locator('#url').inputValue(), 'https://docs.example.jp/');
      assert.equal(await a.locator('#notes').inputValue(), '庁内の文書共有に使う。');
      await assertAccessible(t, a, '/unregistered-services/new (ja, refused)');
      await refusedInEnglish(t, a, '/unregistered-services/new', '/unregistered-services/new', async () => {
        await fillService();
        const refused = await create();
        assert.equal(refused.status(), 400);
        await assertFieldRefused(a, 'need', /Say why the agency needs this service\./);
        assert.equal(await a.locator('#regions').inputValue(), '東京\n大阪');
      });
      assert.equal(await a.locator('h1').innerText(), '未登録サービスの確認を作成');
      await goto(a, '/unregistered-services');
      assert.match(await a.locator('main').innerText(), /確認記録はありません。/, 'a refused form creates nothing');

      // Created: the record page opens on its first chapter, nothing marked.
      await submit(a, a.getByRole('link', { name: '確認を新規作成' }));
      await fillService();
      await a.fill('#need', '共同作業のため、リストにない文書共有サービスを使う必要がある。');
      res = await create();
      assert.equal(res.status(), 200);
      assert.match(new URL(a.url()).pathname, /^\/unregistered-services\/\d+$/);
      const recordPath = new URL(a.url()).pathname;
      assert.equal(await a.locator('h1').innerText(), SERVICE);
      assert.equal(await stateOf(a), '下書き');
      const [, total] = (await progressOf(a)).match(/^(\d+) 項目中 0 項目$/) || [];
      assert.ok(Number(total) > 0, `the items to confirm: ${await progressOf(a)}`);
      assert.equal(await a.locator('#findings-heading').innerText(), '提出前に解決が必要な項目');
      assert.match(await a.locator('section[aria-labelledby="findings-heading"] > p').innerText(),
        new RegExp(`^${total} 件$`));
      await assertAccessibleBoth(t, a, 'record (draft, nothing marked)');

      // The chapters, each with its count of items; together they are every item.
      const chapterLinks = a.locator('nav.chapter-nav a');
      const chapters = [];
      for (const link of await chapterLinks.all()) {
        const counts = await link.locator('xpath=following-sibling::span').innerText();
        const [, done, of] = counts.match(/^(\d+)\/(\d+)$/);
        assert.equal(done, '0');
        chapters.push({ href: await link.getAttribute('href'), title: await link.innerText(), of: Number(of) });
      }
      assert.ok(chapters.length > 1, 'more than one chapter');
      assert.equal(chapters.reduce((sum, c) => sum + c.of, 0), Number(total));
      assert.equal(await a.locator('nav.chapter-nav a[aria-current="page"]').innerText(), chapters[0].title);

      // Every chapter met with its bulk button, one chapter at a time.
      let marked = 0;
      for (const [i, chapter] of chapters.entries()) {
        if (i > 0) await submit(a, a.locator(`nav.chapter-nav a[href="${chapter.href}"]`));
        assert.equal(await a.locator('nav.chapter-nav a[aria-current="page"]').innerText(), chapter.title);
        assert.equal(await a.locator('#items-heading').innerText(), chapter.title);
        assert.equal(await a.locator('table tbody tr').count(), chapter.of, `${chapter.title}: one row per item`);
        const bulk = a.getByRole('button', { name: `${chapter.title} の項目をすべて「満たす」にする` });
        res = await submit(a, bulk);
        assert.equal(res.status(), 200);
        assert.equal(new URL(a.url()).pathname + new URL(a.url()).search, chapter.href, 'back to the same chapter');
        marked += chapter.of;
        assert.equal(await a.locator(`nav.chapter-nav a[href="${chapter.href}"] + span`).innerText(),
          `${chapter.of}/${chapter.of}`);
        const marks = await a.locator('table tbody select').evaluateAll((selects) => selects.map((s) => s.value));
        assert.deepEqual(marks, Array(chapter.of).fill('met'), `${chapter.title}: every row met`);
        assert.equal(await progressOf(a), `${total} 項目中 ${marked} 項目`);
        if (i === 0 || i === chapters.length - 1) {
          await assertAccessibleBoth(t, a, `record, chapter ${chapter.title} met`);
        } else {
          await assertAccessible(t, a, `record, chapter ${chapter.title} met (ja)`);
        }
      }
      assert.equal(await a.locator('#findings-heading').count(), 0, 'nothing left to resolve');

      // One row "not applicable": without a note it is a problem, named beside the row.
      const chapter = chapters.find((c) => /物理的/.test(c.title)) || chapters[0];
      await submit(a, a.locator(`nav.chapter-nav a[href="${chapter.href}"]`));
      const row = a.locator('table tbody tr').first();
      const control = (await row.locator('th[scope="row"]').innerText()).trim();
      const anchor = control.replace(/[^A-Za-z0-9]/g, '-');
      assert.equal(await row.getAttribute('id'), `item-${anchor}`);
      assert.equal(await a.getByLabel(`${control} 確認結果`).inputValue(), 'met');
      await a.getByLabel(`${control} 確認結果`).selectOption('not_applicable');
      res = await submit(a, a.getByRole('button', { name: '保存する', exact: true }));
      assert.equal(res.status(), 200);
      assert.equal(await a.locator(`#mark-${anchor}`).inputValue(), 'not_applicable', 'the mark is saved');
      const note = a.locator(`#note-${anchor}`);
      assert.equal(await note.getAttribute('aria-invalid'), 'true');
      assert.equal(await note.getAttribute('aria-describedby'), `problem-${anchor}`);
      assert.match(await a.locator(`#problem-${anchor}`).innerText(), /説明が必要です/);
      const findings = a.locator('section[aria-labelledby="findings-heading"]');
      assert.match(await findings.innerText(), /1 件/);
      assert.equal(await findings.locator('a').getAttribute('href'),
        `${recordPath}?chapter=${encodeURIComponent(chapter.href.split('chapter=')[1])}#item-${anchor}`);
      assert.equal(await progressOf(a), `${total} 項目中 ${total} 項目`);
      await assertAccessibleBoth(t, a, 'record, a row without its note');

      // Submitting now is refused, and says why.
      res = await submit(a, a.getByRole('button', { name: 'CISO に提出する' }));
      assert.equal(res.status(), 409);
      assert.match(await a.locator('.error-summary').innerText(), /未確認の項目や不備があるため提出できません/);
      assert.equal(await stateOf(a), '下書き');
      await assertAccessible(t, a, 'record, submission refused (ja)');

      // The finding leads back to the row; the note given, saved: nothing left to resolve; submitted.
      await submit(a, a.locator(`section[aria-labelledby="findings-heading"] a[href$="#item-${anchor}"]`));
      assert.equal(new URL(a.url()).hash, `#item-${anchor}`);
      assert.equal(await a.locator('#items-heading').innerText(), chapter.title);
      await a.locator(`#note-${anchor}`).fill(NA_NOTE);
      res = await submit(a, a.getByRole('button', { name: '保存する', exact: true }));
      assert.equal(res.status(), 200);
      assert.equal(await a.locator(`#note-${anchor}`).inputValue(), NA_NOTE);
      assert.equal(await a.locator(`#note-${anchor}`).getAttribute('aria-invalid'), null);
      assert.equal(await a.locator('#findings-heading').count(), 0);
      assert.equal(await a.locator('table tbody select').first().inputValue(), 'not_applicable');
      res = await submit(a, a.getByRole('button', { name: 'CISO に提出する' }));
      assert.equal(res.status(), 200);
      assert.equal(new URL(a.url()).pathname, recordPath);
      assert.equal(await stateOf(a), 'CISO 承認待ち');
      assert.equal(await a.locator('form[action$="/bulk"], form[action$="/submit"], table select').count(), 0,
        'a submitted record is no longer edited');
      assert.equal(await a.locator('#decision-heading').count(), 0, 'the member does not decide');
      await assertAccessibleBoth(t, a, 'record (submitted, member)');

      // The CISO: the list shows it waiting; a return without a reason is refused beside the field.
      const ciso = await openPage();
      const c = ciso.page;
      await suite.logInAsDemo(c, 'agency_ciso');
      await submit(c, c.locator('nav.site-nav a[href="/unregistered-services"]'));
      const listed = c.locator('tbody tr', { hasText: SERVICE });
      assert.match(await listed.innerText(), /CISO 承認待ち/);
      assert.match(await listed.innerText(), /株式会社イーツーイー/);
      await assertAccessibleBoth(t, c, '/unregistered-services (CISO)');
      await submit(c, listed.getByRole('link', { name: SERVICE }));
      assert.equal(new URL(c.url()).pathname, recordPath);
      assert.equal(await c.locator('#decision-heading').innerText(), 'CISO の判断');
      await assertAccessibleBoth(t, c, 'record (submitted, CISO)');

      const returnButton = () => c.getByRole('button', { name: '差し戻す' });
      res = await submit(c, returnButton());
      assert.equal(res.status(), 400);
      await assertFieldRefused(c, 'reason', /差戻しの理由を入力してください。/);
      assert.equal(await stateOf(c), 'CISO 承認待ち');
      await assertAccessible(t, c, 'record, return refused (ja)');
      await refusedInEnglish(t, c, recordPath, 'record, return', async () => {
        await c.getByLabel('Reason for returning').fill('  ');
        const refused = await submit(c, c.getByRole('button', { name: 'Return', exact: true }));
        assert.equal(refused.status(), 400);
        await assertFieldRefused(c, 'reason', /Enter why the confirmation is returned\./);
      });

      // Returned with a reason: a draft again, the reason shown to the member, who resubmits.
      await c.getByLabel('差戻しの理由').fill(RETURN_REASON);
      res = await submit(c, returnButton());
      assert.equal(res.status(), 200);
      assert.equal(await stateOf(c), '差戻し（下書き）');
      assert.equal(await c.locator('#decision-heading').count(), 0);
      await goto(a, recordPath);
      assert.equal(await stateOf(a), '差戻し（下書き）');
      assert.match(await a.locator('main [role="note"]').innerText(),
        new RegExp(`CISO からの差戻し理由[\\s\\S]*${RETURN_REASON}`));
      await assertAccessibleBoth(t, a, 'record (returned, member)');
      await submit(a, a.locator(`nav.chapter-nav a[href="${chapter.href}"]`));
      await a.locator(`#note-${anchor}`).fill(`${NA_NOTE}（ISO/IEC 27001 認証取得済み）`);
      await submit(a, a.getByRole('button', { name: '保存する', exact: true }));
      res = await submit(a, a.getByRole('button', { name: 'CISO に提出する' }));
      assert.equal(res.status(), 200);
      assert.equal(await stateOf(a), 'CISO 承認待ち');
      assert.equal(await a.locator('main [role="note"]').count(), 0, 'the reason goes with the resubmission');

      // Approved: read-only for the CISO and the member, the row's mark and note shown as text.
      await goto(c, recordPath);
      res = await submit(c, c.getByRole('button', { name: '承認する' }));
      assert.equal(res.status(), 200);
      assert.equal(new URL(c.url()).pathname, recordPath);
      for (const [who, page] of [['CISO', c], ['member', a]]) {
        if (page === a) await goto(a, recordPath);
        assert.equal(await stateOf(page), '承認済み', `${who} sees it approved`);
        assert.equal(await page.locator('main form').count(), 0, `${who}: no form on an approved record`);
        assert.equal(await page.locator('main input, main select, main textarea').count(), 0, `${who}: no field`);
        assert.equal(await page.locator('#service-heading').innerText(), 'サービスの情報');
        assert.match(await page.locator('section[aria-labelledby="service-heading"]').innerText(), /共同作業のため/);
        await submit(page, page.locator(`nav.chapter-nav a[href="${chapter.href}"]`));
        const cells = await page.locator(`#item-${anchor} td`).allInnerTexts();
        assert.equal(cells[1], '該当しない');
        assert.match(cells[2], /ISO\/IEC 27001 認証取得済み/);
        const otherMarks = await page.locator('table tbody tr:not(:first-child) td:nth-of-type(2)').allInnerTexts();
        assert.ok(otherMarks.length > 0 && otherMarks.every((m) => m === '満たす'), `${who}: the rest met`);
        await assertAccessibleBoth(t, page, `record (approved, ${who})`);
      }
      await goto(a, '/unregistered-services');
      assert.match(await a.locator('tbody tr', { hasText: SERVICE }).innerText(), /承認済み/);

      // The secretariat oversees every agency's records, read-only.
      const secretariat = await openPage();
      const s = secretariat.page;
      await suite.logInAsDemo(s, 'secretariat');
      await submit(s, s.locator('nav.site-nav a[href="/unregistered-services"]'));
      assert.match(await s.locator('main').innerText(), /各政府機関等の未登録サービスの確認記録です（閲覧のみ）。/);
      assert.equal(await s.getByRole('link', { name: '確認を新規作成' }).count(), 0);
      assert.match(await s.locator('tbody tr', { hasText: SERVICE }).innerText(), /デモ省[\s\S]*承認済み/);
      await assertAccessibleBoth(t, s, '/unregistered-services (secretariat)');

      assertNoPageProblems(agency.problems, [400, 409]);
      assertNoPageProblems(ciso.problems, [400]);
      assertNoPageProblems(secretariat.problems);
    });
});

describe('transitional measures', () => {
  test('the secretariat adds a measure starting in the future; agencies see it listed', { timeout: TEST_TIMEOUT },
    async (t) => {
      const secretariat = await openPage();
      const s = secretariat.page;
      await suite.logInAsDemo(s, 'secretariat');
      await submit(s, s.locator('nav.site-nav a[href="/transitional-measures"]'));
      assert.equal(new URL(s.url()).pathname, '/transitional-measures');
      assert.equal(await s.locator('nav.site-nav a[href="/transitional-measures"]').getAttribute('aria-current'), 'page');
      assert.equal(await s.locator('h1').innerText(), '経過措置');
      assert.match(await s.locator('section[aria-labelledby="measures-heading"]').innerText(), /経過措置はありません。/);
      await assertAccessibleBoth(t, s, '/transitional-measures (secretariat, none)');

      // Its last day before its first: refused beside the period, nothing typed lost.
      const from = japanDate(30);
      const until = japanDate(90);
      const fillMeasure = async (lastDay) => {
        await s.fill('#title_ja', MEASURE);
        await s.fill('#title_en', MEASURE_EN);
        await s.fill('#description_ja', '制度改正に伴う移行期間の間、確認を統制目標までとする。');
        await s.fill('#effective_from', from);
        await s.fill('#effective_until', lastDay);
        await s.check('#relax-objectives_only');
      };
      const add = () => submit(s, s.locator('form[action="/transitional-measures"] button[type="submit"]'));
      await fillMeasure(japanDate(10));
      let res = await add();
      assert.equal(res.status(), 400);
      await assertFieldRefused(s, 'effective_from', /適用終了日は適用開始日以後の日付にしてください。/);
      assert.equal(await s.locator('#title_ja').inputValue(), MEASURE);
      assert.equal(await s.locator('#title_en').inputValue(), MEASURE_EN);
      assert.equal(await s.locator('#effective_from').inputValue(), from);
      assert.equal(await s.locator('#effective_until').inputValue(), japanDate(10));
      assert.ok(await s.locator('#relax-objectives_only').isChecked(), 'the relaxation stays chosen');
      assert.ok(!(await s.locator('#relax-pending_applications').isChecked()));
      assert.match(await s.locator('section[aria-labelledby="measures-heading"]').innerText(), /経過措置はありません。/);
      await assertAccessible(t, s, '/transitional-measures (ja, refused)');
      await refusedInEnglish(t, s, '/transitional-measures', '/transitional-measures', async () => {
        await fillMeasure(japanDate(10));
        const refused = await add();
        assert.equal(refused.status(), 400);
        await assertFieldRefused(s, 'effective_from', /The last day must be on or after the first day\./);
      });

      // No relaxation chosen: refused beside the choices.
      await fillMeasure(until);
      await s.uncheck('#relax-objectives_only');
      res = await add();
      assert.equal(res.status(), 400);
      assert.match(await s.locator('.error-summary').innerText(), /緩和する内容を1つ以上選んでください。/);
      assert.match(await s.locator('#relaxation-error').innerText(), /緩和する内容を1つ以上選んでください。/);
      // The summary's link leads to the choices, which the message describes.
      assert.equal(await s.locator('.error-summary a[href="#relaxation"]').count(), 1);
      const choices = s.locator('fieldset#relaxation');
      assert.equal(await choices.count(), 1, 'the summary links to the fieldset of the choices');
      assert.match(await choices.getAttribute('aria-describedby') || '', /\brelaxation-error\b/);
      assert.equal(await s.locator('#effective_from').getAttribute('aria-invalid'), null);
      await assertAccessible(t, s, '/transitional-measures (ja, no relaxation)');

      // Added: listed as upcoming, with its period and relaxation, and a form to end it early.
      await s.check('#relax-objectives_only');
      res = await add();
      assert.equal(res.status(), 200);
      assert.equal(new URL(s.url()).pathname, '/transitional-measures');
      assert.equal(await s.locator('.error-summary').count(), 0);
      assert.equal(await s.locator('#title_ja').inputValue(), '', 'the form is empty again');
      const rows = s.locator('section[aria-labelledby="measures-heading"] tbody tr');
      assert.equal(await rows.count(), 1);
      const cells = await rows.first().locator('td').allInnerTexts();
      assert.match(cells[0], new RegExp(MEASURE.replace(/[()（）]/g, '.')));
      assert.match(cells[0], /移行期間の間/);
      assert.equal(cells[1], `${from} – ${until}`);
      assert.equal(cells[2], '未登録サービスの確認を統制目標まで（詳細管理策を除く）とする');
      assert.equal(cells[3], '適用前');
      assert.equal(await rows.first().getByRole('button', { name: '早期終了する' }).count(), 1);
      await assertAccessibleBoth(t, s, '/transitional-measures (secretariat, one upcoming)');
      await goto(s, '/transitional-measures?lang=en');
      const english = await s.locator('section[aria-labelledby="measures-heading"] tbody tr').first()
        .locator('td').allInnerTexts();
      assert.match(english[0], /Transition period measure \(e2e\)/);
      assert.equal(english[3], 'Upcoming');
      await goto(s, '/transitional-measures?lang=ja');

      // Before its first day it can be changed: the row's link fills the form, the change is saved.
      const change = rows.first().getByRole('link', { name: /^変更する/ });
      assert.match(await change.innerText(), /変更する/);
      await submit(s, change);
      assert.equal(await s.locator('#new-measure-heading').innerText(), '経過措置を変更する');
      assert.equal(await s.locator('#title_ja').inputValue(), MEASURE);
      assert.equal(await s.locator('#effective_until').inputValue(), until);
      assert.ok(await s.locator('#relax-objectives_only').isChecked());
      await assertAccessibleBoth(t, s, '/transitional-measures?edit (secretariat)');
      const later = japanDate(120);
      await s.fill('#effective_until', later);
      res = await submit(s, s.getByRole('button', { name: '変更を保存する' }));
      assert.equal(res.status(), 200);
      assert.equal(await s.locator('#new-measure-heading').innerText(), '経過措置を追加', 'back to a new one');
      assert.equal((await rows.first().locator('td').allInnerTexts())[1], `${from} – ${later}`);

      // An agency reads the list, without the form or the early end.
      const agency = await openPage();
      const a = agency.page;
      await suite.logInAsDemo(a, 'agency_member');
      await submit(a, a.locator('nav.site-nav a[href="/transitional-measures"]'));
      const seen = a.locator('section[aria-labelledby="measures-heading"] tbody tr');
      assert.equal(await seen.count(), 1);
      assert.match(await seen.innerText(), /適用前/);
      assert.equal(await a.locator('main form').count(), 0, 'the agency cannot add or end measures');
      assert.equal(await a.locator('#new-measure-heading').count(), 0);
      assert.equal(await seen.getByRole('link', { name: /^変更する/ }).count(), 0, 'nor change them');
      await assertAccessibleBoth(t, a, '/transitional-measures (agency)');
      // Not in force yet: a new confirmation applies no measure.
      await goto(a, '/unregistered-services/new');
      assert.equal(await a.locator('main .notice').count(), 0, 'no measure in force today');

      assertNoPageProblems(secretariat.problems, [400]);
      assertNoPageProblems(agency.problems);
    });
});
