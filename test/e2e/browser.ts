/**
 * Headless Debian Chromium driven by playwright-core (no browser download: /usr/bin/chromium from
 * dev/n8n/install-system.sh). Nothing may leave the machine: every host name but loopback resolves to
 * nothing inside Chromium (--host-resolver-rules), so e.g. the editor's look-up of community packages
 * on the npm registry fails at once. (Playwright's request interception would do the same but turns off
 * the browser cache and makes every one of the editor's ~400 module files slower.)
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../../dev/n8n/host';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];
export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');

export interface BrowserSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Off-machine requests the page tried (and that failed to resolve). */
	blocked: string[];
	close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function openBrowser(viewport = { width: 1440, height: 960 }): Promise<BrowserSession> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
	const blocked: string[] = [];
	const page = await context.newPage();
	page.on('requestfailed', (r) => {
		const url = new URL(r.url());
		if (url.protocol.startsWith('http') && !LOOPBACK.has(url.hostname)) blocked.push(url.origin + url.pathname);
	});
	page.setDefaultTimeout(30000);
	return { browser, context, page, blocked, close: () => browser.close() };
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const path = join(SCREENSHOT_DIR, name);
	await page.screenshot({ path });
	return path;
}

/** `[data-test-id="…"]`, the attribute n8n's editor marks its controls with. */
export const tid = (id: string) => `[data-test-id="${id}"]`;

/**
 * Signs in on n8n's sign-in page (the user exists already). With `then` (an editor path such as
 * `/workflow/<id>`) n8n goes straight there after signing in, saving a page load.
 */
export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }, then?: string): Promise<void> {
	await page.goto(`${baseUrl}/signin${then ? `?redirect=${encodeURIComponent(then)}` : ''}`);
	await page.fill('#emailOrLdapLoginId', user.email);
	await page.fill('#password', user.password);
	await page.click(tid('form-submit-button'));
	await page.waitForURL((u) => (then ? u.pathname === then : !u.pathname.startsWith('/signin')));
}

/**
 * Goes to `path` (e.g. `/workflow/<id>`) inside the editor already open, with the editor's own router
 * (Vue Router's `push`, as its links do) instead of a page load, which costs ~10 s on 2 cores (the
 * editor's ~400 modules are parsed and its stores loaded again). A page load when no router is found.
 */
export async function openInEditor(page: Page, path: string): Promise<void> {
	type VueApp = { config: { globalProperties: { $router?: { push(to: string): Promise<unknown> } } } };
	const routed = await page.locator('#app').evaluate(async (app: { __vue_app__?: VueApp }, to) => {
		const router = app.__vue_app__?.config.globalProperties.$router;
		if (!router) return false;
		await router.push(to);
		return true;
	}, path);
	if (!routed) await page.goto(new URL(path, page.url()).href);
	await page.waitForURL((u) => u.pathname === path);
}
