import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, SEEDED_TAGS, subscriberHash } from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const hash = subscriberHash;
const stored = (email: string) => sb.get().getMember('acme', L, email);
const CANNOT_ARCHIVE = {
	status: 405,
	title: 'Method Not Allowed',
	detail: 'This list member cannot be removed. Can not archive a contact that is bounced, pending or archived',
};

afterEach(() => expect(sb.get().contractViolations).toEqual([]));

describe('archive (DELETE member)', () => {
	it('answers 204 and keeps the member, fields and tags, with status archived', async () => {
		const res = await acme(sb.get()).lists.deleteListMemberWithHttpInfo(L, hash(SEEDED_MEMBERS.subscribed));
		expect(res.response.status).toBe(204);
		const m = stored(SEEDED_MEMBERS.subscribed)!;
		expect(m).toMatchObject({ status: 'archived', vip: true });
		expect(m.merge_fields.ADDRESS).toMatchObject({ city: 'London' });
		expect(m.tags.map((t) => t.name)).toEqual([SEEDED_TAGS.vip]);
		const read = await acme(sb.get()).lists.getListMember(L, hash(SEEDED_MEMBERS.subscribed));
		expect(read.status).toBe('archived');
	});

	it('archives unsubscribed and transactional members', async () => {
		sb.get().addMembers('acme', L, [{ email_address: 'receipts@acme-mail.com', status: 'transactional' }]);
		for (const email of [SEEDED_MEMBERS.unsubscribed, 'receipts@acme-mail.com']) {
			await acme(sb.get()).lists.deleteListMember(L, hash(email));
			expect(stored(email)!.status).toBe('archived');
		}
	});

	it('refuses cleaned, pending and archived members with the 405 Mailchimp answers', async () => {
		await acme(sb.get()).lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed2));
		for (const [email, status] of [
			[SEEDED_MEMBERS.cleaned, 'cleaned'],
			[SEEDED_MEMBERS.pending, 'pending'],
			[SEEDED_MEMBERS.subscribed2, 'archived'],
		] as const) {
			expect(await problem(acme(sb.get()).lists.deleteListMember(L, hash(email)))).toMatchObject(CANNOT_ARCHIVE);
			expect(stored(email)!.status).toBe(status);
		}
	});

	it('answers 404 for an address that is not a member, or was permanently deleted', async () => {
		for (const email of ['nobody@acme-mail.com', SEEDED_MEMBERS.forgotten]) {
			expect(await problem(acme(sb.get()).lists.deleteListMember(L, hash(email)))).toMatchObject({ status: 404, title: 'Resource Not Found' });
		}
	});

	it('leaves archived members out of the member list and counts unless status=archived is asked for', async () => {
		const c = acme(sb.get());
		await c.lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed));
		const all = await c.lists.getListMembersInfo(L, { count: 100, fields: ['members.email_address', 'total_items'] });
		expect(all.total_items).toBe(4);
		expect(all.members.map((m: { email_address: string }) => m.email_address)).not.toContain(SEEDED_MEMBERS.subscribed);
		const archived = await c.lists.getListMembersInfo(L, { status: 'archived', fields: ['members.email_address', 'total_items'] });
		expect(archived).toEqual({ members: [{ email_address: SEEDED_MEMBERS.subscribed }], total_items: 1 });
		const list = await c.lists.getList(L);
		expect(list.stats).toMatchObject({ member_count: 1, total_contacts: 4 });
	});

	it('stays archived on a PUT with only status_if_new (fields still change), and comes back with `status`', async () => {
		const c = acme(sb.get());
		const email = SEEDED_MEMBERS.subscribed;
		await c.lists.deleteListMember(L, hash(email));
		const put = (body: object) => c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'subscribed', ...body });
		expect(await put({ merge_fields: { FNAME: 'Augusta' } })).toMatchObject({ status: 'archived', merge_fields: { FNAME: 'Augusta' } });
		expect(await put({ status: 'subscribed' })).toMatchObject({ status: 'subscribed' });
		expect(stored(email)!.tags.map((t) => t.name)).toEqual([SEEDED_TAGS.vip]);
	});

	it('brings an archived member back with PATCH or batch subscribe (update_existing), as the status sent', async () => {
		const c = acme(sb.get());
		await c.lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed));
		await c.lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed2));
		expect((await c.lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { status: 'pending' })).status).toBe('pending');
		const r = await c.lists.batchListMembers(L, { members: [{ email_address: SEEDED_MEMBERS.subscribed2, status: 'subscribed' }], update_existing: true });
		expect(r).toMatchObject({ total_updated: 1, error_count: 0 });
		expect(stored(SEEDED_MEMBERS.subscribed2)!.status).toBe('subscribed');
	});

	it('keeps the compliance state of a contact archived while unsubscribed', async () => {
		const c = acme(sb.get());
		const email = SEEDED_MEMBERS.unsubscribed;
		await c.lists.deleteListMember(L, hash(email));
		const p = await problem(c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'subscribed', status: 'subscribed' }));
		expect(p).toMatchObject({ status: 400, title: 'Member In Compliance State' });
		expect(stored(email)!.status).toBe('archived');
		expect((await c.lists.updateListMember(L, hash(email), { status: 'pending' })).status).toBe('pending');
	});

	it('refuses `archived` as a status in a write body (not in the schema), as Mailchimp does', async () => {
		const p = await problem(acme(sb.get()).lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { status: 'archived' }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(sb.get().contractViolations).toHaveLength(1);
		sb.get().contractViolations.length = 0;
		expect(stored(SEEDED_MEMBERS.subscribed)!.status).toBe('subscribed');
	});
});

describe('delete permanently', () => {
	it('answers 204; the member and its tags are gone (404) and the address is refused on every import', async () => {
		const c = acme(sb.get());
		const email = SEEDED_MEMBERS.subscribed;
		const res = await c.lists.deleteListMemberPermanentWithHttpInfo(L, hash(email));
		expect(res.response.status).toBe(204);
		expect(stored(email)).toBeUndefined();
		expect((await problem(c.lists.getListMember(L, hash(email)))).status).toBe(404);
		const vip = (await c.lists.tagSearch(L, { name: SEEDED_TAGS.vip })).tags[0];
		expect((await c.lists.getSegment(L, vip.id)).member_count).toBe(0);

		const forgotten = { status: 400, title: 'Forgotten Email Not Subscribed' };
		expect(await problem(c.lists.addListMember(L, { email_address: email, status: 'subscribed' }))).toMatchObject(forgotten);
		expect(await problem(c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'pending' }))).toMatchObject(forgotten);
		const batch = await c.lists.batchListMembers(L, { members: [{ email_address: email, status: 'subscribed' }], update_existing: true });
		expect(batch.errors).toEqual([expect.objectContaining({ email_address: email, error_code: 'ERROR_GENERIC', error: expect.stringContaining('permanently deleted') })]);
		expect(stored(email)).toBeUndefined();
	});

	it('deletes members of any status, archived included', async () => {
		const c = acme(sb.get());
		await c.lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed2));
		for (const email of [SEEDED_MEMBERS.subscribed2, SEEDED_MEMBERS.cleaned, SEEDED_MEMBERS.pending, SEEDED_MEMBERS.unsubscribed]) {
			await c.lists.deleteListMemberPermanent(L, hash(email));
			expect(stored(email)).toBeUndefined();
		}
	});

	it('answers 404 when the address is not a member, so a repeated delete is a 404', async () => {
		const c = acme(sb.get());
		await c.lists.deleteListMemberPermanent(L, hash(SEEDED_MEMBERS.subscribed));
		for (const email of [SEEDED_MEMBERS.subscribed, SEEDED_MEMBERS.forgotten, 'nobody@acme-mail.com']) {
			expect(await problem(c.lists.deleteListMemberPermanent(L, hash(email)))).toMatchObject({ status: 404, title: 'Resource Not Found' });
		}
	});

	it('refuses an e-mail change to a permanently deleted address', async () => {
		const p = await problem(acme(sb.get()).lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: SEEDED_MEMBERS.forgotten }));
		expect(p).toMatchObject({ status: 400, title: 'Forgotten Email Not Subscribed' });
		expect(stored(SEEDED_MEMBERS.subscribed)).toBeDefined();
	});
});

describe('unsubscribe', () => {
	it.each([
		['subscribed', SEEDED_MEMBERS.subscribed],
		['pending', SEEDED_MEMBERS.pending],
		['transactional', 'receipts@acme-mail.com'],
	])('turns a %s member unsubscribed with PATCH', async (_, email) => {
		sb.get().addMembers('acme', L, [{ email_address: 'receipts@acme-mail.com', status: 'transactional' }]);
		const m = await acme(sb.get()).lists.updateListMember(L, hash(email), { status: 'unsubscribed' });
		expect(m.status).toBe('unsubscribed');
		expect(stored(email)!.status).toBe('unsubscribed');
	});

	it('stores a new address added as unsubscribed (PUT status_if_new), and it cannot be subscribed later', async () => {
		const c = acme(sb.get());
		const email = 'opted-out@acme-mail.com';
		// A suppression knows nothing but the address: required merge fields (COMPANY) need skip_merge_validation.
		const refused = await problem(c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'unsubscribed' }));
		expect(refused).toMatchObject({ status: 400, errors: [{ field: 'COMPANY', message: 'Please enter a value' }] });
		const m = await c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'unsubscribed' }, { skip_merge_validation: true });
		expect(m).toMatchObject({ status: 'unsubscribed', email_address: email });
		const p = await problem(c.lists.setListMember(L, hash(email), { email_address: email, status_if_new: 'subscribed', status: 'subscribed' }));
		expect(p.title).toBe('Member In Compliance State');
		const batch = await c.lists.batchListMembers(L, { members: [{ email_address: email, status: 'subscribed' }], update_existing: true });
		expect(batch).toMatchObject({ error_count: 1, total_updated: 0 });
		expect(stored(email)!.status).toBe('unsubscribed');
	});

	it('batch subscribe with status unsubscribed and update_existing unsubscribes members and adds new addresses unsubscribed', async () => {
		const r = await acme(sb.get()).lists.batchListMembers(L, {
			// (COMPANY is a required merge field of this audience.)
			members: [
				{ email_address: SEEDED_MEMBERS.subscribed, status: 'unsubscribed' },
				{ email_address: SEEDED_MEMBERS.unsubscribed, status: 'unsubscribed' },
				{ email_address: 'never-mail-me@acme-mail.com', status: 'unsubscribed', merge_fields: { COMPANY: 'Acme' } },
			],
			update_existing: true,
		});
		expect(r).toMatchObject({ total_created: 1, total_updated: 2, error_count: 0 });
		for (const email of [SEEDED_MEMBERS.subscribed, SEEDED_MEMBERS.unsubscribed, 'never-mail-me@acme-mail.com']) expect(stored(email)!.status).toBe('unsubscribed');
	});
});

describe('change e-mail', () => {
	async function withHistory(email: string) {
		const c = acme(sb.get());
		await c.lists.createListMemberEvent(L, hash(email), { name: 'attended_webinar' });
		await c.lists.createListMemberNote(L, hash(email), { note: 'Called about the invoice.' });
		return stored(email)!;
	}

	it.each(['PATCH', 'PUT'])('%s on the old hash moves the member: same ids, fields, tags, status and history; new hash', async (method) => {
		const c = acme(sb.get());
		const before = await withHistory(SEEDED_MEMBERS.subscribed);
		const next = 'ada.king@lovelace.dev';
		const moved =
			method === 'PATCH'
				? await c.lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: next })
				: await c.lists.setListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: next, status_if_new: 'subscribed' });
		expect(moved).toMatchObject({
			id: hash(next),
			email_address: next,
			contact_id: before.contact_id,
			unique_email_id: before.unique_email_id,
			web_id: before.web_id,
			status: 'subscribed',
			merge_fields: before.merge_fields,
			tags: before.tags,
		});
		expect(stored(SEEDED_MEMBERS.subscribed)).toBeUndefined();
		expect((await problem(c.lists.getListMember(L, hash(SEEDED_MEMBERS.subscribed)))).status).toBe(404);
		expect(sb.get().memberEvents('acme', L, next).map((e) => e.name)).toEqual(['attended_webinar']);
		const notes = await c.lists.getListMemberNotes(L, hash(next));
		expect(notes.notes).toEqual([expect.objectContaining({ note: 'Called about the invoice.', email_id: hash(next), contact_id: before.contact_id })]);
	});

	it('refuses a new address that already is a member (any status, archived too), changing nothing', async () => {
		const c = acme(sb.get());
		await c.lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed2));
		for (const [taken, status] of [
			[SEEDED_MEMBERS.unsubscribed, 'unsubscribed'],
			[SEEDED_MEMBERS.subscribed2, 'archived'],
		] as const) {
			const p = await problem(c.lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: taken, vip: false }));
			expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', detail: `"${taken}" is already in this list with a status of "${status}".` });
		}
		const p = await problem(c.lists.setListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: SEEDED_MEMBERS.pending, status_if_new: 'subscribed' }));
		expect(p.detail).toBe(`"${SEEDED_MEMBERS.pending}" is already in this list with a status of "pending".`);
		expect(stored(SEEDED_MEMBERS.subscribed)).toMatchObject({ email_address: SEEDED_MEMBERS.subscribed, vip: true });
	});

	it('refuses a fake-looking new address and a change for a member that does not exist', async () => {
		const c = acme(sb.get());
		const fake = await problem(c.lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: 'someone@example.com' }));
		expect(fake).toMatchObject({ status: 400, title: 'Invalid Resource', detail: 'someone@example.com looks fake or invalid, please enter a real email address.' });
		expect((await problem(c.lists.updateListMember(L, hash('ghost@acme-mail.com'), { email_address: 'new-ghost@acme-mail.com' }))).status).toBe(404);
		// PUT on a hash nobody has: not an e-mail change, the hash must match the address.
		const put = await problem(c.lists.setListMember(L, hash('ghost@acme-mail.com'), { email_address: 'new-ghost@acme-mail.com', status_if_new: 'subscribed' }));
		expect(put).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(stored('new-ghost@acme-mail.com')).toBeUndefined();
	});

	it('changes only the case of an address without moving the member', async () => {
		const m = await acme(sb.get()).lists.updateListMember(L, hash(SEEDED_MEMBERS.subscribed), { email_address: 'Ada@Lovelace.dev' });
		expect(m).toMatchObject({ id: hash(SEEDED_MEMBERS.subscribed), status: 'subscribed' });
	});
});

describe('faults on the new routes', () => {
	afterEach(() => sb.get().setFaults(undefined));

	it('applies injected faults and latency to archive and permanent delete like any route', async () => {
		sb.get().setFaults({ rate5xx: 1, onlyPath: '/members/' });
		const p = await problem(acme(sb.get()).lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed)));
		expect([500, 503]).toContain(p.status);
		expect(stored(SEEDED_MEMBERS.subscribed)!.status).toBe('subscribed');
		sb.get().setFaults({ rateLostResponse: 1, onlyPath: '/actions/delete-permanent' });
		await expect(acme(sb.get()).lists.deleteListMemberPermanent(L, hash(SEEDED_MEMBERS.subscribed))).rejects.toBeDefined();
		expect(stored(SEEDED_MEMBERS.subscribed)).toBeUndefined(); // applied although the answer was lost
		sb.get().setFaults(undefined);
		sb.get().setLatency({ perRequestMs: 150, perMemberMs: 0 });
		const t = Date.now();
		await acme(sb.get()).lists.deleteListMember(L, hash(SEEDED_MEMBERS.subscribed2));
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		sb.get().setLatency({ perRequestMs: 0, perMemberMs: 0 });
	});
});
