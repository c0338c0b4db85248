import { MailchimpClient, REQUEST_TIMEOUT_MS } from '../../../../nodes/MailchimpPushContact/transport/client';
import { DEFAULT_RETRY } from '../../../../nodes/MailchimpPushContact/transport/retry';
import { subscriberHash } from '../../../../nodes/MailchimpPushContact/helpers/subscriberHash';
import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, SEEDED_MEMBERS } from '../../../../sandbox';
import { useSandbox } from '../fixture';

const sandbox = useSandbox();

describe('MailchimpClient timeouts', () => {
	it('retries an attempt that times out, then reports the timeout', async () => {
		sandbox().setLatency({ perRequestMs: 300, perMemberMs: 0 });
		const client = MailchimpClient.forApiKey(
			{ apiKey: SANDBOX_ACCOUNTS.acme.apiKey },
			{ timeoutMs: 50, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 10_000 } },
		);
		await expect(client.ping()).rejects.toMatchObject({ title: 'No response from Mailchimp', detail: 'The request timed out' });
		sandbox().setLatency({ perRequestMs: 0, perMemberMs: 0 });
		expect(sandbox().requests.filter((r) => r.path === '/3.0/ping')).toHaveLength(3);
	});

	it('times an attempt out early enough for a retry within the default budget (12 attempts, 90 s)', () => {
		expect(DEFAULT_RETRY).toMatchObject({ maxAttempts: 12, budgetMs: 90_000 });
		expect(REQUEST_TIMEOUT_MS).toBeLessThan(DEFAULT_RETRY.budgetMs);
	});
});

describe('MailchimpClient connections', () => {
	const member = subscriberHash(SEEDED_MEMBERS.subscribed);

	it('reuses its connections: 50 requests, at most 10 at a time, open no more than 10', async () => {
		const client = MailchimpClient.forApiKey({ apiKey: SANDBOX_ACCOUNTS.acme.apiKey });
		for (let i = 0; i < 20; i++) await client.ping();
		await Promise.all(Array.from({ length: 30 }, () => client.getMember(NEWSLETTER_LIST_ID, member)));
		expect(sandbox().requests).toHaveLength(50);
		expect(sandbox().connectionsOpened()).toBeLessThanOrEqual(10);
	});

	it('sends a write that must never be sent twice on a connection of its own', async () => {
		const client = MailchimpClient.forApiKey({ apiKey: SANDBOX_ACCOUNTS.acme.apiKey });
		await client.ping();
		const before = sandbox().connectionsOpened();
		for (let i = 0; i < 3; i++) await client.addMemberNote(NEWSLETTER_LIST_ID, member, `note ${i}`);
		expect(sandbox().connectionsOpened() - before).toBe(3);
	});
});
