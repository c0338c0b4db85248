import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS } from '../../../../../../sandbox';
import { mapEach, push, useSandbox } from '../../../fixture';

const sandbox = useSandbox();
const routes = () => sandbox().requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}/, '{hash}')}`);
const count = (route: string) => routes().filter((r) => r === route).length;

describe('a bulk push', () => {
	const N = 600;
	const newOnes = Array.from({ length: N }, (_, i) => ({ email: `new${i}@initech-mail.com`, first: `New ${i}` }));
	const known = Array.from({ length: N }, (_, i) => ({ email: `known${i}@initech-mail.com`, first: `Known ${i}` }));

	beforeEach(() => {
		sandbox().addMembers('acme', LIST, known.map((k) => ({ email_address: k.email, status: 'subscribed', merge_fields: { FNAME: 'Old', COMPANY: 'Old' } })));
	});

	it('creates and updates in one pass of batch calls, leaves the not-subscribed to the update rules, tags in bulk, and reports every item', async () => {
		const items = [...newOnes, ...known, { email: 'test@example.com' }, { email: SEEDED_MEMBERS.unsubscribed }];
		const run = await push({
			parameters: { mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }), options: { tags: 'bulk-2026' } },
			items,
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json).toHaveLength(items.length);
		expect(run.json.slice(0, N).every((j) => j.action === 'created' && j.status === 'subscribed')).toBe(true);
		expect(run.json.slice(N, 2 * N).every((j) => j.action === 'updated' && j.status === 'subscribed')).toBe(true);
		expect(run.json[2 * N]).toMatchObject({ email: 'test@example.com', error: expect.stringMatching(/looks fake or invalid/) });
		expect(run.json[2 * N + 1]).toMatchObject({ action: 'skipped', status: 'unsubscribed' });
		expect(run.items.every((item, i) => (item.pairedItem as { item: number }).item === i)).toBe(true);

		// One pass: the status book (the few members that are not subscribed) is read first; then
		// the 1,202 contacts, spread over the 10 connections, go out as batch-subscribe calls with
		// update_existing and status subscribed, which create the new and update the subscribed ones.
		// The unsubscribed one is in the book: left out of the batches, skipped by the update rules.
		const batches = sandbox().requests.filter((r) => r.path === `/3.0/lists/${LIST}`).map((r) => r.body as { update_existing: boolean; members: Array<{ status: string }> });
		const sizes = (updateExisting: boolean) =>
			batches.filter((b) => b.update_existing === updateExisting).map((b) => b.members.length).sort((a, b) => b - a);
		expect(sizes(false)).toEqual([]);
		expect(sizes(true)).toEqual([...Array(9).fill(121), 112]);
		expect(batches.filter((b) => b.update_existing).every((b) => b.members.every((m) => m.status === 'subscribed'))).toBe(true);
		expect(count(`PUT /3.0/lists/${LIST}/members/{hash}`)).toBe(0);
		expect(count(`GET /3.0/lists/${LIST}/members/{hash}`)).toBe(0);
		// Tags: the tag's segment made once, then one call per 500 of the 1,200 tagged contacts.
		expect(count(`POST /3.0/lists/${LIST}/members/{hash}/tags`)).toBe(0);
		expect(routes().filter((r) => r.startsWith(`POST /3.0/lists/${LIST}/segments`))).toHaveLength(4);
		for (const email of ['new0@initech-mail.com', 'known599@initech-mail.com']) {
			expect(sandbox().getMember('acme', LIST, email)?.tags.map((t) => t.name)).toContain('bulk-2026');
		}
		expect(sandbox().getMember('acme', LIST, 'known5@initech-mail.com')?.merge_fields).toMatchObject({ FNAME: 'Known 5', COMPANY: 'Initech' });
		// The sandbox refuses an 11th request at once, so no 429 means never more than 10 in flight.
		expect(sandbox().count429()).toBe(0);
	});

	it('spreads a small push over all the connections it may use, 50 members a call at the least', async () => {
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) }, items: newOnes.slice(0, 500) });
		expect(run.json.every((j) => j.action === 'created')).toBe(true);
		expect(sandbox().requests.filter((r) => r.path === `/3.0/lists/${LIST}`).map((r) => (r.body as { members: unknown[] }).members.length)).toEqual(Array(10).fill(50));
	});

	it('honours batchSize', async () => {
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }), options: { batchSize: 100 } }, items: newOnes });
		expect(run.json.every((j) => j.action === 'created')).toBe(true);
		expect(count(`POST /3.0/lists/${LIST}`)).toBe(6);
	});

	it('spreads a push bigger than one round of full calls over several smaller calls per connection', async () => {
		// 1,100 contacts over 2 connections: more than 2 × 500, so about four calls per connection.
		const many = Array.from({ length: 1_100 }, (_, i) => ({ email: `many${i}@initech-mail.com` }));
		const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }), options: { maxConcurrency: 2 } }, items: many });
		expect(run.json.every((j) => j.action === 'created')).toBe(true);
		const sizes = sandbox()
			.requests.filter((r) => r.path === `/3.0/lists/${LIST}`)
			.map((r) => (r.body as { members: unknown[] }).members.length);
		expect(sizes).toEqual([138, 138, 138, 138, 138, 138, 138, 134]);
		expect(sandbox().peakInFlight('acme')).toBeLessThanOrEqual(2);
	});

	it('gives the same outcome per item as pushing each contact alone', async () => {
		const mixed = [newOnes[0], known[0], { email: SEEDED_MEMBERS.cleaned }, { email: SEEDED_MEMBERS.pending }];
		const parameters = { mergeFields: mapEach({ COMPANY: 'Initech' }), doubleOptIn: true };
		const together = await push({ parameters, items: mixed });
		sandbox().reset();
		sandbox().addMembers('acme', LIST, [{ email_address: known[0].email, status: 'subscribed' }]);
		const alone = [];
		for (const item of mixed) alone.push((await push({ parameters, items: [item] })).json[0]);
		expect(together.json).toEqual(alone);
	});

	it('gives the same outcome per item as pushing each contact alone on the bulk path too (status book, batch updates)', async () => {
		const mixed = [
			...known.slice(0, 60),
			{ email: SEEDED_MEMBERS.cleaned },
			{ email: SEEDED_MEMBERS.pending },
			{ email: SEEDED_MEMBERS.unsubscribed },
			newOnes[0],
		];
		const parameters = { mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }) };
		const together = await push({ parameters, items: mixed });
		// 64 contacts: the book says which 3 are not subscribed; the 60 subscribed ones and the new one
		// go out in one pass (calls of at least 50 members), the other 3 by the update rules.
		const updates = sandbox().requests.filter((r) => r.method === 'POST' && r.path === `/3.0/lists/${LIST}` && (r.body as { update_existing: boolean }).update_existing);
		expect(updates.map((r) => (r.body as { members: unknown[] }).members.length)).toEqual([50, 11]);
		expect(count(`GET /3.0/lists/${LIST}/members/{hash}`)).toBe(0);
		sandbox().reset();
		sandbox().addMembers('acme', LIST, known.slice(0, 60).map((k) => ({ email_address: k.email, status: 'subscribed', merge_fields: { FNAME: 'Old', COMPANY: 'Old' } })));
		const alone = [];
		for (const item of mixed) alone.push((await push({ parameters, items: [item] })).json[0]);
		expect(together.json).toEqual(alone);
	});

	it('with double opt-in, creates first and then updates what it found, never downgrading a subscribed contact', async () => {
		const items = [...newOnes.slice(0, 100), ...known.slice(0, 100)];
		const run = await push({ parameters: { mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }), doubleOptIn: true }, items });
		expect(run.json.slice(0, 100).every((j) => j.action === 'created' && j.status === 'pending')).toBe(true);
		expect(run.json.slice(100).every((j) => j.action === 'updated' && j.status === 'subscribed')).toBe(true);
		const batches = sandbox().requests.filter((r) => r.path === `/3.0/lists/${LIST}`).map((r) => r.body as { update_existing: boolean });
		expect(batches.filter((b) => !b.update_existing)).toHaveLength(4);
		expect(batches.filter((b) => b.update_existing)).toHaveLength(2);
	});
});
