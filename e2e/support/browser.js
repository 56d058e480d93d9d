// Launches Debian's Chromium (never a browser that Playwright downloads) headless.
//
// Profile: chromium.launch() starts Chromium with a fresh temporary --user-data-dir
// (os.tmpdir()/playwright_chromiumdev_profile-*) that Playwright deletes on browser.close(), so
// every launch starts from an empty profile; each test then opens its own isolated
// browser.newContext() (own cookies, locale, viewport).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// Without the background-networking flags Chromium tries to reach Google services at start-up, and
// this closed network refuses those connections.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium; close it with `await browser.close()`. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_BIN)`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
