// axe-core WCAG 2.1 A/AA checks on the page as it is now. The pages' CSP (script-src 'self') blocks
// injected inline scripts, so the page's browser context must be created with `bypassCSP: true`.
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeSource;

/**
 * Runs axe-core with the WCAG 2.1 A/AA and best-practice rules. Returns { violations, advisories,
 * summary }: violations are rules with a WCAG tag (they fail tests), advisories best practice only.
 */
export async function runAxe(page) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    await page.addScriptTag({ content: axeSource });
  }
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    [...WCAG_TAGS, 'best-practice'],
  );
  const isWcag = (rule) => rule.tags.some((tag) => WCAG_TAGS.includes(tag));
  const violations = results.violations.filter(isWcag);
  const advisories = results.violations.filter((r) => !isWcag(r));
  const summary = `axe-core ${results.testEngine.version}: ${results.passes.length} rules passed, ` +
    `${violations.length} WCAG 2.1 A/AA violated, ${results.incomplete.length} need review` +
    (results.incomplete.length ? ` (${results.incomplete.map((r) => r.id).join(', ')})` : '');
  return { violations, advisories, summary };
}

export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => {
      const summary = (n.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean).join(' / ');
      return `    - ${n.target.join(' ')}  ${summary}`;
    }).join('\n');
    return `  * ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes}`;
  }).join('\n');
}

/**
 * Fails the test `t` when axe-core finds a WCAG 2.1 A/AA violation on `page`; prints the summary and
 * the best-practice findings (which do not fail) as diagnostics naming `what`.
 */
export async function assertAccessible(t, page, what) {
  const { violations, advisories, summary } = await runAxe(page);
  t.diagnostic(`${what}: ${summary}`);
  for (const line of formatViolations(advisories).split('\n').filter(Boolean)) {
    t.diagnostic(`best practice, not failing (${what}): ${line.trim()}`);
  }
  assert.ok(violations.length === 0, `axe-core WCAG 2.1 A/AA violations on ${what}:\n${formatViolations(violations)}`);
}
