/**
 * The Mailchimp Audience Trigger in a real n8n 2.40 (package installed as a community package):
 * activation registers one webhook in the sandbox (which validates n8n's URL with a GET), an
 * admin-side unsubscribe runs the workflow once with the clean item, an API-side change does
 * not (default sources), deactivation leaves no webhook.
 */
import { request as httpsRequest } from 'https';

import { startStack, NEWSLETTER, type Stack } from '../../dev/n8n/stack';
import { newRunDir } from '../../dev/n8n/host';
import { SEEDED_MEMBERS, subscriberHash } from '../../sandbox';
import { eventually, packageTarball, progress, seconds } from './support';

const TRIGGER_TYPE = 'n8n-nodes-mailchimp-push.mailchimpAudienceTrigger';
const WEBHOOK_ID = '3c1e5a7b-2d4f-4a6b-8c9d-0e1f2a3b4c5d';

let stack: Stack;
let workflowId = '';

beforeAll(async () => {
	const t0 = Date.now();
	stack = await startStack({ packageTarball: packageTarball(), runDir: newRunDir('e2e-trigger'), log: progress, workflow: false });
	const { id } = await stack.client.createWorkflow({
		name: 'Mailchimp changes → CRM',
		nodes: [
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000001',
				name: 'Mailchimp Audience Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: {
					authentication: 'apiKey',
					audience: { __rl: true, mode: 'list', value: NEWSLETTER.id, cachedResultName: NEWSLETTER.name },
				},
				credentials: { mailchimpPushApi: { id: stack.credentialId, name: 'Mailchimp sandbox (acme)' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	workflowId = id;
	progress(`n8n up with the trigger workflow imported in ${seconds(t0)}`);
}, 240000);

afterAll(async () => {
	await stack?.stop();
});

const hooks = () => stack.sandbox.webhooks('acme', NEWSLETTER.id);

async function executions(): Promise<Array<{ id: string; status: string; mode: string }>> {
	const list = await stack.client.rest<any>('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
	return list.results ?? list;
}

test('activation registers exactly one webhook with the chosen events and sources, validated by GET', async () => {
	await stack.client.activateWorkflow(workflowId);
	// n8n registers a workflow's webhooks a moment after the activation call returns.
	await stack.client.waitForWebhook(`${WEBHOOK_ID}/webhook`);
	await eventually(async () => hooks().length, (n) => n > 0);
	expect(hooks()).toHaveLength(1);
	const [hook] = hooks();
	const url = new URL(hook.url);
	expect(`${url.origin}${url.pathname}`).toBe(`${stack.n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`);
	expect(url.searchParams.get('secret')).toMatch(/^[A-Za-z0-9_-]{43}$/);
	expect(hook.events).toEqual({ subscribe: true, unsubscribe: true, profile: true, upemail: true, cleaned: true, campaign: false });
	expect(hook.sources).toEqual({ user: true, admin: true, api: false });
	// The validation GET started nothing.
	expect(await executions()).toEqual([]);
});

test('a POST without the secret is refused with 401 and starts nothing', async () => {
	const r = await fetch(`${stack.n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'type=unsubscribe&data[email]=ada@lovelace.dev',
	});
	expect(r.status).toBe(401);
	expect(await executions()).toEqual([]);
});

test('an admin-side unsubscribe runs the workflow once with the clean item', async () => {
	const sent = await stack.sandbox.admin.unsubscribe('acme', NEWSLETTER.id, SEEDED_MEMBERS.subscribed);
	expect(sent.map((d) => d.status)).toEqual([200]);
	const runs = await eventually(executions, (l) => l.length >= 1 && l.every((e) => e.status !== 'running' && e.status !== 'new'));
	expect(runs).toHaveLength(1);
	expect(runs[0]).toMatchObject({ status: 'success', mode: 'webhook' });
	const execution = await stack.client.rest<any>('GET', `/executions/${runs[0].id}`);
	const text = typeof execution.data === 'string' ? execution.data : JSON.stringify(execution.data);
	// The run data is stored flattened by n8n; the item's values are in it.
	for (const value of ['unsubscribe', SEEDED_MEMBERS.subscribed, subscriberHash(SEEDED_MEMBERS.subscribed), NEWSLETTER.id, 'unsub', 'manual', 'Ada']) {
		expect(text).toContain(value);
	}
	expect(text).not.toContain(new URL(hooks()[0].url).searchParams.get('secret')!);
});

test('an API-side change does not run it (default sources: no echo)', async () => {
	// Through the sandbox's API, as the push node's own writes arrive.
	const status = await sandboxApi('PATCH', `/lists/${NEWSLETTER.id}/members/${subscriberHash(SEEDED_MEMBERS.subscribed2)}`, { status: 'unsubscribed' });
	expect(status).toBe(200);
	expect(stack.sandbox.getMember('acme', NEWSLETTER.id, SEEDED_MEMBERS.subscribed2)!.status).toBe('unsubscribed');
	await stack.sandbox.webhooksSettled();
	expect(stack.sandbox.webhookDeliveries().map((d) => d.source)).toEqual(['admin']);
	await new Promise((r) => setTimeout(r, 1000));
	expect(await executions()).toHaveLength(1);
});

function sandboxApi(method: string, path: string, body: unknown): Promise<number> {
	const url = new URL(`${stack.sandbox.url}/3.0${path}`);
	const payload = JSON.stringify(body);
	const auth = `Basic ${Buffer.from(`x:${stack.sandbox.accounts.acme.apiKey}`).toString('base64')}`;
	return new Promise((resolve, reject) => {
		const req = httpsRequest(
			{ host: url.hostname, port: url.port, path: url.pathname, method, ca: stack.sandbox.ca, servername: '', agent: false, headers: { Authorization: auth, 'Content-Type': 'application/json' } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

test('deactivation leaves no webhook', async () => {
	await stack.client.api('POST', `/workflows/${workflowId}/deactivate`);
	await eventually(async () => hooks().length, (n) => n === 0);
	expect(hooks()).toEqual([]);
});
