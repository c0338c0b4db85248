/**
 * The example workflows (examples/*.json) import into a real n8n, activate, and do what their notes say
 * against the sandbox. Each one is also pictured as it appears on the editor's canvas
 * (docs/screenshots/example-*.png).
 */
import { newRunDir } from '../../dev/n8n/host';
import { exampleFiles, loadExample, NEWSLETTER, startStack, type Stack } from '../../dev/n8n/stack';
import type { WorkflowJson } from '../../dev/n8n/host';
import { openBrowser, openInEditor, screenshot, signIn, tid, type BrowserSession } from './browser';
import { eventually, packageTarball, postJson, progress, seconds } from './support';

/** examples/<file> → its picture in docs/screenshots/. */
const PICTURES: Record<string, string> = {
	'crm-contact-deleted-archive.json': 'example-crm-contact-deleted.png',
	'form-signup-to-mailchimp.json': 'example-form-signup.png',
	'gdpr-erasure-delete-permanently.json': 'example-gdpr-erasure.png',
	'lead-score-threshold-tag.json': 'example-lead-score.png',
	'scheduled-sheet-sync-bulk.json': 'example-scheduled-sync.png',
	'two-way-sync.json': 'example-two-way-sync.png',
	'webinar-attended-record-event.json': 'example-webinar-attended.png',
};

let stack: Stack;
let session: BrowserSession | undefined;
/** The examples as imported by the first test: file → workflow id and JSON. */
const imported = new Map<string, { id: string; wf: WorkflowJson }>();

beforeAll(async () => {
	const t0 = Date.now();
	stack = await startStack({ packageTarball: packageTarball(), runDir: newRunDir('e2e-examples'), workflow: false, log: progress });
	progress(`n8n up in ${seconds(t0)}`);
}, 240000);

afterAll(async () => {
	await session?.close();
	await stack?.stop();
});

async function importAndActivate(wf: WorkflowJson): Promise<string> {
	const { id } = await stack.client.createWorkflow(wf);
	await stack.client.activateWorkflow(id);
	return id;
}

const member = (email: string) => stack.sandbox.getMember('acme', NEWSLETTER.id, email);
const tagsOf = (email: string) => (member(email)?.tags ?? []).map((t) => t.name).sort();

test('there are the seven examples, and each one imports and activates', async () => {
	expect(exampleFiles()).toEqual([
		'crm-contact-deleted-archive.json',
		'form-signup-to-mailchimp.json',
		'gdpr-erasure-delete-permanently.json',
		'lead-score-threshold-tag.json',
		'scheduled-sheet-sync-bulk.json',
		'two-way-sync.json',
		'webinar-attended-record-event.json',
	]);
	for (const file of exampleFiles()) {
		const wf = loadExample(file, stack.credentialId);
		expect(wf.nodes.some((n) => n.type === 'n8n-nodes-mailchimp-push.mailchimpPushContact')).toBe(true);
		imported.set(file, { id: await importAndActivate(wf), wf });
	}
});

test('each example on the editor canvas, every node and the note in view and readable (docs/screenshots/example-*.png)', async () => {
	const t = Date.now();
	expect(Object.keys(PICTURES)).toEqual(exampleFiles());
	session = await openBrowser({ width: 1440, height: 900 });
	const { page } = session;
	const path = (file: string) => `/workflow/${imported.get(file)!.id}`;
	const files = Object.keys(PICTURES);
	// One sign-in that lands on the first example; the others are opened from there in the editor.
	await signIn(page, stack.n8n.baseUrl, stack.owner, path(files[0]));
	for (const file of files) {
		if (file !== files[0]) await openInEditor(page, path(file));
		const { wf } = imported.get(file)!;
		// Canvas nodes, sticky notes included (those carry no data-test-id="canvas-node").
		const onCanvas = page.locator('.vue-flow__node > [data-node-name]');
		const names = () => onCanvas.evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name')!).sort());
		const expected = wf.nodes.map((n) => String(n.name)).sort();
		expect(await eventually(names, (n) => JSON.stringify(n) === JSON.stringify(expected))).toEqual(expected);
		const note = wf.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote')!;
		const heading = (note.parameters as { content: string }).content.split('\n')[0].replace(/^#+\s*/, '');
		await expect(page.locator(`.vue-flow__node > [data-node-name="${note.name}"]`).innerText()).resolves.toContain(heading);

		await page.click(tid('zoom-to-fit'));
		await page.waitForTimeout(500); // the fit is animated (200 ms)
		// All of it inside the canvas, at a zoom where the note's text stays readable.
		const canvas = (await page.locator('.vue-flow').boundingBox())!;
		const boxes = await onCanvas.evaluateAll((els) =>
			els.map((e) => {
				const r = e.getBoundingClientRect();
				return { left: r.left as number, top: r.top as number, right: r.right as number, bottom: r.bottom as number };
			}),
		);
		for (const box of boxes) {
			expect(box.left).toBeGreaterThanOrEqual(canvas.x);
			expect(box.top).toBeGreaterThanOrEqual(canvas.y);
			expect(box.right).toBeLessThanOrEqual(canvas.x + canvas.width);
			expect(box.bottom).toBeLessThanOrEqual(canvas.y + canvas.height);
		}
		const transform = await page.locator('.vue-flow__transformationpane').evaluate((e) => String(e.style.transform));
		const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
		expect(zoom).toBeGreaterThanOrEqual(0.75);
		await screenshot(page, PICTURES[file]);
		progress(`${PICTURES[file]} (zoom ${zoom.toFixed(2)}) ${seconds(t)}`);
	}
});

test('form signup: the hosted form shows, a submission lands as a pending (double opt-in) contact', async () => {
	// Activated in the first test; its form is served a moment later.
	const formUrl = `${stack.n8n.baseUrl}/form/newsletter-signup`;
	const page = await eventually(() => fetch(formUrl), (r) => r.status === 200);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('Join our newsletter');

	const email = `form.${Date.now()}@example-mail.org`;
	const form = new FormData();
	form.append('field-0', email);
	form.append('field-1', 'Frances');
	form.append('field-2', 'Allen');
	form.append('field-3', 'Optimizing Compilers');
	const r = await fetch(formUrl, { method: 'POST', body: form });
	expect(r.status).toBe(200);

	const m = await eventually(async () => member(email), Boolean);
	expect(m).toBeDefined();
	expect(m!.status).toBe('pending');
	expect(m!.merge_fields).toMatchObject({ FNAME: 'Frances', LNAME: 'Allen', COMPANY: 'Optimizing Compilers', SOURCE: 'Web' });
	expect(tagsOf(email)).toEqual(['signup-form']);
});

test('lead score: a lead at 50 points or more is pushed with the hot-lead tag, a colder one is not', async () => {
	const url = `${stack.n8n.baseUrl}/webhook/lead-scored`;
	const hot = `hot.${Date.now()}@example-mail.org`;
	const cold = `cold.${Date.now()}@example-mail.org`;

	const h = await postJson(url, { email: hot, firstName: 'Hedy', lastName: 'Lamarr', company: 'Spread Spectrum', points: 75 });
	expect(h.status).toBe(200);
	expect(h.json).toEqual([expect.objectContaining({ email: hot, action: 'created', status: 'subscribed' })]);
	expect(member(hot)!.merge_fields).toMatchObject({ SCORE: 75, COMPANY: 'Spread Spectrum' });
	expect(tagsOf(hot)).toEqual(['hot-lead']);

	// Points as a string, as many CRMs send them: still compared as a number.
	const c = await postJson(url, { email: cold, firstName: 'Carl', lastName: 'Cold', company: 'Lukewarm Ltd', points: '20' });
	expect(c.status).toBe(200);
	expect(member(cold)).toBeUndefined();
});

test('sheet sync: all rows pushed in one run, bad rows reported on their item', async () => {
	// The same workflow with its schedule swapped for a webhook, so the test can start it now.
	const wf = loadExample('scheduled-sheet-sync-bulk.json', stack.credentialId);
	wf.name += ' (test trigger)';
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
	Object.assign(trigger, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: '9c4e2f71-5d6a-4b8c-9e03-0000000003bb',
		parameters: { httpMethod: 'POST', path: 'sheet-sync-now', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	});
	await importAndActivate(wf);
	await stack.client.waitForWebhook('sheet-sync-now');

	const r = await postJson(`${stack.n8n.baseUrl}/webhook/sheet-sync-now`, {});
	expect(r.status).toBe(200);
	expect(r.json).toHaveLength(4);
	const byEmail = Object.fromEntries((r.json as Array<{ email: string }>).map((o) => [o.email, o]));
	for (const email of ['margaret@example-mail.org', 'linus@example-mail.org', 'grace@example-mail.org']) {
		expect(byEmail[email]).toMatchObject({ action: 'created', status: 'subscribed' });
		expect(tagsOf(email)).toEqual(['sheet-sync']);
	}
	expect(member('linus@example-mail.org')!.merge_fields).toMatchObject({ FNAME: 'Linus', PLAN: 'Pro' });
	const bad = (r.json as Array<{ email: string | null; error?: string }>).find((o) => !o.email || o.email === 'not-an-email');
	expect(bad?.error).toBeTruthy();

	// Run again: the same rows are now updates.
	const again = await postJson(`${stack.n8n.baseUrl}/webhook/sheet-sync-now`, {});
	expect(again.json.filter((o: { action?: string }) => o.action === 'updated')).toHaveLength(3);
});

test('CRM contact deleted: the contact is archived, a second delivery skipped saying why', async () => {
	const url = `${stack.n8n.baseUrl}/webhook/crm-contact-deleted`;
	const email = `crm.${Date.now()}@example-mail.org`;
	stack.sandbox.addMembers('acme', NEWSLETTER.id, [{ email_address: email }]);
	const r = await postJson(url, { event: 'contact.deleted', contact: { id: 4711, email } });
	expect(r.status).toBe(200);
	expect(r.json).toEqual([expect.objectContaining({ email, action: 'archived', status: 'archived' })]);
	expect(member(email)!.status).toBe('archived');
	const again = await postJson(url, { event: 'contact.deleted', contact: { id: 4711, email } });
	expect(again.json).toEqual([expect.objectContaining({ email, action: 'skipped', reason: 'Already archived' })]);
});

test('GDPR erasure: a submitted request deletes the contact permanently; Mailchimp then refuses the address', async () => {
	const formUrl = `${stack.n8n.baseUrl}/form/gdpr-erasure`;
	const page = await eventually(() => fetch(formUrl), (r) => r.status === 200);
	expect(await page.text()).toContain('GDPR erasure request');
	const email = `erase.${Date.now()}@example-mail.org`;
	stack.sandbox.addMembers('acme', NEWSLETTER.id, [{ email_address: email }]);
	const form = new FormData();
	form.append('field-0', email);
	form.append('field-1', 'DSR-2024-0042');
	const r = await fetch(formUrl, { method: 'POST', body: form });
	expect(r.status).toBe(200);
	await eventually(async () => member(email), (m) => m === undefined);
	const erased = stack.sandbox.requests.filter((q) => q.path.endsWith('/actions/delete-permanent') && q.status === 204);
	expect(erased).toHaveLength(1);
});

test('webinar attended: the attendee is created or updated, then attended_webinar is recorded with the title', async () => {
	const url = `${stack.n8n.baseUrl}/webhook/webinar-attended`;
	const email = `attendee.${Date.now()}@example-mail.org`;
	const webinar = { email, firstName: 'Radia', lastName: 'Perlman', company: 'Spanning Tree Inc', attendedAt: '2024-05-01T16:00:00+02:00', webinar: { title: 'Mailchimp for n8n' } };
	const r = await postJson(url, webinar);
	expect(r.status).toBe(200);
	expect(r.json).toEqual([expect.objectContaining({ email, action: 'eventRecorded', eventName: 'attended_webinar' })]);
	expect(member(email)).toMatchObject({ status: 'subscribed', merge_fields: expect.objectContaining({ FNAME: 'Radia', COMPANY: 'Spanning Tree Inc' }) });
	expect(tagsOf(email)).toEqual(['webinar-attendee']);
	expect(stack.sandbox.memberEvents('acme', NEWSLETTER.id, email)).toEqual([
		{ name: 'attended_webinar', properties: { title: 'Mailchimp for n8n' }, is_syncing: false, occurred_at: '2024-05-01T14:00:00+00:00' },
	]);
});
