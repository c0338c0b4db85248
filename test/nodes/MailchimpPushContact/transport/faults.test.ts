import { UNKNOWN_CREATE } from '../../../../nodes/MailchimpPushContact/actions/contact/push/createPipeline';
import { ACME_JOURNEY, NEWSLETTER_LIST_ID as LIST } from '../../../../sandbox';
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
		// A new contact whose create answer was lost, and that the retry then met in the audience,
		// can't be told from one that was there before: it reads "updated", saying so.
		let unknown = 0;
		for (let i = 0; i < N - invalid.length; i++) {
			const json = byEmail.get(`new${i}@initech-mail.com`)!;
			if (json.action === 'updated') {
				unknown++;
				expect(json).toMatchObject({ status: 'subscribed', reason: UNKNOWN_CREATE });
			} else expect(json).toMatchObject({ action: 'created', status: 'subscribed' });
		}
		// Only a call whose answer was lost leaves its contacts unknown.
		const lost = sandbox().requests.filter((r) => r.fault === 'lostResponse' && r.method === 'POST' && r.path === `/3.0/lists/${LIST}`);
		expect(unknown).toBeLessThanOrEqual(lost.length * 500);
		expect(unknown).toBeLessThan(N - invalid.length);
		for (const email of invalid) expect(byEmail.get(email)?.error).toMatch(/looks fake or invalid/);
		for (const email of existing) expect(byEmail.get(email)).toMatchObject({ action: 'updated', status: 'subscribed' });
		expect(run.json.filter((j) => j.error).map((j) => j.email).sort()).toEqual([...invalid].sort());

		// Exactly once: no contact is missing, doubled, or holds other values.
		const members = sandbox().listMembers('acme', LIST);
		expect(members.filter((m) => /^(new|known)\d+@/.test(m.email_address))).toHaveLength(2 * N - invalid.length);
		for (const m of members.filter((m) => /^(new|known)\d+@/.test(m.email_address))) {
			expect(m.merge_fields.FNAME).toBe(m.email_address.startsWith('new') ? `New${m.email_address.match(/\d+/)![0]}` : `Known${m.email_address.match(/\d+/)![0]}`);
			expect(m.tags.map((t) => t.name)).toContain('synced');
		}
	}, 120_000);

	it('a fault that outlasts the retry budget becomes a per-item error with "On Error: Continue"', async () => {
		sandbox().setFaults({ rate5xx: 1, onlyMethods: ['POST'] });
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
		// The budget: twelve attempts of the one batch call, then the items fail.
		expect(sandbox().requests.filter((r) => r.method === 'POST' && r.path === `/3.0/lists/${LIST}`)).toHaveLength(12);
	}, 90_000);

	it('…or a NodeApiError that says how many other items were written', async () => {
		// Updates (PUT) keep failing; the new contact is created.
		sandbox().setFaults({ rate5xx: 1, onlyMethods: ['PUT'] });
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 'new-one@initech-mail.com' }, { email: 'ada@lovelace.dev' }],
		});
		sandbox().setFaults(undefined);
		const error = failure(run);
		expect(error.message).toMatch(/^Item 1 \(ada@lovelace.dev\): .*after several retries/);
		expect(error.description).toMatch(/^1 other item was written to Mailchimp: new-one@initech-mail.com \(created\)\./);
		expect(sandbox().getMember('acme', LIST, 'new-one@initech-mail.com')).toBeDefined();
	}, 60_000);

	it('600 contacts (half new, half existing) at 50 % 429s, 20 % 5xx, 5 % drops and 5 % lost answers, at the benchmark\'s latency: each once, no second welcome, in under two minutes', async () => {
		const existing = Array.from({ length: 300 }, (_, i) => `stormknown${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, existing.map((email) => ({ email_address: email, status: 'subscribed', merge_fields: { FNAME: 'Old', COMPANY: 'Old' } })));
		const fresh = Array.from({ length: 300 }, (_, i) => `stormnew${i}@initech-mail.com`);
		const items = [...fresh, ...existing].map((email, i) => ({ email, first: `S${i}` }));
		sandbox().setLatency({ perRequestMs: 20, perMemberMs: 2 });
		sandbox().setFaults({ rate429: 0.5, rate5xx: 0.2, rateDrop: 0.05, rateLostResponse: 0.05 });
		const started = Date.now();
		const run = await push({
			parameters: {
				mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }),
				sendWelcomeEmail: true,
				welcomeJourneyUrl: `https://us14.api.mailchimp.com/3.0/customer-journeys/journeys/${ACME_JOURNEY.journeyId}/steps/${ACME_JOURNEY.stepId}/actions/trigger`,
			},
			items,
			node: continueOnFail,
		});
		const seconds = (Date.now() - started) / 1000;
		sandbox().setFaults(undefined);
		sandbox().setLatency({ perRequestMs: 0, perMemberMs: 0 });
		expect(seconds).toBeLessThan(120);

		// Every contact once, with this push's values.
		const members = sandbox().listMembers('acme', LIST).filter((m) => m.email_address.startsWith('storm'));
		expect(members).toHaveLength(600);
		const first = new Map(items.map((i) => [i.email, i.first]));
		for (const m of members) expect(m.merge_fields.FNAME).toBe(first.get(m.email_address));
		// Welcomes: never twice, never for a contact that existed before.
		const welcomed = sandbox().journeyTriggers('acme').map((t) => t.email);
		expect(new Set(welcomed).size).toBe(welcomed.length);
		expect(welcomed.filter((e) => e.startsWith('stormknown'))).toEqual([]);
		// Each item has its outcome; the only errors allowed are welcomes whose answer was lost (never re-sent).
		expect(run.json).toHaveLength(600);
		run.json.forEach((json, i) => {
			expect(json.email).toBe(items[i].email);
			if (json.error) expect(json.error).toMatch(/welcome journey/);
			expect(['created', 'updated']).toContain(json.action);
		});
		process.stderr.write(`  · 600 contacts under faults: ${seconds.toFixed(1)} s, ${sandbox().requests.length} requests, ${sandbox().count429()} 429s\n`);
	}, 150_000);
});

