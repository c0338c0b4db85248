/**
 * A real n8n 2.40 with the package installed as a community package: the example workflow
 * (Webhook → Mailchimp Push Contact) pushes contacts into the sandbox and the webhook answers
 * with the node's output items.
 */
import { startStack, NEWSLETTER, type Stack } from '../../dev/n8n/stack';
import { installedCommunityPackages, newRunDir } from '../../dev/n8n/host';
import { SEEDED_MEMBERS } from '../../sandbox';
import { packageTarball, postJson, progress, seconds } from './support';

let stack: Stack;

beforeAll(async () => {
	const t0 = Date.now();
	stack = await startStack({ packageTarball: packageTarball(), runDir: newRunDir('e2e-webhook'), log: progress });
	progress(`n8n up with the package installed and the workflow active in ${seconds(t0)}`);
}, 240000);

afterAll(async () => {
	await stack?.stop();
});

test('the package is installed the way n8n installs community packages', () => {
	expect(installedCommunityPackages(stack.n8n.userFolder)).toEqual(['n8n-nodes-mailchimp-push']);
});

test('a new contact is created in the sandbox and the webhook returns the node output', async () => {
	const email = `new.signup+${Date.now()}@example-mail.org`;
	const r = await postJson(stack.webhookUrl, { email, firstName: 'Nova', lastName: 'Signup', company: 'Nova Labs', tags: 'webinar, lead' });
	expect(r.status).toBe(200);
	expect(Array.isArray(r.json)).toBe(true);
	expect(r.json).toHaveLength(1);
	const [out] = r.json;
	expect(out).toMatchObject({ email, action: 'created', status: 'subscribed', audienceId: NEWSLETTER.id });
	expect(out.subscriberHash).toMatch(/^[0-9a-f]{32}$/);

	const member = stack.sandbox.getMember('acme', NEWSLETTER.id, email)!;
	expect(member).toBeDefined();
	expect(member.status).toBe('subscribed');
	expect(member.id).toBe(out.subscriberHash);
	expect(member.merge_fields).toMatchObject({ FNAME: 'Nova', LNAME: 'Signup', COMPANY: 'Nova Labs' });
	expect((member.tags ?? []).map((t) => t.name).sort()).toEqual(['lead', 'webinar']);
});

test('an existing contact is updated', async () => {
	const email = SEEDED_MEMBERS.subscribed;
	const r = await postJson(stack.webhookUrl, { email, firstName: 'Ada', lastName: 'King', company: 'Analytical Engines Ltd' });
	expect(r.status).toBe(200);
	expect(r.json[0]).toMatchObject({ email, action: 'updated', status: 'subscribed', audienceId: NEWSLETTER.id });
	expect(stack.sandbox.getMember('acme', NEWSLETTER.id, email)!.merge_fields).toMatchObject({ LNAME: 'King' });
});

test('an unsubscribed contact is skipped, not resubscribed', async () => {
	const email = SEEDED_MEMBERS.unsubscribed;
	const r = await postJson(stack.webhookUrl, { email, firstName: 'Fran', lastName: 'Former', company: 'Acme Mail' });
	expect(r.status).toBe(200);
	expect(r.json[0]).toMatchObject({ email, action: 'skipped', status: 'unsubscribed' });
	expect(stack.sandbox.getMember('acme', NEWSLETTER.id, email)!.status).toBe('unsubscribed');
});

test('the executions are recorded by n8n as successful runs of the community node', async () => {
	const list = await stack.client.rest<any>('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: stack.workflowId }))}`);
	const results: Array<{ status: string; mode: string }> = list.results ?? list;
	expect(results.length).toBeGreaterThanOrEqual(3);
	for (const e of results) expect(e).toMatchObject({ status: 'success', mode: 'webhook' });
});
