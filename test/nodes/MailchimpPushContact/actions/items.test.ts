import { NodeApiError } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS } from '../../../../sandbox';
import { audience, failure, mapEach, push, useSandbox } from '../fixture';

const sandbox = useSandbox();
const continueOnFail = { onError: 'continueRegularOutput' as const };
const parameters = { mergeFields: mapEach({ COMPANY: 'Initech' }) };

describe('each Mailchimp error reads as what it is, on its own item', () => {
	it.each([
		[
			'a forgotten (permanently deleted) contact',
			SEEDED_MEMBERS.forgotten,
			'Forgotten Email Not Subscribed',
			/permanently deleted; it can only come back by signing up again/,
		],
		['a fake-looking address', 'test@example.com', 'Invalid Resource', /looks fake or invalid/],
	])('%s', async (_, email, title, plainWords) => {
		const run = await push({ parameters, items: [{ email }, { email: 'fine@initech-mail.com' }], node: continueOnFail });
		expect(run.json[0]).toMatchObject({ email, audienceId: LIST, error: expect.stringMatching(plainWords), errorDetails: { status: 400, title } });
		expect(run.json[0].error).toMatch(new RegExp(`^${title}`));
		expect(run.json[1]).toMatchObject({ action: 'created' });
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without "On Error: Continue" the node fails with a NodeApiError naming the item and Mailchimp\'s title', async () => {
		const run = await push({ parameters, items: [{ email: 'fine@initech-mail.com' }, { email: SEEDED_MEMBERS.forgotten }] });
		const error = failure(run);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Item 1 \(forgotten@acme-mail.com\): Forgotten Email Not Subscribed — /);
		expect(error.httpCode).toBe('400');
	});

	it('an unknown audience fails the node with Mailchimp\'s answer', async () => {
		const run = await push({ parameters: { ...parameters, audience: audience('0000000000') }, items: [{ email: 'x@initech-mail.com' }] });
		expect(failure(run).message).toMatch(/Resource Not Found/);
	});
});

describe('Mailchimp\'s connection limit and transient faults', () => {
	it('retries 429 and 5xx answers: every contact lands once and no 429 reaches the user', async () => {
		sandbox().setFaults({ rate429: 0.3, rate5xx: 0.1 });
		const items = Array.from({ length: 40 }, (_, i) => ({ email: `retry${i}@initech-mail.com` }));
		const run = await push({ parameters: { ...parameters, options: { batchSize: 1 } }, items });
		sandbox().setFaults(undefined);
		expect(run.status).toBe('success');
		expect(run.json.every((j) => j.action === 'created' && !j.error)).toBe(true);
		expect(sandbox().count429()).toBeGreaterThan(0);
		expect(sandbox().listMembers('acme', LIST).filter((m) => m.email_address.startsWith('retry'))).toHaveLength(40);
	});

	// Latency long enough that the connections fill up whatever the machine's speed.
	it('never has more than maxConcurrency requests in flight', async () => {
		sandbox().setLatency({ perRequestMs: 50, perMemberMs: 0 });
		const items = Array.from({ length: 30 }, (_, i) => ({ email: `slow${i}@initech-mail.com` }));
		const run = await push({ parameters: { ...parameters, options: { batchSize: 1, maxConcurrency: 3 } }, items });
		sandbox().setLatency({ perRequestMs: 0, perMemberMs: 0 });
		expect(run.json.every((j) => j.action === 'created')).toBe(true);
		expect(sandbox().peakInFlight('acme')).toBe(3);
	});

	it('executions sharing an account share its 10 connections', async () => {
		sandbox().setLatency({ perRequestMs: 50, perMemberMs: 0 });
		const run = (tag: string) =>
			push({
				parameters: { ...parameters, options: { batchSize: 1 } },
				items: Array.from({ length: 30 }, (_, i) => ({ email: `${tag}${i}@initech-mail.com` })),
			});
		const [a, b] = await Promise.all([run('first'), run('second')]);
		sandbox().setLatency({ perRequestMs: 0, perMemberMs: 0 });
		expect([...a.json, ...b.json].every((j) => j.action === 'created')).toBe(true);
		expect(sandbox().peakInFlight('acme')).toBe(10);
		expect(sandbox().count429()).toBe(0);
	});
});

