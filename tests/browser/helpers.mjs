// helpers.mjs: shared tools of the browser tier: Debian's Chromium through
// playwright-core, axe-core, the W3C Nu HTML checker, artefacts, psql.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

/** The environment `./dev test` exports; every one is required. */
export function env() {
  const names = ['FONTAINE_URL', 'FONTAINE_PGHOST', 'FONTAINE_DB', 'FONTAINE_VAR'];
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: run through ./dev test (or export them)`);
  }
  return {
    url: process.env.FONTAINE_URL.replace(/\/$/, ''),
    pghost: process.env.FONTAINE_PGHOST,
    db: process.env.FONTAINE_DB,
  };
}

// ---- artefacts ---------------------------------------------------------------

export const ARTEFACTS = resolve(HERE, '..', 'artefacts');
export const HTML_DIR = join(ARTEFACTS, 'html');
export const SHOTS_DIR = join(ARTEFACTS, 'screenshots');

/** Empties and recreates tests/artefacts/{html,screenshots}. */
export function resetArtefacts() {
  rmSync(HTML_DIR, { recursive: true, force: true });
  rmSync(SHOTS_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(SHOTS_DIR, { recursive: true });
}

// ---- browser -------------------------------------------------------------------

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

/**
 * Launches Debian's Chromium (never a downloaded browser). playwright.launch()
 * gives it a fresh temporary user-data-dir of its own and deletes it on close
 * (it refuses a --user-data-dir argument: that is launchPersistentContext's job).
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic',
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/**
 * Watches a page: remembers the raw body of the last HTML document the server
 * sent (what vnu must judge, before any script touches the DOM), and collects
 * what a visitor would suffer silently: failed sub-resources, CSP refusals,
 * script errors. Returns { lastDocument(), problems }.
 */
export function watch(page) {
  const state = { doc: null, problems: [] };
  page.on('response', (resp) => {
    const req = resp.request();
    const status = resp.status();
    if (req.resourceType() === 'document' && req.frame() === page.mainFrame()) {
      // A redirect has no body: the document is the response it leads to.
      const type = resp.headers()['content-type'] || '';
      if ((status < 300 || status >= 400) && type.startsWith('text/html')) state.doc = resp;
    } else if (status >= 400) {
      state.problems.push(`${status} ${resp.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A favicon fetch aborted because the test already moved to the next page is no fault.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.url().endsWith('/favicon.svg')) return;
    state.problems.push(`failed ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('console', (msg) => {
    // "Failed to load resource" repeats what the response listener saw, and is
    // also said of an expected 404 or 422 document.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      state.problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => state.problems.push(`page error: ${err.message}`));
  return {
    problems: state.problems,
    async lastDocument() {
      assert.ok(state.doc, 'no HTML document loaded yet');
      return { url: state.doc.url(), status: state.doc.status(), body: await state.doc.body() };
    },
  };
}

/** Saves the raw server HTML of the page's current document as artefacts/html/NAME.html. */
export async function saveHtml(watcher, name) {
  const doc = await watcher.lastDocument();
  const file = join(HTML_DIR, `${name}.html`);
  writeFileSync(file, doc.body);
  return { ...doc, file };
}

// ---- a journey -----------------------------------------------------------------------------

/**
 * A journey through pages in one French desktop browser context: journey(prefix) launches
 * Chromium and returns { page, watcher, htmlFiles, arrive(name, path, opts), close() }.
 * arrive waits for PATH, saves the server HTML as artefacts/html-PREFIX/NAME.html (for the Nu
 * checker at the end), checks the status (opts.status, 200), one h1, no failed sub-resource
 * and axe, and photographs the page at 390 and 1366 px as PREFIX-NAME (unless opts.shoot is
 * false).
 */
export async function journey(prefix) {
  const htmlDir = join(ARTEFACTS, `html-${prefix}`);
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(SHOTS_DIR, { recursive: true });
  const browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: env().url, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: DESKTOP, reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const watcher = watch(page);
  const htmlFiles = [];
  async function arrive(name, path, { status = 200, shoot = true } = {}) {
    await page.waitForURL((u) => u.pathname === path);
    await page.waitForLoadState('load');
    const doc = await watcher.lastDocument();
    const file = join(htmlDir, `${name}.html`);
    writeFileSync(file, doc.body);
    htmlFiles.push(file);
    assert.equal(doc.status, status, `${path}: HTTP status`);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${path}: one h1`);
    assert.deepEqual(watcher.problems.splice(0), [], `${path}: sub-resources, CSP or scripts`);
    await assertAxeClean(page, name);
    if (shoot) await screenshots(page, `${prefix}-${name}`);
  }
  return { page, watcher, htmlFiles, arrive, close: () => browser.close() };
}

// ---- axe-core --------------------------------------------------------------------

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns its
 * violations as readable lines. The source is evaluated through the DevTools
 * protocol (page.evaluate), which the site's CSP (script-src 'self', no inline
 * script) does not govern: the page keeps its real CSP, so bypassCSP is not needed.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return result.flatMap((v) => v.nodes.map((n) =>
    `${v.id} [${v.impact}] ${n.target}: ${v.help} (${v.helpUrl})\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`));
}

/** Fails with every axe violation on the page, one per line, when there is any. */
export async function assertAxeClean(page, name) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [],
    `axe: ${violations.length} violation(s) on ${name} (${page.url()}):\n  ${violations.join('\n  ')}`);
}

// ---- screenshots ------------------------------------------------------------------------

/** Full-page screenshots of the current page at phone and desktop widths. */
export async function screenshots(page, name) {
  const before = page.viewportSize();
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SHOTS_DIR, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

// ---- W3C Nu HTML checker ---------------------------------------------------------------------

const VNU_JAR = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

/**
 * Runs the Nu HTML checker once over FILES (the JVM start is slow) and returns
 * its errors as "file:line:column: message" lines.
 */
export function vnuErrors(files) {
  const java = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (java.error) throw java.error;
  let report;
  try {
    // vnu writes its JSON report on stderr (stdout when --stdout is given).
    report = JSON.parse(java.stderr);
  } catch {
    throw new Error(`vnu did not produce a JSON report (exit ${java.status}):\n${java.stdout}\n${java.stderr}`);
  }
  const cwd = process.cwd();
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => {
      const file = m.url ? relative(cwd, fileURLToPath(m.url)) : '?';
      return `${file}:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}` +
        (m.extract ? `\n      ${m.extract.replace(/\n/g, '⏎')}` : '');
    });
}

// ---- database -----------------------------------------------------------------------------

const PSQL = '/usr/lib/postgresql/15/bin/psql';

/**
 * Runs SQL as postgres on the stack's database and returns its rows as arrays of
 * strings. VARS are psql variables, to be used as :'name' in SQL (quoted by psql).
 */
export function psql(sql, vars = {}) {
  const { pghost, db } = env();
  const args = ['-X', '-q', '-h', pghost, '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1',
    '-At', '-F', '\x1f', '-R', '\x1e'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  const r = spawnSync(PSQL, [...args, '-f', '-'], { input: sql, encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `psql failed: ${r.stderr}`);
  const out = r.stdout.replace(/\n$/, '');
  return out === '' ? [] : out.split('\x1e').map((row) => row.split('\x1f'));
}
