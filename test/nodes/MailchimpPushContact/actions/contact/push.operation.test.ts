import type { IDataObject } from 'n8n-workflow';

import { subscriberHash } from '../../../../../nodes/MailchimpPushContact/helpers/subscriberHash';
import { CUSTOMERS_LIST_ID, NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS } from '../../../../../sandbox';
import { editorSchema, failure, mapEach, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const acme = (email: string) => sandbox().getMember('acme', LIST, email);
const fields = (extra = {}) => ({ mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: '={{ $json.company }}', ...extra }) });

describe('upsert', () => {
	it('creates a new contact in one write, subscribed, with its merge fields read from the audience', async () => {
		const run = await push({ parameters: fields(), items: [{ email: '  New.Person@Initech-mail.com ', first: 'Peter', company: 'Initech' }] });
		expect(run.status).toBe('success');
		expect(run.json).toEqual([
			{
				email: 'New.Person@Initech-mail.com',
				action: 'created',
				status: 'subscribed',
				subscriberHash: subscriberHash('new.person@initech-mail.com'),
				audienceId: LIST,
			},
		]);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(acme('new.person@initech-mail.com')).toMatchObject({ status: 'subscribed', merge_fields: expect.objectContaining({ FNAME: 'Peter', COMPANY: 'Initech' }) });
		// The audience's merge fields are read once (the source of truth for types), then one create.
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /3.0/lists/${LIST}/merge-fields`,
			`POST /3.0/lists/${LIST}/members`,
		]);
	});

	it('updates a known contact instead of failing with "Member Exists", keeping its status', async () => {
		const run = await push({ parameters: fields(), items: [{ email: SEEDED_MEMBERS.pending, first: 'Grace', company: 'Navy' }] });
		expect(run.json[0]).toMatchObject({ action: 'updated', status: 'pending' });
		expect(acme(SEEDED_MEMBERS.pending)).toMatchObject({ status: 'pending', merge_fields: expect.objectContaining({ FNAME: 'Grace' }) });
		const put = writes(sandbox()).find((r) => r.method === 'PUT')!;
		expect(put.body).not.toHaveProperty('status');
		expect(put.body).toMatchObject({ email_address: SEEDED_MEMBERS.pending, status_if_new: 'subscribed' });
	});

	it('pushes many contacts, new and existing, each with its own outcome in input order', async () => {
		const items = [
			{ email: 'one@initech-mail.com', first: 'One', company: 'I' },
			{ email: SEEDED_MEMBERS.subscribed, first: 'Ada', company: 'Analytical' },
			{ email: 'two@initech-mail.com', first: 'Two', company: 'I' },
			{ email: 'ONE@initech-mail.com', first: 'Again', company: 'I' },
		];
		const run = await push({ parameters: fields(), items });
		expect(run.json.map((j) => [j.email, j.action, j.status])).toEqual([
			['one@initech-mail.com', 'created', 'subscribed'],
			[SEEDED_MEMBERS.subscribed, 'updated', 'subscribed'],
			['two@initech-mail.com', 'created', 'subscribed'],
			['ONE@initech-mail.com', 'updated', 'subscribed'],
		]);
		expect(run.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		// The repeated address reads as a second, later push of the same contact.
		expect(acme('one@initech-mail.com')?.merge_fields.FNAME).toBe('Again');
		expect(writes(sandbox()).filter((r) => r.path === `/3.0/lists/${LIST}`)).toHaveLength(1);
	});
});

describe('double opt-in', () => {
	it('makes new contacts pending (Mailchimp sends the confirmation)', async () => {
		const run = await push({ parameters: { ...fields(), doubleOptIn: true }, items: [{ email: 'doi@initech-mail.com', company: 'I' }] });
		expect(run.json[0]).toMatchObject({ action: 'created', status: 'pending' });
		expect(acme('doi@initech-mail.com')?.status).toBe('pending');
	});
	it('never downgrades a subscribed contact', async () => {
		const run = await push({ parameters: { ...fields(), doubleOptIn: true }, items: [{ email: SEEDED_MEMBERS.subscribed, company: 'A' }] });
		expect(run.json[0]).toMatchObject({ action: 'updated', status: 'subscribed' });
		expect(acme(SEEDED_MEMBERS.subscribed)?.status).toBe('subscribed');
	});
});

describe('options', () => {
	it('updateExisting off leaves existing contacts untouched and reports them skipped', async () => {
		const before = acme(SEEDED_MEMBERS.subscribed);
		const run = await push({
			parameters: { ...fields(), options: { updateExisting: false } },
			items: [{ email: SEEDED_MEMBERS.subscribed, first: 'Changed', company: 'X' }, { email: 'fresh@initech-mail.com', company: 'I' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'skipped', status: 'subscribed', reason: expect.stringContaining('Update Existing') });
		expect(run.json[1]).toMatchObject({ action: 'created' });
		expect(acme(SEEDED_MEMBERS.subscribed)).toEqual(before);
		expect(writes(sandbox()).some((r) => r.method === 'PUT')).toBe(false);
	});

	it('leaves unsubscribed and cleaned contacts as they are unless resubscribe is on', async () => {
		const items = [{ email: SEEDED_MEMBERS.unsubscribed, first: 'X', company: 'X' }, { email: SEEDED_MEMBERS.cleaned, company: 'X' }];
		const run = await push({ parameters: fields(), items });
		expect(run.json.map((j) => [j.action, j.status])).toEqual([
			['skipped', 'unsubscribed'],
			['skipped', 'cleaned'],
		]);
		expect(run.json[0].reason).toMatch(/Resubscribe/);
		expect(acme(SEEDED_MEMBERS.unsubscribed)?.merge_fields.FNAME).not.toBe('X');
		expect(writes(sandbox()).some((r) => r.method === 'PUT')).toBe(false);
	});

	it('resubscribe sends unsubscribed contacts a re-confirmation (pending), the compliant way back', async () => {
		const run = await push({ parameters: { ...fields(), options: { resubscribe: true } }, items: [{ email: SEEDED_MEMBERS.unsubscribed, company: 'X' }] });
		expect(run.json[0]).toMatchObject({ action: 'updated', status: 'pending' });
		expect(acme(SEEDED_MEMBERS.unsubscribed)?.status).toBe('pending');
	});

	it('tags land on new and existing contacts', async () => {
		const run = await push({
			parameters: { ...fields(), options: { tags: 'lead, webinar-2026' } },
			items: [{ email: 'tagged@initech-mail.com', company: 'I' }, { email: SEEDED_MEMBERS.subscribed, company: 'A' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'updated']);
		for (const email of ['tagged@initech-mail.com', SEEDED_MEMBERS.subscribed]) {
			expect(acme(email)?.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['lead', 'webinar-2026']));
		}
	});

	// n8n itself refuses to run while a required field is unmapped; an item can still leave it empty.
	it('an empty required merge field fails a new contact but not an update', async () => {
		const run = await push({
			parameters: fields(),
			items: [{ email: 'nocompany@initech-mail.com', first: 'N' }, { email: SEEDED_MEMBERS.subscribed, first: 'Ada L.' }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0]).toMatchObject({ email: 'nocompany@initech-mail.com', error: expect.stringContaining('COMPANY') });
		expect(run.json[1]).toMatchObject({ action: 'updated' });
		expect(acme('nocompany@initech-mail.com')).toBeUndefined();
	});

	it('skipMergeValidation lets a new contact in without its required fields', async () => {
		const run = await push({
			parameters: { ...fields(), options: { skipMergeValidation: true } },
			items: [{ email: 'nocompany@initech-mail.com' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(writes(sandbox())[0].query).toMatchObject({ skip_merge_validation: 'true' });
	});
});

describe('pushContacts off', () => {
	it('passes items through unchanged and sends nothing', async () => {
		const items = [{ email: 'x@initech-mail.com', anything: { nested: true } }];
		const run = await push({ parameters: { ...fields(), pushContacts: false }, items });
		expect(run.json).toEqual(items);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('without "On Error: Continue"', () => {
	it('fails with an error naming the item, after pushing the others', async () => {
		const run = await push({
			parameters: fields(),
			items: [{ email: 'good@initech-mail.com', company: 'I' }, { email: 'not-an-address' }],
		});
		const error = failure(run);
		expect(error.message).toBe('Item 1: "not-an-address" is not an e-mail address');
		expect(error.description).toMatch(/^1 other item was written to Mailchimp: good@initech-mail.com \(created\)\./);
		expect(acme('good@initech-mail.com')).toBeDefined();
	});
});

describe('every parameter is read for its own item', () => {
	// Routing by region: EU contacts to the customers audience with double opt-in, the others to the newsletter.
	const routed = {
		audience: { __rl: true, mode: 'id', value: `={{ $json.region === 'EU' ? '${CUSTOMERS_LIST_ID}' : '${LIST}' }}` },
		doubleOptIn: "={{ $json.region === 'EU' }}",
		mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: "={{ $json.region === 'EU' ? '' : 'Initech' }}" }, null),
	};
	const contact = (i: number) => ({ email: `routed${i}@initech-mail.com`, first: `R${i}`, region: i % 2 ? 'EU' : 'US' });
	const expectRouted = (items: Array<ReturnType<typeof contact>>, json: IDataObject[]) => {
		items.forEach((item, i) => {
			const eu = item.region === 'EU';
			const own = eu ? CUSTOMERS_LIST_ID : LIST;
			const other = eu ? LIST : CUSTOMERS_LIST_ID;
			expect(json[i]).toMatchObject({ email: item.email, audienceId: own, action: 'created', status: eu ? 'pending' : 'subscribed' });
			expect(sandbox().getMember('acme', own, item.email)).toMatchObject({ status: eu ? 'pending' : 'subscribed' });
			expect(sandbox().getMember('acme', other, item.email)).toBeUndefined();
		});
	};

	it('routes each contact to its own audience with its own double opt-in, in bulk', async () => {
		const items = Array.from({ length: 60 }, (_, i) => contact(i));
		const run = await push({ parameters: routed, items });
		expect(run.status).toBe('success');
		expectRouted(items, run.json);
		// Each audience got its own batch call, carrying only its own contacts.
		const batches = writes(sandbox()).filter((r) => /^\/3\.0\/lists\/\w+$/.test(r.path));
		expect(batches.map((r) => r.path).sort()).toEqual([`/3.0/lists/${LIST}`, `/3.0/lists/${CUSTOMERS_LIST_ID}`]);
	});

	it('routes each contact to its own audience with its own double opt-in, one by one', async () => {
		for (const item of [contact(1), contact(2)]) {
			const run = await push({ parameters: routed, items: [item] });
			expectRouted([item], run.json);
		}
	});

	it('an item whose audience expression gives no valid ID fails alone', async () => {
		const run = await push({
			parameters: { ...routed, audience: { __rl: true, mode: 'id', value: '={{ $json.list }}' } },
			items: [
				{ email: 'a@initech-mail.com', region: 'EU', list: 'no such/list' },
				{ email: 'b@initech-mail.com', region: 'EU', list: CUSTOMERS_LIST_ID },
			],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0]).toMatchObject({ email: 'a@initech-mail.com', error: '"no such/list" is not an audience ID (letters and digits only)' });
		expect(run.json[1]).toMatchObject({ audienceId: CUSTOMERS_LIST_ID, action: 'created' });
	});

	it('refuses an execution-wide option that an expression changes from item to item, on that item', async () => {
		const run = await push({
			parameters: { ...fields(), options: { maxConcurrency: '={{ $json.n }}' } },
			items: [{ email: 'c1@initech-mail.com', company: 'I', n: 3 }, { email: 'c2@initech-mail.com', company: 'I', n: 4 }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(run.json[1].error).toBe('Max Concurrent Requests is set once per execution (3, from the first item); this item gives 4');
	});

	it('refuses a Batch Size or Max Concurrent Requests out of range instead of clamping it', async () => {
		for (const [options, message] of [
			[{ batchSize: 0 }, 'Batch Size must be a whole number from 1 to 500, got 0'],
			[{ maxConcurrency: 11 }, 'Max Concurrent Requests must be a whole number from 1 to 10, got 11'],
			[{ maxConcurrency: '=abc' }, 'Max Concurrent Requests must be a whole number from 1 to 10, got "abc"'],
		] as const) {
			const run = await push({ parameters: { ...fields(), options }, items: [{ email: 'x@initech-mail.com', company: 'I' }] });
			expect(failure(run).message).toBe(message);
			expect(sandbox().requests).toHaveLength(0);
		}
	});
});

describe('the audience, not the stored schema, says what each merge field is', () => {
	const generic = (tags: string[]) => tags.map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false }));

	it('an address, a number and a date under a generic "string" schema are sent as the audience types them', async () => {
		const address = { addr1: '1 Infinite Loop', city: 'Cupertino', state: 'CA', zip: '95014' };
		const run = await push({
			parameters: {
				mergeFields: mapEach(
					{ COMPANY: 'Initech', ADDRESS: '={{ $json.address }}', SCORE: '={{ $json.score }}', SIGNUPDATE: '2024-02-29' },
					generic(['COMPANY', 'ADDRESS', 'SCORE', 'SIGNUPDATE']),
				),
			},
			items: [{ email: 'typed@initech-mail.com', address, score: '42' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		const post = writes(sandbox())[0];
		expect(post.body).toMatchObject({ merge_fields: { COMPANY: 'Initech', ADDRESS: address, SCORE: 42, SIGNUPDATE: '02/29/2024' } });
	});

	it('a dropdown choice added in Mailchimp after the workflow was saved is accepted', async () => {
		sandbox().updateMergeField('acme', LIST, 'PLAN', { options: { choices: ['Free', 'Pro', 'Enterprise', 'Team'] } });
		const stale = editorSchema(); // as saved before the change: PLAN offers Free, Pro, Enterprise
		expect(stale.find((f) => f.id === 'PLAN')!.options!.map((o) => o.value)).not.toContain('Team');
		const run = await push({
			// (n8n itself refuses, before any node runs, a constant outside the stored choices; values come by expression.)
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech', PLAN: '={{ $json.plan }}' }, stale) },
			items: [{ email: 'team@initech-mail.com', plan: 'team' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(writes(sandbox())[0].body).toMatchObject({ merge_fields: { PLAN: 'Team' } });
	});

	it('a field made required in Mailchimp after saving is required of new contacts', async () => {
		sandbox().updateMergeField('acme', LIST, 'LNAME', { required: true });
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 'nolast@initech-mail.com' }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0].error).toMatch(/Mailchimp requires LNAME/);
		expect(writes(sandbox())).toHaveLength(0);
	});
});

describe('an unusable e-mail keeps what the item gave', () => {
	it('as trimmed text, or as the value that came (number, object, missing)', async () => {
		const run = await push({
			parameters: { ...fields() },
			items: [{ email: '  not-an-address  ' }, { email: 42 }, { email: { address: 'x@y.z' } }, {}],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json.map((j) => j.email)).toEqual(['not-an-address', 42, { address: 'x@y.z' }, '']);
		expect(run.json.every((j) => typeof j.error === 'string')).toBe(true);
		expect(run.json[0]).toMatchObject({ audienceId: LIST });
	});
});
