import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, subscriberHash, type Sandbox } from '../../sandbox';
import { acme, globex, problem, useSandbox } from './helpers';

const sb = useSandbox();

/** A receiver standing in for n8n: answers GETs with `getStatus`, records every request. */
interface Receiver {
	url: string;
	getStatus: number;
	requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
	close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
	const r: Partial<Receiver> & { requests: Receiver['requests']; getStatus: number } = { requests: [], getStatus: 200 };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			r.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = req.method === 'GET' ? r.getStatus : 200;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	r.close = () => new Promise<void>((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});
	return r as Receiver;
}

let rx: Receiver;
beforeEach(async () => {
	rx = await receiver();
});
afterEach(async () => {
	await sb.get().webhooksSettled();
	await rx.close();
});

const ALL_MEMBER_EVENTS = { subscribe: true, unsubscribe: true, profile: true, cleaned: true, upemail: true, campaign: false };
const posts = () => rx.requests.filter((r) => r.method === 'POST');
const fields = (body: string) => Object.fromEntries(new URLSearchParams(body));

async function register(sandbox: Sandbox, sources: Record<string, boolean>, url = `${rx.url}?secret=s3cret`, events: Record<string, boolean> = ALL_MEMBER_EVENTS) {
	return acme(sandbox).lists.createListWebhook(NEWSLETTER_LIST_ID, { url, events, sources });
}

describe('registering', () => {
	it('validates the URL with a GET first, then saves and lists the webhook as Mailchimp shapes it', async () => {
		const created = await register(sb.get(), { user: true, admin: true, api: false });
		expect(rx.requests).toHaveLength(1);
		expect(rx.requests[0]).toMatchObject({ method: 'GET', url: '/hook?secret=s3cret' });
		expect(rx.requests[0].headers['user-agent']).toBe('Mailchimp.com WebHook Validator');
		expect(created).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{10}$/),
			url: `${rx.url}?secret=s3cret`,
			events: ALL_MEMBER_EVENTS,
			sources: { user: true, admin: true, api: false },
			list_id: NEWSLETTER_LIST_ID,
			_links: expect.any(Array),
		});
		const listed = await acme(sb.get()).lists.getListWebhooks(NEWSLETTER_LIST_ID);
		expect(listed).toMatchObject({ webhooks: [{ id: created.id, url: created.url }], list_id: NEWSLETTER_LIST_ID, total_items: 1 });
		expect(await acme(sb.get()).lists.getListWebhook(NEWSLETTER_LIST_ID, created.id)).toMatchObject({ id: created.id });
		expect(sb.get().webhooks('acme', NEWSLETTER_LIST_ID)).toHaveLength(1);
	});

	it('refuses a URL that does not answer its GET with 2xx, with Mailchimp\'s message, and saves nothing', async () => {
		rx.getStatus = 404;
		const p = await problem(register(sb.get(), { admin: true }));
		expect(p).toMatchObject({
			status: 400,
			title: 'Invalid Resource',
			errors: [{ field: 'url', message: "We couldn't verify the URL is working. Please double check and try again. HTTP Code: 404" }],
		});
		expect(sb.get().webhooks('acme', NEWSLETTER_LIST_ID)).toEqual([]);
	});

	it('refuses an unreachable URL (HTTP Code: 0) and a malformed one', async () => {
		await rx.close();
		expect((await problem(register(sb.get(), { admin: true }))).errors?.[0].message).toMatch(/HTTP Code: 0$/);
		expect((await problem(register(sb.get(), { admin: true }, 'not a url'))).errors).toEqual([{ field: 'url', message: 'Invalid URL' }]);
		rx = await receiver();
	});

	it('refuses a second webhook with the same URL even when only the query differs', async () => {
		await register(sb.get(), { admin: true });
		const p = await problem(register(sb.get(), { admin: true }, `${rx.url}?secret=other`));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'url' }] });
		expect(sb.get().webhooks('acme', NEWSLETTER_LIST_ID)).toHaveLength(1);
	});

	it('deletes (204, then 404), and another account never sees the webhook', async () => {
		const { id } = await register(sb.get(), { admin: true });
		expect((await problem(globex(sb.get()).lists.getListWebhooks(NEWSLETTER_LIST_ID))).status).toBe(404);
		const res = await acme(sb.get()).lists.deleteListWebhookWithHttpInfo(NEWSLETTER_LIST_ID, id);
		expect(res.response.status).toBe(204);
		expect((await problem(acme(sb.get()).lists.deleteListWebhook(NEWSLETTER_LIST_ID, id))).status).toBe(404);
		expect(sb.get().webhooks('acme', NEWSLETTER_LIST_ID)).toEqual([]);
	});

	it('a reset removes every webhook', async () => {
		await register(sb.get(), { admin: true });
		sb.get().reset();
		expect(sb.get().webhooks('acme', NEWSLETTER_LIST_ID)).toEqual([]);
	});
});

describe('deliveries', () => {
	it('an admin unsubscribe posts a form-encoded unsubscribe event to the webhook', async () => {
		await register(sb.get(), { user: true, admin: true, api: false });
		const sent = await sb.get().admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ type: 'unsubscribe', source: 'admin', status: 200, url: rx.url });
		expect(posts()).toHaveLength(1);
		const [post] = posts();
		expect(post.url).toBe('/hook?secret=s3cret');
		expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const f = fields(post.body);
		expect(f).toMatchObject({
			type: 'unsubscribe',
			'data[list_id]': NEWSLETTER_LIST_ID,
			'data[email]': SEEDED_MEMBERS.subscribed,
			'data[merges][FNAME]': 'Ada',
			'data[merges][ADDRESS][city]': 'London',
			'data[action]': 'unsub',
			'data[reason]': 'manual',
		});
		expect(f.fired_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(sb.get().getMember('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed)!.status).toBe('unsubscribed');
	});

	it('each admin change has its event: profile, upemail, cleaned, subscribe', async () => {
		await register(sb.get(), { admin: true });
		const s = sb.get();
		expect((await s.admin.updateProfile('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed, { mergeFields: { FNAME: 'Augusta' } }))[0].type).toBe('profile');
		const up = await s.admin.changeEmail('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed, 'augusta@lovelace.dev');
		expect(up.map((d) => d.type)).toEqual(['upemail']);
		expect(fields(up[0].body)).toMatchObject({ 'data[old_email]': SEEDED_MEMBERS.subscribed, 'data[new_email]': 'augusta@lovelace.dev' });
		const cleaned = await s.admin.clean('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed2, { reason: 'abuse', campaignId: 'cb398d21d2' });
		expect(fields(cleaned[0].body)).toMatchObject({ type: 'cleaned', 'data[reason]': 'abuse', 'data[campaign_id]': 'cb398d21d2' });
		const sub = await s.admin.subscribe('acme', NEWSLETTER_LIST_ID, 'new.person@example-mail.org', { FNAME: 'New', COMPANY: 'X' });
		expect(fields(sub[0].body)).toMatchObject({ type: 'subscribe', 'data[email]': 'new.person@example-mail.org', 'data[merges][FNAME]': 'New' });
		expect(posts()).toHaveLength(4);
	});

	it('only the chosen events and sources are posted', async () => {
		await register(sb.get(), { user: true, admin: false, api: false }, undefined, { ...ALL_MEMBER_EVENTS, profile: false });
		const s = sb.get();
		expect(await s.admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed)).toEqual([]); // admin: off
		expect(await s.admin.updateProfile('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed2, { mergeFields: { FNAME: 'A' } }, { source: 'user' })).toEqual([]); // profile: off
		const own = await s.admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed2, { source: 'user', campaignId: 'c1' });
		expect(own.map((d) => [d.type, d.source])).toEqual([['unsubscribe', 'user']]);
		expect(posts()).toHaveLength(1);
	});

	it('API changes are posted only to webhooks with the api source', async () => {
		const client = acme(sb.get());
		const rxApi = await receiver();
		try {
			await register(sb.get(), { user: true, admin: true, api: false });
			await register(sb.get(), { api: true }, `${rxApi.url}?secret=x`);
			const hash = subscriberHash(SEEDED_MEMBERS.subscribed);
			await client.lists.updateListMember(NEWSLETTER_LIST_ID, hash, { status: 'unsubscribed' });
			await client.lists.updateListMember(NEWSLETTER_LIST_ID, subscriberHash(SEEDED_MEMBERS.subscribed2), { merge_fields: { FNAME: 'Al' } });
			await client.lists.setListMember(NEWSLETTER_LIST_ID, subscriberHash('fresh@example-mail.org'), {
				email_address: 'fresh@example-mail.org',
				status_if_new: 'subscribed',
				merge_fields: { COMPANY: 'Fresh' },
			});
			await sb.get().webhooksSettled();
			expect(posts()).toEqual([]);
			const apiPosts = rxApi.requests.filter((r) => r.method === 'POST').map((r) => fields(r.body));
			expect(apiPosts.map((f) => [f.type, f['data[email]']])).toEqual([
				['unsubscribe', SEEDED_MEMBERS.subscribed],
				['profile', SEEDED_MEMBERS.subscribed2],
				['subscribe', 'fresh@example-mail.org'],
			]);
			expect(sb.get().webhookDeliveries().every((d) => d.source === 'api')).toBe(true);
			// A read changes nothing and posts nothing.
			await client.lists.getListMember(NEWSLETTER_LIST_ID, hash);
			await sb.get().webhooksSettled();
			expect(rxApi.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
		} finally {
			await rxApi.close();
		}
	});

	it('archiving and deleting permanently through the API are unsubscribes with action "delete"', async () => {
		await register(sb.get(), { api: true });
		const client = acme(sb.get());
		await client.lists.deleteListMember(NEWSLETTER_LIST_ID, subscriberHash(SEEDED_MEMBERS.subscribed));
		await client.lists.deleteListMemberPermanent(NEWSLETTER_LIST_ID, subscriberHash(SEEDED_MEMBERS.subscribed2));
		await sb.get().webhooksSettled();
		expect(posts().map((p) => fields(p.body)).map((f) => [f.type, f['data[email]'], f['data[action]']])).toEqual([
			['unsubscribe', SEEDED_MEMBERS.subscribed, 'delete'],
			['unsubscribe', SEEDED_MEMBERS.subscribed2, 'delete'],
		]);
	});

	it('changes loaded directly into the sandbox (test set-up) are not events', async () => {
		await register(sb.get(), { admin: true, api: true, user: true });
		sb.get().addMembers('acme', NEWSLETTER_LIST_ID, [{ email_address: 'loaded@example-mail.org', status: 'subscribed' }]);
		await acme(sb.get()).lists.getListMember(NEWSLETTER_LIST_ID, subscriberHash(SEEDED_MEMBERS.subscribed));
		await sb.get().admin.updateProfile('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed, { mergeFields: { LNAME: 'K' } });
		expect(sb.get().webhookDeliveries().map((d) => d.type)).toEqual(['profile']);
	});

	it('the deliveries log keeps no secret', async () => {
		await register(sb.get(), { admin: true });
		await sb.get().admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed);
		expect(JSON.stringify(sb.get().webhookDeliveries())).not.toContain('s3cret');
	});
});
