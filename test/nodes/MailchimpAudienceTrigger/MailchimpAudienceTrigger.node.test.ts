/**
 * Workflow tests of the trigger: the node hosted as n8n hosts webhook triggers (dev/engine/webhookTrigger:
 * n8n-core's HookContext and WebhookContext, a real HTTP server), against the sandbox over HTTPS.
 */
import type { INode } from 'n8n-workflow';
import { createServer, request } from 'http';
import type { AddressInfo } from 'net';

import { MailchimpPushApi } from '../../../credentials/MailchimpPushApi.credentials';
import { MailchimpPushOAuth2Api } from '../../../credentials/MailchimpPushOAuth2Api.credentials';
import { credentialFor, type Authentication } from '../../../dev/package';
import { WebhookTriggerHost } from '../../../dev/engine/webhookTrigger';
import { installMailchimpHosts, uninstallMailchimpHosts } from '../../../dev/mailchimpHosts';
import { MailchimpAudienceTrigger } from '../../../nodes/MailchimpAudienceTrigger/MailchimpAudienceTrigger.node';
import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, SEEDED_MEMBERS, startSandbox, subscriberHash, type Sandbox } from '../../../sandbox';

const TRIGGER_TYPE = 'n8n-nodes-mailchimp-push.mailchimpAudienceTrigger';
const TRIGGER = 'Mailchimp Audience Trigger';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
	installMailchimpHosts(sandbox);
});
beforeEach(() => sandbox.reset());
afterAll(async () => {
	uninstallMailchimpHosts();
	await sandbox.close();
});

let host: WebhookTriggerHost | undefined;
afterEach(async () => {
	await sandbox.webhooksSettled();
	await host?.close();
	host = undefined;
});

function workflow(parameters: Record<string, unknown> = {}, authentication: Authentication = 'apiKey') {
	const credential = credentialFor(SANDBOX_ACCOUNTS.acme, authentication);
	const node: INode = {
		id: 'trigger',
		name: TRIGGER,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
		parameters: { authentication, audience: { __rl: true, mode: 'list', value: NEWSLETTER_LIST_ID }, ...parameters },
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	return {
		options: {
			workflow: { id: 'wf-trigger', name: 'Audience changes', nodes: [node], connections: {} },
			nodeTypes: { [TRIGGER_TYPE]: new MailchimpAudienceTrigger() },
			credentialTypes: [new MailchimpPushApi(), new MailchimpPushOAuth2Api()],
			credentials: [credential],
		},
	};
}

async function start(parameters: Record<string, unknown> = {}, authentication: Authentication = 'apiKey') {
	host = await WebhookTriggerHost.start(workflow(parameters, authentication).options);
	return host;
}

const hooks = () => sandbox.webhooks('acme', NEWSLETTER_LIST_ID);
const webhookPosts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks'));

function send(url: string, method: string, body?: string | Buffer, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method, headers: body === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const registeredUrl = () => hooks()[0].url;

describe('activation', () => {
	test('registers one webhook for the node URL, with a secret, the default events and sources; the validation GET starts nothing', async () => {
		const h = await start();
		await h.activate();
		expect(hooks()).toHaveLength(1);
		const [hook] = hooks();
		const url = new URL(hook.url);
		expect(`${url.origin}${url.pathname}`).toBe(h.webhookUrl());
		expect(url.searchParams.get('secret')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(url.searchParams.get('secret')).toBe(h.staticData[`node:${TRIGGER}`] && (h.staticData[`node:${TRIGGER}`] as { secret: string }).secret);
		expect(hook.events).toEqual({ subscribe: true, unsubscribe: true, profile: true, upemail: true, cleaned: true, campaign: false });
		expect(hook.sources).toEqual({ user: true, admin: true, api: false });
		expect(h.requests).toEqual([{ method: 'GET', path: new URL(h.webhookUrl('setup')).pathname, status: 200, executed: false }]);
		expect(h.executions).toEqual([]);
	});

	test('activating again (a restart) finds the webhook by URL: nothing created, nothing duplicated', async () => {
		const h = await start();
		await h.activate();
		const first = hooks()[0];
		await h.activate('init');
		await h.activate('init');
		expect(hooks()).toEqual([first]);
		expect(webhookPosts()).toHaveLength(1);
	});

	test('a stale webhook of ours (another secret, e.g. static data lost) is replaced, never kept beside a new one', async () => {
		const h = await start();
		await h.activate();
		const staleUrl = registeredUrl();
		(h.staticData[`node:${TRIGGER}`] as Record<string, unknown>).secret = 'lost';
		await h.activate('init');
		expect(hooks()).toHaveLength(1);
		expect(registeredUrl()).not.toBe(staleUrl);
		// The old URL is refused now.
		const r = await send(staleUrl, 'POST', 'type=profile&data[email]=a@b.co');
		expect(r.status).toBe(401);
	});

	test('changed events or sources replace the webhook', async () => {
		const h = await start();
		await h.activate();
		// Edited and saved while active; n8n restarts without removing first (the worst case: no delete ran).
		h.updateWorkflow(workflow({ events: ['unsubscribe', 'cleaned'], sources: ['admin'] }).options.workflow);
		await h.activate('init');
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0].events).toEqual({ subscribe: false, unsubscribe: true, profile: false, upemail: false, cleaned: true, campaign: false });
		expect(hooks()[0].sources).toEqual({ user: false, admin: true, api: false });
	});

	test('deactivation deletes exactly ours', async () => {
		const h = await start();
		await h.activate();
		// Someone else's webhook on the same audience.
		const other = createServer((_req, res) => res.end()).listen(0, '127.0.0.1');
		await new Promise((resolve) => other.once('listening', resolve));
		try {
			const foreignUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/crm-hook`;
			expect(await fetchApi(`/lists/${NEWSLETTER_LIST_ID}/webhooks`, 'POST', { url: foreignUrl, events: { unsubscribe: true }, sources: { admin: true } }, SANDBOX_ACCOUNTS.acme.apiKey)).toBe(200);
			expect(hooks()).toHaveLength(2);
			await h.deactivate();
			expect(hooks().map((w) => w.url)).toEqual([foreignUrl]);
		} finally {
			other.close();
		}
		expect(h.staticData[`node:${TRIGGER}`]).toEqual({});
	});

	test('an unknown audience fails activation with Mailchimp\'s message and no secret in it', async () => {
		const h = await start({ audience: { __rl: true, mode: 'id', value: 'nosuchlist' } });
		const error = await h.activate().then(() => undefined, (e: Error) => e);
		expect(error?.message).toMatch(/Could not read the audience's webhooks: Resource Not Found/);
		expect(hooks()).toEqual([]);
	});

	test('works with the OAuth2 credential too', async () => {
		const h = await start({}, 'oAuth2');
		await h.activate();
		expect(hooks()).toHaveLength(1);
	});
});

describe('deliveries', () => {
	test('an admin unsubscribe runs the workflow once with one clean item', async () => {
		const h = await start();
		await h.activate();
		const sent = await sandbox.admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed);
		expect(h.errors).toEqual([]);
		expect(sent.map((d) => d.status)).toEqual([200]);
		const [run] = await h.waitForExecutions(1);
		expect(run.status).toBe('success');
		const items = run.output(TRIGGER);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			event: 'unsubscribe',
			firedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
			audienceId: NEWSLETTER_LIST_ID,
			email: SEEDED_MEMBERS.subscribed,
			subscriberHash: subscriberHash(SEEDED_MEMBERS.subscribed),
			memberId: sandbox.getMember('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed)!.unique_email_id,
			emailType: 'html',
			mergeFields: expect.objectContaining({
				EMAIL: SEEDED_MEMBERS.subscribed,
				FNAME: 'Ada',
				ADDRESS: { addr1: '12 St James Square', addr2: '', city: 'London', state: 'London', zip: 'SW1Y 4JH', country: 'GB' },
			}),
			interests: expect.any(String),
			ipOpt: expect.any(String),
			ipSignup: '198.51.100.23',
			action: 'unsub',
			reason: 'manual',
			campaignId: null,
			other: { data: { web_id: expect.any(String) } },
		});
		expect(run.run.mode).toBe('webhook');
	});

	test('API-side changes do not run it (default sources): no echo of the push node', async () => {
		const h = await start();
		await h.activate();
		const { apiKey } = SANDBOX_ACCOUNTS.acme;
		const res = await fetchApi(`/lists/${NEWSLETTER_LIST_ID}/members/${subscriberHash(SEEDED_MEMBERS.subscribed2)}`, 'PATCH', { status: 'unsubscribed' }, apiKey);
		expect(res).toBe(200);
		await sandbox.webhooksSettled();
		expect(sandbox.webhookDeliveries()).toEqual([]);
		expect(h.executions).toEqual([]);
	});

	test('upemail, profile and cleaned become their items', async () => {
		const h = await start();
		await h.activate();
		await sandbox.admin.updateProfile('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed, { mergeFields: { FNAME: 'Augusta' } });
		await sandbox.admin.changeEmail('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed, 'augusta@lovelace.dev');
		await sandbox.admin.clean('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed2, { reason: 'hard', campaignId: 'cb398d21d2' });
		const runs = await h.waitForExecutions(3);
		const items = runs.map((r) => r.output(TRIGGER)[0].json);
		expect(items[0]).toMatchObject({ event: 'profile', mergeFields: expect.objectContaining({ FNAME: 'Augusta' }) });
		expect(items[1]).toMatchObject({
			event: 'upemail',
			email: 'augusta@lovelace.dev',
			oldEmail: SEEDED_MEMBERS.subscribed,
			newEmail: 'augusta@lovelace.dev',
			subscriberHash: subscriberHash('augusta@lovelace.dev'),
		});
		expect(items[2]).toMatchObject({ event: 'cleaned', email: SEEDED_MEMBERS.subscribed2, reason: 'hard', campaignId: 'cb398d21d2' });
	});
});

describe('the webhook URL', () => {
	test('a GET (Mailchimp\'s check) answers 200 and starts nothing, with or without the secret', async () => {
		const h = await start();
		await h.activate();
		expect((await send(registeredUrl(), 'GET')).status).toBe(200);
		expect((await send(h.webhookUrl('setup'), 'GET')).status).toBe(200);
		expect(h.executions).toEqual([]);
	});

	test('a POST without the secret, or with a wrong one, is refused with 401 and starts nothing', async () => {
		const h = await start();
		await h.activate();
		const body = 'type=unsubscribe&data[email]=ada@lovelace.dev';
		expect((await send(h.webhookUrl(), 'POST', body)).status).toBe(401);
		expect((await send(`${h.webhookUrl()}?secret=guess`, 'POST', body)).status).toBe(401);
		const right = new URL(registeredUrl()).searchParams.get('secret')!;
		expect((await send(`${h.webhookUrl()}?secret=${right}&secret=${right}`, 'POST', body)).status).toBe(401);
		expect(h.executions).toEqual([]);
		// The same body with the secret runs.
		expect((await send(registeredUrl(), 'POST', body)).status).toBe(200);
		await h.waitForExecutions(1);
	});

	test('with the secret: an empty body is 400, an unchosen event 200, a body over 1 MB 413; none starts anything', async () => {
		const h = await start({ events: ['unsubscribe'] });
		await h.activate();
		expect((await send(registeredUrl(), 'POST', '')).status).toBe(400);
		expect((await send(registeredUrl(), 'POST', 'type=campaign&data[id]=1')).status).toBe(200);
		const big = `type=profile&data[merges][NOTES]=${'a'.repeat(1024 * 1024)}`;
		expect((await send(registeredUrl(), 'POST', big)).status).toBe(413);
		expect(h.executions).toEqual([]);
	});

	test('bytes that are not UTF-8 and repeated keys come through as the parser reads them (raw body, not n8n\'s form parsing)', async () => {
		const h = await start();
		await h.activate();
		const body = Buffer.from('type=profile&data[email]=a@b.co&data[merges][FNAME]=Jos%E9&data[merges][FNAME]=Ren%E9', 'latin1');
		expect((await send(registeredUrl(), 'POST', body)).status).toBe(200);
		const [run] = await h.waitForExecutions(1);
		expect(run.output(TRIGGER)[0].json.mergeFields).toEqual({ FNAME: 'René' });
	});
});

describe('"Listen for test event"', () => {
	test('registers the test URL with its own secret beside production, runs once in manual mode, then removes only the test webhook', async () => {
		const h = await start();
		await h.activate();
		const production = registeredUrl();
		await h.listenForTestEvent();
		expect(hooks()).toHaveLength(2);
		const test = hooks().find((w) => w.url.includes('/webhook-test/'))!;
		expect(new URL(test.url).searchParams.get('secret')).not.toBe(new URL(production).searchParams.get('secret'));
		await sandbox.admin.unsubscribe('acme', NEWSLETTER_LIST_ID, SEEDED_MEMBERS.subscribed);
		const runs = await h.waitForExecutions(2);
		expect(runs.map((r) => r.run.mode).sort()).toEqual(['manual', 'webhook']);
		for (const r of runs) expect(r.output(TRIGGER)[0].json).toMatchObject({ event: 'unsubscribe', email: SEEDED_MEMBERS.subscribed });
		await sandbox.webhooksSettled();
		await h.settled();
		expect(h.isListening('test')).toBe(false);
		expect(hooks().map((w) => w.url)).toEqual([production]);
	});

	test('works with the workflow inactive, and stopping removes the test webhook', async () => {
		const h = await start();
		await h.listenForTestEvent();
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0].url).toContain('/webhook-test/');
		await h.stopListening();
		expect(hooks()).toEqual([]);
	});
});

/** A raw API call to the sandbox (as another integration would make), by Mailchimp's host name. */
async function fetchApi(path: string, method: string, body: unknown, apiKey: string): Promise<number> {
	const { request: httpsRequest } = await import('https');
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = httpsRequest(
			`https://us14.api.mailchimp.com/3.0${path}`,
			{ method, headers: { Authorization: `Basic ${Buffer.from(`x:${apiKey}`).toString('base64')}`, 'Content-Type': 'application/json' } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}
