// Real-browser test of the procurement pages (issue 9) against `ismap serve --demo`: the demo
// agency's member builds the profile documented at the top of src/app/cloud_service_demo.cpp (the
// ISMAP baseline of ismap-skeleton, regions 東京 and 大阪), which three registered demo services meet
// and two miss; runs the check, which saves it; opens a gap and reads the named missing
// requirements; prints (print media: no navigation, every gap shown; the print button calls
// window.print); downloads the CSV and reads it back; axe-core WCAG 2.1 A/AA on every page in
// Japanese and English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageProblems, clickAndWait, download, useSuite } from './support/suite.js';
import { assertAccessible } from './support/axe.js';

const TEST_TIMEOUT = 240_000;
const PROFILE = '東京・大阪の ISMAP サービス（e2e）';
const MEET = ['デモクラウド基盤', 'デモデータ分析基盤', 'デモ会議室予約'];
const MISS = { desk: 'デモ電子申請窓口', kyushu: 'デモ九州ファイル共有' };

const suite = useSuite();
const { goto } = suite;

/** Axe in Japanese (as the page is), then the same page in English, then back to Japanese. */
async function assertAccessibleBoth(t, page, label) {
  await assertAccessible(t, page, `${label} (ja)`);
  const url = new URL(page.url());
  url.searchParams.set('lang', 'en');
  await goto(page, url.pathname + url.search);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible(t, page, `${label} (en)`);
  url.searchParams.set('lang', 'ja');
  await goto(page, url.pathname + url.search);
}

describe('procurement checks', () => {
  test('an agency builds a profile, runs a check, opens a gap, prints and downloads it', { timeout: TEST_TIMEOUT },
    async (t) => {
      // bypassCSP only lets axe-core's injected script run; the page's own script is a file.
      const { page, problems } = await suite.openPage({ bypassCSP: true, acceptDownloads: true });
      await suite.logInAsDemo(page, 'agency_member');

      // The signed-in navigation leads to the agency's procurement pages.
      await clickAndWait(page, page.locator('nav.site-nav').getByRole('link', { name: '調達チェック' }));
      assert.equal(new URL(page.url()).pathname, '/procurement');
      assert.equal(await page.locator('nav.site-nav a[aria-current="page"]').innerText(), '調達チェック');
      await assertAccessibleBoth(t, page, '/procurement');

      // A form with problems: each is named at the top and beside its field, nothing typed is lost.
      await clickAndWait(page, page.getByRole('link', { name: '新しいプロファイルを作る' }));
      await assertAccessibleBoth(t, page, '/procurement/profiles/new');
      await page.getByLabel('調達の目的').fill('庁内の文書共有基盤の調達');
      await page.getByLabel('追加の管理策').fill('区切りのない行');
      let res = await clickAndWait(page, page.getByRole('button', { name: 'プロファイルを保存' }));
      assert.equal(res.status(), 400);
      const summary = page.locator('.error-summary');
      assert.match(await summary.innerText(), /名称/);
      assert.match(await summary.innerText(), /「区切りのない行」は「版のキー:管理策ID」の形ではありません/);
      assert.equal(await page.locator('#added[aria-invalid="true"]').count(), 1);
      assert.equal(await page.getByLabel('調達の目的').inputValue(), '庁内の文書共有基盤の調達');
      assert.equal(await page.getByLabel('追加の管理策').inputValue(), '区切りのない行');
      await assertAccessible(t, page, 'profile form with errors (ja)');

      // The documented profile.
      await page.getByLabel('名称', { exact: true }).fill(PROFILE);
      await page.getByLabel('ISMAP 管理基準の版').selectOption('ismap-skeleton');
      await page.getByLabel('ベースライン', { exact: true }).selectOption('ismap');
      await page.getByLabel('追加の管理策').fill('');
      await page.getByLabel(/リージョン/).fill('東京, 大阪');
      res = await clickAndWait(page, page.getByRole('button', { name: 'プロファイルを保存' }));
      assert.equal(res.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/procurement\/profiles\/\d+$/);
      assert.equal((await page.locator('h1').innerText()).trim(), PROFILE);
      assert.match(await page.locator('[role="status"]').innerText(), /作成しました/);
      // What it requires: a count, and the list folded in a <details>.
      assert.match(await page.locator('main').innerText(), /求める管理策は \d+ 件です/);
      const requirements = page.locator('details.requirements');
      assert.equal(await requirements.getAttribute('open'), null);
      await requirements.locator('summary').click();
      assert.ok(await requirements.locator('tbody tr').first().isVisible(), 'the requirements open');
      await assertAccessibleBoth(t, page, 'profile page');

      // Run the check: it is saved and shown.
      await clickAndWait(page, page.getByRole('button', { name: '調達チェックを実行して保存' }));
      assert.match(new URL(page.url()).pathname, /^\/procurement\/checks\/\d+$/);
      const checkPath = new URL(page.url()).pathname;
      assert.match(await page.locator('[role="status"]').innerText(), /記録として保存しました/);
      assert.equal(await page.locator('#count-meets').innerText(), '3');
      assert.equal(await page.locator('#count-unconfirmed').innerText(), '0');
      assert.equal(await page.locator('#count-misses').innerText(), '2');
      const chart = page.locator('svg.chart[role="img"]');
      assert.match(await chart.locator('title').textContent(), /適合 3.*未確認 0.*不適合 2/);
      const meets = page.locator('section[aria-labelledby="meets-heading"]');
      for (const name of MEET) {
        assert.equal(await meets.getByRole('rowheader', { name }).count(), 1, `${name} meets`);
      }

      // Open one gap: its missing requirements are named.
      const kyushu = page.locator('details.gap', { hasText: MISS.kyushu });
      const desk = page.locator('details.gap', { hasText: MISS.desk });
      assert.equal(await kyushu.getAttribute('open'), null);
      assert.ok(!(await desk.locator('li', { hasText: '14.2.7' }).isVisible()), 'a closed gap hides its list');
      await kyushu.locator('summary').click();
      assert.ok(await kyushu.locator('li', { hasText: 'リージョン: 福岡 のみ' }).isVisible());
      await assertAccessible(t, page, 'check record, a gap open (ja)');

      // Print media: no navigation, no buttons, and every gap shown, the closed one too.
      await page.emulateMedia({ media: 'print' });
      assert.ok(!(await page.locator('nav.site-nav').isVisible()), 'the navigation does not print');
      assert.ok(!(await page.locator('button[data-print]').isVisible()), 'the print button does not print');
      assert.ok(await desk.locator('li', { hasText: '範囲: ISMAP-LIU の監査範囲での登録です' }).isVisible(),
        'a closed gap prints its list');
      assert.ok(await desk.locator('li', { hasText: '14.2.7: 採用されていない' }).isVisible());
      assert.ok(await kyushu.locator('li', { hasText: '福岡' }).isVisible());
      await page.screenshot({ path: 'out/procurement-check-print.png', fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // The print button (shown by the page's script) calls window.print and opens every gap first.
      await page.evaluate(() => {
        window.__printed = 0;
        window.print = () => {
          window.__printed += 1;
        };
      });
      const printButton = page.getByRole('button', { name: '印刷する' });
      assert.ok(await printButton.isVisible(), 'the script shows the print button');
      await printButton.click();
      assert.equal(await page.evaluate(() => window.__printed), 1);

      // The CSV download (GET /api/v1/procurement-checks/{id}?format=csv): UTF-8 with a BOM, one row
      // per gap, read back.
      const csvLink = page.getByRole('link', { name: 'CSV をダウンロード' });
      assert.match(await csvLink.getAttribute('href'), /^\/api\/v1\/procurement-checks\/\d+\?format=csv$/);
      const csv = await download(page, csvLink);
      assert.match(csv.name, /^procurement-check-\d+\.csv$/);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM for Excel');
      const rows = csv.bytes.toString('utf8').slice(1).split('\r\n').filter((line) => line !== '');
      assert.match(rows[0], /^確認の基準日,要件プロファイル,結果,登録番号,クラウドサービス/);
      assert.ok(rows.some((row) => row.includes('デモ電子申請窓口') && row.includes('14.2.7: 採用されていない')),
        'the desk\'s missing control');
      assert.ok(rows.some((row) => row.includes('デモ九州ファイル共有') && row.includes('リージョン: 福岡 のみ')));
      assert.equal(rows.filter((row) => row.includes(',適合,')).length, 3, 'one row for each service that meets');

      await assertAccessibleBoth(t, page, checkPath);

      // The saved check is listed with its counts on the agency's page.
      await goto(page, '/procurement');
      const saved = page.locator(`a[href="${checkPath}"]`);
      assert.equal(await saved.count(), 1, 'the check is saved');
      assert.match(await page.locator('main').innerText(), new RegExp(PROFILE.replace(/[()（）]/g, '.')));
      assertNoPageProblems(problems, [400]);
    });
});
