import { subscriberHash } from '../../../../nodes/MailchimpPushContact/helpers/subscriberHash';
import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS } from '../../../../sandbox';
import { failure, mapEach, push, useSandbox, writes } from '../fixture';

const sandbox = useSandbox();
const acme = (email: string) => sandbox().getMember('acme', LIST, email);
const fields = (extra = {}) => ({ mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: '={{ $json.company }}', ...extra }) });

describe('upsert', () => {
	it('creates a new contact in one request, subscribed, with its merge fields', async () => {
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
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /3.0/lists/${LIST}/members`]);
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
		expect(sandbox().requests[0].query).toMatchObject({ skip_merge_validation: 'true' });
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
		expect(error.description).toMatch(/1 other contact was pushed/);
		expect(acme('good@initech-mail.com')).toBeDefined();
	});
});
