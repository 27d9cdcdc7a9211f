// Opens an HTML report in Debian's headless chromium through playwright-core and prints, as JSON, what a
// person would see and what the browser complained about: console messages, page errors, dialogs (an alert()
// that ran), requests other than the file itself, and what the page holds. Also saves screenshots.
// Usage: node render-html.mjs <report.html> <desktop.png> <phone.png>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [report, desktopShot, phoneShot] = process.argv.slice(2);
const url = pathToFileURL(resolve(report)).href;
const profile = mkdtempSync(join(tmpdir(), 'kc-chromium-'));
const seen = { console: [], pageErrors: [], dialogs: [], requests: [] };

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => seen.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('dialog', async (d) => { seen.dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (r) => { if (r.url() !== url) seen.requests.push(r.url()); });

  await page.goto(url, { waitUntil: 'load' });
  const facts = await page.evaluate(() => ({
    title: document.title,
    scripts: document.querySelectorAll('script').length,
    chart: document.querySelectorAll('svg.chart').length,
    bars: [...document.querySelectorAll('svg.chart rect.bar title')].map((t) => t.textContent),
    totals: Object.fromEntries([...document.querySelectorAll('.total')].map((t) => [t.lastChild.textContent, Number(t.querySelector('b').textContent)])),
    failingNodes: [...document.querySelectorAll('#failing td.node')].map((td) => td.textContent),
    otherNodes: [...document.querySelectorAll('#other td.node')].map((td) => td.textContent),
    failingRemediation: [...document.querySelectorAll('#failing td[data-label="Remediation"]')].map((td) => td.textContent),
    bodyWidth: document.documentElement.scrollWidth,
  }));
  await page.screenshot({ path: desktopShot, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: phoneShot, fullPage: false });
  process.stdout.write(JSON.stringify({ ...seen, ...facts, phoneWidth }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
