import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import type { AppOptions, ExampleApp } from '../../src/app.js';
import { startApp, tempDataDir } from '../helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from './chromium.js';

export { hasChromium };
if (!hasChromium) {
  const missing = `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`;
  // A skipped browser test passes quietly: CI must not report green without having run them.
  if (process.env.CI === 'true') throw new Error(`CI=true and the browser tests cannot run: ${missing}`);
  console.warn(`browser tests skipped: ${missing}`);
}

/** A browser test walks through several pages and members; a loaded CI machine is slow. */
export const BROWSER_TEST_TIMEOUT = 45_000;

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Where the screenshots go; each test overwrites its own, by a stable name. The README's
 * pictures (docs/screenshots, tracked) change only when asked for with UPDATE_SCREENSHOTS=1;
 * otherwise a test run leaves the working tree alone and writes to .test-artifacts (ignored).
 */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  const folder = env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : '.test-artifacts/screenshots';
  return join(REPO_ROOT, folder);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What a page printed that a strict Content-Security-Policy refused, or a script error. */
interface PageProblems {
  csp: string[];
  errors: string[];
  /** Answers ≥ 400 the test expects, as `<status> <METHOD> <path>`. */
  allowed: Set<string>;
}

export interface BrowserSuite {
  /** `http://127.0.0.1:<port>` of the example app started for the current test. */
  readonly baseUrl: string;
  readonly example: ExampleApp;
  idOf(username: string): number;
  /** Turns messaging on as the admin would (directly through the toggle, for speed). */
  enableMessaging(): Promise<void>;
  /** A fresh browser context (own cookies), closed after the test; its pages are watched for CSP errors. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Declares an answer ≥ 400 that this test causes on purpose (`'400 POST /messages/'`). */
  allowResponse(line: string): void;
  /** A new context signed in as `username` through the login form; returns its page. */
  signedIn(username: string, options?: BrowserContextOptions): Promise<Page>;
  /** Closes every open connection of the server (event streams included), as a network drop would; browsers reconnect. */
  dropConnections(): void;
}

/**
 * Sets up one file of browser tests: a connection to the run's chromium (shared-chromium.ts;
 * started here when the run has none), a new example app (own temp DATA_DIR, rate limits off)
 * on 127.0.0.1:0 per test, and after each test the check that no page reported a CSP
 * violation or an uncaught error.
 */
export function browserSuite(appOptions: Partial<AppOptions> = {}): BrowserSuite {
  let browser: Browser;
  let server: Server | undefined;
  let removeDir = () => {};
  let contexts: BrowserContext[] = [];
  let problems: PageProblems = { csp: [], errors: [], allowed: new Set() };
  const state = { baseUrl: '', example: undefined as unknown as ExampleApp };

  beforeAll(async () => {
    const endpoint = inject('chromiumEndpoint');
    browser = endpoint ? await chromium.connect(endpoint) : await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 30_000);
  afterAll(async () => {
    // Connected: closes this file's contexts and disconnects; the run's chromium goes on.
    await browser?.close();
  });

  beforeEach(async () => {
    const data = tempDataDir();
    removeDir = data.remove;
    // Listening first: the app's absolute links (notification mails) need the port.
    server = await listen();
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    state.example = await startApp(data.dir, { publicUrl: state.baseUrl, ...appOptions });
    server.on('request', state.example.app);
    problems = { csp: [], errors: [], allowed: new Set() };
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    // Open event streams would keep close() waiting.
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await state.example.close();
    removeDir();
    // helmet's default CSP must not refuse anything the pages use, and no script may throw.
    expect(problems.csp, 'CSP violations').toEqual([]);
    expect(problems.errors, 'console errors and uncaught exceptions').toEqual([]);
  });

  const suite: BrowserSuite = {
    get baseUrl() {
      return state.baseUrl;
    },
    get example() {
      return state.example;
    },
    idOf: (username) => (state.example.db.prepare('select id from users where username = ?').get(username) as { id: number }).id,
    async enableMessaging() {
      await state.example.messaging.toggle.setEnabled(true, String(suite.idOf('admin')));
    },
    async newContext(options = {}) {
      const context = await browser.newContext({ baseURL: state.baseUrl, viewport: { width: 1000, height: 700 }, ...options });
      contexts.push(context);
      // Fail with Playwright's own message (what it waited for) well before the test's timeout.
      context.setDefaultTimeout(8_000);
      context.on('page', (page) => watch(page, problems));
      return context;
    },
    allowResponse(line) {
      problems.allowed.add(line);
    },
    async signedIn(username, options) {
      const context = await suite.newContext(options);
      const page = await context.newPage();
      await signInThroughForm(page, username);
      return page;
    },
    dropConnections() {
      server?.closeAllConnections();
    },
  };

  return suite;
}

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

/** Follows the login form as a member would, and waits for the start page. */
export async function signInThroughForm(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('password');
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

function watch(page: Page, problems: PageProblems): void {
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) problems.csp.push(`${page.url()}: ${text}`);
    // A failed load is reported by the 'response' listener below, with its URL.
    else if (msg.type() === 'error' && !text.startsWith('Failed to load resource')) problems.errors.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`${page.url()}: ${err.message}`));
  // Name the failing resource (the console line does not); the browser's own favicon probe is no page's doing.
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const url = new URL(res.url());
    const line = `${res.status()} ${res.request().method()} ${url.pathname}`;
    if (url.pathname !== '/favicon.ico' && !problems.allowed.has(line)) problems.errors.push(`${line} (from ${page.url()})`);
  });
}

/** Saves a full-page screenshot as <screenshotDir()>/<name>. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage: true });
}

/**
 * The browser's globals, as the functions passed to `page.evaluate` see them: this project
 * compiles without the DOM lib, and those functions run in the page, so `globalThis` there
 * is the window. Loosely typed on purpose.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InPage = { document: any; Document: any; Event: any; [name: string]: any };

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string | undefined }[];
}

/** Contexts whose every new document gets axe-core from the browser itself (addInitScript). */
const axeInContext = new WeakSet<BrowserContext>();

/**
 * Runs axe-core on the page. The source goes in through the DevTools protocol, not a
 * `<script>` tag: the example's CSP rightly refuses inline scripts, and the page must stay
 * under that CSP while we check it for violations. The first check in a context sends the
 * source (half a megabyte) once for every later document of the context, where sending it
 * per page was a quarter of the axe tests' time.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const context = page.context();
  if (!axeInContext.has(context)) {
    axeInContext.add(context);
    await context.addInitScript({ content: AXE_SOURCE });
  }
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const page = globalThis as unknown as InPage;
    const result: { violations: AxeViolation[] } = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}
