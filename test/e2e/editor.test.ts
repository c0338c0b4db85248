/**
 * The editor as a new user sees it, in headless Chromium against a real n8n 2.40 with the package
 * installed: set up the account, add "Mailchimp Push Contact" from the node panel, choose the
 * credential, open the audience list (every audience of the account, more than Mailchimp's page of
 * 10), pick one and see its merge fields in the mapping, required ones marked.
 * Screenshots go to docs/screenshots/.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_OWNER, newRunDir } from '../../dev/n8n/host';
import { createSandboxCredential, importExampleWorkflow, startStack, type Stack } from '../../dev/n8n/stack';
import { ACME_LIST_COUNT } from '../../sandbox';
import { openBrowser, screenshot, tid, type BrowserSession } from './browser';
import { eventually, packageTarball, progress, seconds } from './support';

/** The Newsletter audience's merge fields (sandbox/seed.ts), as the mapper labels them. */
const NEWSLETTER_FIELDS = [
	'FNAME',
	'LNAME',
	'ADDRESS',
	'PHONE',
	'BIRTHDAY',
	'COMPANY',
	'SIGNUPDATE',
	'SCORE',
	'PLAN',
	'SOURCE',
	'WEBSITE',
	'AVATAR',
	'ZIPCODE',
];
const REQUIRED_FIELDS = ['COMPANY'];

let stack: Stack;
let session: BrowserSession;
let page: Page;
let acmeCredentialId: string;

beforeAll(async () => {
	const t0 = Date.now();
	// A fresh instance: no owner yet, so the browser meets n8n's own setup page.
	stack = await startStack({ packageTarball: packageTarball(), runDir: newRunDir('e2e-editor'), owner: false, log: progress });
	session = await openBrowser();
	page = session.page;
	progress(`n8n and Chromium up in ${seconds(t0)}`);
}, 240000);

afterAll(async () => {
	if (session && session.blocked.length) progress(`off-machine requests the editor tried (not resolved): ${[...new Set(session.blocked)].join(', ')}`);
	await session?.close();
	await stack?.stop();
});

test('a new user sets up the account in the editor and signs in', async () => {
	const t = Date.now();
	await page.goto(`${stack.n8n.baseUrl}/`);
	await page.waitForURL(/\/setup/);
	progress(`setup page ${seconds(t)}`);
	await page.fill('input[name="email"]', DEFAULT_OWNER.email);
	await page.fill('input[name="firstName"]', DEFAULT_OWNER.firstName);
	await page.fill('input[name="lastName"]', DEFAULT_OWNER.lastName);
	await page.fill('input[name="password"]', DEFAULT_OWNER.password);
	await page.click(tid('form-submit-button'));
	await page.waitForURL((u) => !u.pathname.startsWith('/setup'));
	progress(`owner set up ${seconds(t)}`);

	// Two Mailchimp credentials (two sandbox accounts), so choosing one is a real choice.
	await stack.client.login(DEFAULT_OWNER.email, DEFAULT_OWNER.password);
	acmeCredentialId = await createSandboxCredential(stack.client, 'acme');
	await createSandboxCredential(stack.client, 'globex');

	// Sign out and in again, as a returning user would.
	await page.context().clearCookies();
	await page.goto(`${stack.n8n.baseUrl}/signin`);
	await page.fill('#emailOrLdapLoginId', DEFAULT_OWNER.email);
	await page.fill('#password', DEFAULT_OWNER.password);
	await page.click(tid('form-submit-button'));
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	progress(`signed in ${seconds(t)}`);
});

test('"Mailchimp Push Contact" is in the node panel and opens with the chosen credential', async () => {
	await page.goto(`${stack.n8n.baseUrl}/workflow/new`);
	await page.waitForSelector(tid('canvas-add-button'));
	await page.click(tid('canvas-add-button'));
	await page.fill(tid('node-creator-search-bar'), 'Mailchimp Push');
	const item = page.locator(tid('node-creator-node-item'), { hasText: 'Mailchimp Push Contact' });
	await item.waitFor();
	await item.click();
	// A community node first shows its details (Installed · Via npm) with "Add to workflow".
	await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.waitForSelector(tid('ndv'));
	// The node has operations: n8n adds it with the default one, "Create or Update", and names it by its action.
	await expectText(tid('node-title-container'), 'Create or update a contact');

	await page.click(tid('node-credentials-select'));
	await page.click(tid(`node-credentials-select-item-${acmeCredentialId}`));
	await expect(page.locator(`${tid('node-credentials-select')} input`).inputValue()).resolves.toBe('Mailchimp sandbox (acme)');
	await screenshot(page, 'node-in-editor.png');
});

test('the audience list shows every audience of the account, more than 10', async () => {
	await page.click(`${tid('resource-locator-audience')} ${tid('rlc-input')}`);
	const items = page.locator(tid('rlc-item'));
	await items.first().waitFor();
	expect(await eventually(() => items.count(), (n) => n === ACME_LIST_COUNT)).toBe(ACME_LIST_COUNT);
	const names = (await items.allInnerTexts()).map((t) => t.replace(/\s*\(\d+ contacts?\)$/, '').trim());
	expect(names).toHaveLength(14);
	expect(names.length).toBeGreaterThan(10);
	expect(names).toEqual(expect.arrayContaining(['Newsletter', 'Customers', 'Webinar Attendees', 'Job Applicants']));
	// The chosen credential's account, not the other one.
	expect(names).not.toContain('Globex Leads');
	// Scroll the list down to the audience about to be picked.
	await page.locator(tid('rlc-item'), { hasText: /^Newsletter/ }).hover();
	await screenshot(page, 'audience-list.png');
});

test('picking "Newsletter" shows its 13 merge fields in the mapping, required ones marked', async () => {
	await page.locator(tid('rlc-item'), { hasText: /^Newsletter/ }).click();
	await page.waitForSelector(tid('resource-mapper-container'));
	await expect(page.locator(`${tid('resource-locator-audience')} ${tid('rlc-input')}`).inputValue()).resolves.toMatch(/^Newsletter/);
	// n8n 2.40 names the manual mode "Map Each Column Manually" (older versions: "Map Each Field Below").
	await expect(page.locator(`${tid('mapping-mode-select')} input`).inputValue()).resolves.toBe('Map Each Column Manually');

	const fields = page.locator(`${tid('mapping-fields-container')} [data-test-id^="parameter-input-"]:not([data-test-id="parameter-input-field"])`);
	expect(await eventually(() => fields.count(), (n) => n === NEWSLETTER_FIELDS.length)).toBe(NEWSLETTER_FIELDS.length);
	const shown = await fields.evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id')!.replace('parameter-input-', '')));
	expect(shown).toEqual(NEWSLETTER_FIELDS);

	// Labels carry the merge tag: "Company (COMPANY)", "Birthday (BIRTHDAY, MM/DD)".
	const labels = await page.locator(`${tid('mapping-fields-container')} label`).allInnerTexts();
	for (const tag of NEWSLETTER_FIELDS) expect(labels.some((l) => l.includes(`(${tag}`))).toBe(true);

	// Required: n8n offers no "remove" for a required field and flags it while it is empty.
	for (const tag of NEWSLETTER_FIELDS) {
		const removable = await page.locator(tid(`remove-field-button-${tag}`)).count();
		expect({ tag, removable: removable > 0 }).toEqual({ tag, removable: !REQUIRED_FIELDS.includes(tag) });
	}
	const flagged = page.locator(`${tid('mapping-fields-container')} .parameter-item:has(${tid('parameter-issues')}) [data-test-id^="parameter-input-"]:not([data-test-id="parameter-input-field"])`);
	const flaggedTags = await flagged.evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id')!.replace('parameter-input-', '')));
	expect(flaggedTags).toEqual(REQUIRED_FIELDS);

	// A taller window, so the screenshot shows all 13 fields.
	const viewport = page.viewportSize()!;
	await page.setViewportSize({ width: viewport.width, height: 1560 });
	await page.waitForTimeout(500);
	await screenshot(page, 'merge-fields.png');
	await page.setViewportSize(viewport);
});

test('the example workflow (Webhook → Mailchimp Push Contact) on the canvas, active', async () => {
	const workflowId = await importExampleWorkflow(stack.client, acmeCredentialId);
	await page.goto(`${stack.n8n.baseUrl}/workflow/${workflowId}`);
	await page.waitForSelector(tid('canvas-node'));
	const nodes = page.locator(tid('canvas-node'));
	expect(await eventually(() => nodes.count(), (n) => n === 2)).toBe(2);
	const text = (await nodes.allInnerTexts()).join(' | ');
	expect(text).toContain('Mailchimp Push Contact');
	expect(text).toContain('Signup Webhook');
	await page.click(tid('zoom-to-fit'));
	await page.waitForTimeout(800);
	await screenshot(page, 'workflow.png');
});

async function expectText(selector: string, text: string): Promise<void> {
	const read = async () => (await page.locator(selector).first().innerText()).trim();
	expect(await eventually(read, (t) => t.includes(text))).toContain(text);
}
