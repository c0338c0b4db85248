import { NEWSLETTER_LIST_ID as LIST } from '../../../../sandbox';
import { failure, mapEach, push, useSandbox } from '../fixture';

const sandbox = useSandbox();
const continueOnFail = { onError: 'continueRegularOutput' as const };

describe('faults: 429s, 5xx, dropped connections and answers lost after the write', () => {
	it('2,000 contacts (half new, half existing, a few invalid) all land exactly once with the right outcome', async () => {
		const N = 1000;
		const existing = Array.from({ length: N }, (_, i) => `known${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, existing.map((email) => ({ email_address: email, status: 'subscribed', merge_fields: { FNAME: 'Old', COMPANY: 'Old' } })));
		const invalid = ['test@example.com', 'fake@example.org', 'x@y.invalid'];
		const items = [
			...Array.from({ length: N - invalid.length }, (_, i) => ({ email: `new${i}@initech-mail.com`, first: `New${i}` })),
			...invalid.map((email) => ({ email, first: 'Fake' })),
			...existing.map((email, i) => ({ email, first: `Known${i}` })),
		];
		sandbox().setFaults({ rate429: 0.2, rate5xx: 0.05, rateDrop: 0.02, rateLostResponse: 0.03 });

		const run = await push({
			parameters: { mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }), options: { tags: 'synced' } },
			items,
			node: continueOnFail,
		});
		sandbox().setFaults(undefined);
		expect(sandbox().requests.some((r) => r.fault === 'lostResponse')).toBe(true);
		expect(sandbox().count429()).toBeGreaterThan(0);

		expect(run.json).toHaveLength(items.length);
		const byEmail = new Map(run.json.map((j) => [j.email as string, j]));
		for (let i = 0; i < N - invalid.length; i++) {
			expect(byEmail.get(`new${i}@initech-mail.com`)).toMatchObject({ action: 'created', status: 'subscribed' });
		}
		for (const email of invalid) expect(byEmail.get(email)?.error).toMatch(/looks fake or invalid/);
		for (const email of existing) expect(byEmail.get(email)).toMatchObject({ action: 'updated', status: 'subscribed' });
		expect(run.json.filter((j) => j.error).map((j) => j.email).sort()).toEqual([...invalid].sort());

		// Exactly once: every new contact reads "created" above even where the answer to its write was
		// lost and the retry met it as existing; below, no contact is missing or holds other values.
		const members = sandbox().listMembers('acme', LIST);
		expect(members.filter((m) => /^(new|known)\d+@/.test(m.email_address))).toHaveLength(2 * N - invalid.length);
		for (const m of members.filter((m) => /^(new|known)\d+@/.test(m.email_address))) {
			expect(m.merge_fields.FNAME).toBe(m.email_address.startsWith('new') ? `New${m.email_address.match(/\d+/)![0]}` : `Known${m.email_address.match(/\d+/)![0]}`);
			expect(m.tags.map((t) => t.name)).toContain('synced');
		}
	}, 120_000);

	it('a fault that outlasts the retry budget becomes a per-item error with "On Error: Continue"', async () => {
		sandbox().setFaults({ rate5xx: 1 });
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 'down1@initech-mail.com' }, { email: 'down2@initech-mail.com' }],
			node: continueOnFail,
		});
		sandbox().setFaults(undefined);
		expect(run.json.map((j) => j.error)).toEqual([
			expect.stringMatching(/did not accept the request after several retries/),
			expect.stringMatching(/did not accept the request after several retries/),
		]);
		expect(run.json[0].errorDetails).toMatchObject({ status: expect.any(Number) });
		// The budget: six attempts of the one batch call, then the items fail.
		expect(sandbox().requests.filter((r) => r.method === 'POST' && r.path === `/3.0/lists/${LIST}`)).toHaveLength(6);
	}, 60_000);

	it('…or a NodeApiError that says how many contacts were pushed', async () => {
		// Updates (PUT) keep failing; the new contact is created.
		sandbox().setFaults({ rate5xx: 1, onlyMethods: ['PUT'] });
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 'new-one@initech-mail.com' }, { email: 'ada@lovelace.dev' }],
		});
		sandbox().setFaults(undefined);
		const error = failure(run);
		expect(error.message).toMatch(/^Item 1 \(ada@lovelace.dev\): .*after several retries/);
		expect(error.description).toMatch(/^1 other contact was pushed/);
		expect(sandbox().getMember('acme', LIST, 'new-one@initech-mail.com')).toBeDefined();
	}, 60_000);
});
