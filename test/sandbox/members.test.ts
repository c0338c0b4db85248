import { createHash } from 'crypto';
import {
	CUSTOMERS_LIST_ID,
	CUSTOMERS_MEMBERS,
	MARKETING_PERMISSION_IDS,
	NEWSLETTER_LIST_ID,
	SEEDED_MEMBERS,
	SEEDED_TAGS,
	subscriberHash,
} from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const base = { merge_fields: { FNAME: 'Katherine', LNAME: 'Johnson', COMPANY: 'NASA Langley' } };

describe('GET member', () => {
	it('finds a member by the MD5 of the lower-cased address', async () => {
		const m = await acme(sb.get()).lists.getListMember(L, subscriberHash('ADA@Lovelace.dev'));
		expect(m).toMatchObject({ email_address: SEEDED_MEMBERS.subscribed, status: 'subscribed', list_id: L, vip: true });
		expect(m.id).toBe(subscriberHash(SEEDED_MEMBERS.subscribed));
		expect(m.merge_fields.ADDRESS).toMatchObject({ city: 'London' });
		expect(m.merge_fields.AVATAR).toBe('');
		expect(m.tags).toEqual([{ id: expect.any(Number), name: SEEDED_TAGS.vip }]);
		expect(m.unique_email_id).toMatch(/^[0-9a-f]{10}$/);
	});

	it('answers 404 for a wrong hash, a raw address and forgotten members', async () => {
		const c = acme(sb.get());
		const md5OfMixedCase = createHash('md5').update('ADA@Lovelace.dev').digest('hex');
		expect((await problem(c.lists.getListMember(L, md5OfMixedCase))).status).toBe(404);
		expect((await problem(c.lists.getListMember(L, SEEDED_MEMBERS.subscribed))).status).toBe(404);
		const p = await problem(c.lists.getListMember(L, subscriberHash(SEEDED_MEMBERS.forgotten)));
		expect(p).toMatchObject({ status: 404, title: 'Resource Not Found' });
	});

	it('lists members with status filter and paging', async () => {
		const c = acme(sb.get());
		const all = await c.lists.getListMembersInfo(L);
		expect(all.total_items).toBe(5);
		const subscribed = await c.lists.getListMembersInfo(L, { status: 'subscribed', fields: ['members.email_address', 'total_items'] });
		expect(subscribed).toEqual({ members: [{ email_address: SEEDED_MEMBERS.subscribed }, { email_address: SEEDED_MEMBERS.subscribed2 }], total_items: 2 });
		sb.get().addMembers('acme', L, Array.from({ length: 25 }, (_, i) => ({ email_address: `bulk${i}@acme-mail.com` })));
		const page2 = await c.lists.getListMembersInfo(L, { count: 10, offset: 10 });
		expect(page2.members).toHaveLength(10);
		expect(page2.total_items).toBe(30);
	});

	it('shows marketing permissions on GDPR audience members', async () => {
		const m = await acme(sb.get()).lists.getListMembersInfo(CUSTOMERS_LIST_ID, { count: 1 });
		expect(m.members[0].marketing_permissions.map((p: { text: string }) => p.text)).toEqual(['Email', 'Direct Mail', 'Customized Online Advertising']);
		const news = await acme(sb.get()).lists.getListMember(L, subscriberHash(SEEDED_MEMBERS.subscribed));
		expect(news.marketing_permissions).toBeUndefined();
	});
});

describe('POST member (create only)', () => {
	it('creates a member and applies tags', async () => {
		const m = await acme(sb.get()).lists.addListMember(L, { email_address: 'katherine@nasa-langley.org', status: 'subscribed', tags: ['Webinar 2024', 'New tag'], ...base });
		expect(m).toMatchObject({ status: 'subscribed', email_address: 'katherine@nasa-langley.org', tags_count: 2 });
		const stored = sb.get().getMember('acme', L, 'katherine@nasa-langley.org')!;
		expect(stored.merge_fields.COMPANY).toBe('NASA Langley');
		expect(stored.tags.map((t) => t.name).sort()).toEqual(['New tag', 'Webinar 2024']);
		expect(stored.timestamp_opt).toMatch(/\+00:00$/);
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('answers Member Exists for any existing status', async () => {
		for (const email of [SEEDED_MEMBERS.subscribed, SEEDED_MEMBERS.unsubscribed, SEEDED_MEMBERS.cleaned, SEEDED_MEMBERS.pending]) {
			const p = await problem(acme(sb.get()).lists.addListMember(L, { email_address: email, status: 'subscribed', ...base }));
			expect(p).toMatchObject({ status: 400, title: 'Member Exists', detail: `${email} is already a list member. Use PUT to insert or update list members.` });
		}
	});

	it('answers Forgotten Email Not Subscribed for a permanently deleted address', async () => {
		const p = await problem(acme(sb.get()).lists.addListMember(L, { email_address: SEEDED_MEMBERS.forgotten, status: 'subscribed', ...base }));
		expect(p).toMatchObject({
			status: 400,
			title: 'Forgotten Email Not Subscribed',
			detail: `${SEEDED_MEMBERS.forgotten} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
		});
	});

	it.each(['someone@example.com', 'a@example.org', 'b@test.com', 'test@acme-mail.com', 'fake@acme-mail.com', 'c@acme.invalid', 'd@acme.test', 'e@nodot'])(
		'rejects fake-looking %s',
		async (email) => {
			const p = await problem(acme(sb.get()).lists.addListMember(L, { email_address: email, status: 'subscribed', ...base }));
			expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', detail: `${email} looks fake or invalid, please enter a real email address.` });
		},
	);

	it('rejects a malformed address', async () => {
		const p = await problem(acme(sb.get()).lists.addListMember(L, { email_address: 'not-an-address', status: 'subscribed', ...base }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
	});
});

describe('PUT member (upsert)', () => {
	const put = (email: string, body: object, opts?: object) =>
		acme(sb.get()).lists.setListMember(L, subscriberHash(email), { email_address: email, status_if_new: 'subscribed', ...body }, opts);

	it('creates with status_if_new and updates without touching status', async () => {
		const created = await put('mary@jackson-aero.com', { status_if_new: 'pending', ...base });
		expect(created.status).toBe('pending');
		const updated = await put('mary@jackson-aero.com', { merge_fields: { SCORE: '42' } });
		expect(updated.status).toBe('pending');
		expect(updated.merge_fields).toMatchObject({ SCORE: 42, COMPANY: 'NASA Langley', FNAME: 'Katherine' });
		const unsub = await put(SEEDED_MEMBERS.unsubscribed, { merge_fields: { FNAME: 'Frances' } });
		expect(unsub.status).toBe('unsubscribed');
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('changes an existing member status with `status`', async () => {
		const m = await put(SEEDED_MEMBERS.subscribed, { status: 'unsubscribed' });
		expect(m.status).toBe('unsubscribed');
		expect(sb.get().getMember('acme', L, SEEDED_MEMBERS.subscribed)!.status).toBe('unsubscribed');
	});

	it('refuses to re-subscribe unsubscribed or cleaned members (compliance state)', async () => {
		for (const email of [SEEDED_MEMBERS.unsubscribed, SEEDED_MEMBERS.cleaned]) {
			const p = await problem(put(email, { status: 'subscribed' }));
			expect(p).toMatchObject({
				status: 400,
				title: 'Member In Compliance State',
				detail: `${email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
			});
			expect(sb.get().getMember('acme', L, email)!.status).not.toBe('subscribed');
		}
	});

	it('allows pending (re-confirmation by e-mail) for unsubscribed members', async () => {
		const m = await put(SEEDED_MEMBERS.unsubscribed, { status: 'pending' });
		expect(m.status).toBe('pending');
	});

	it('answers Forgotten Email Not Subscribed on upsert of a forgotten address', async () => {
		expect((await problem(put(SEEDED_MEMBERS.forgotten, base))).title).toBe('Forgotten Email Not Subscribed');
	});

	it('rejects an email_address that does not hash to the URL', async () => {
		const p = await problem(acme(sb.get()).lists.setListMember(L, subscriberHash('other@acme-mail.com'), { email_address: 'mine@acme-mail.com', status_if_new: 'subscribed', ...base }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
	});

	it('requires status_if_new (the official schema requires it; Mailchimp needs it for new members)', async () => {
		const p = await problem(acme(sb.get()).lists.setListMember(L, subscriberHash('new@acme-mail.com'), { email_address: 'new@acme-mail.com', ...base }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(p.errors).toContainEqual({ field: 'status_if_new', message: 'Required fields were not provided: status_if_new' });
	});

	it('sets GDPR marketing permissions and interests', async () => {
		const email = CUSTOMERS_MEMBERS[0];
		const m = await acme(sb.get()).lists.setListMember(CUSTOMERS_LIST_ID, subscriberHash(email), {
			email_address: email,
			status_if_new: 'subscribed',
			marketing_permissions: [{ marketing_permission_id: MARKETING_PERMISSION_IDS.advertising, enabled: true }],
		});
		expect(m.marketing_permissions.find((p: { text: string }) => p.text === 'Customized Online Advertising').enabled).toBe(true);
		const bad = await problem(
			acme(sb.get()).lists.setListMember(L, subscriberHash(SEEDED_MEMBERS.subscribed), {
				email_address: SEEDED_MEMBERS.subscribed,
				status_if_new: 'subscribed',
				interests: { nope000000: true },
			}),
		);
		expect(bad).toMatchObject({ status: 400, title: 'Invalid Resource' });
	});
});

describe('PATCH member', () => {
	it('updates existing members only', async () => {
		const m = await acme(sb.get()).lists.updateListMember(L, subscriberHash(SEEDED_MEMBERS.pending), { status: 'subscribed', vip: true });
		expect(m).toMatchObject({ status: 'subscribed', vip: true });
		const p = await problem(acme(sb.get()).lists.updateListMember(L, subscriberHash('nobody-here@acme-mail.com'), { status: 'subscribed' }));
		expect(p.status).toBe(404);
		const c = await problem(acme(sb.get()).lists.updateListMember(L, subscriberHash(SEEDED_MEMBERS.cleaned), { status: 'subscribed' }));
		expect(c.title).toBe('Member In Compliance State');
	});
});

describe('member tags', () => {
	it('adds and removes tags (204) and shows them as static segments and in tag-search', async () => {
		const c = acme(sb.get());
		const hash = subscriberHash(SEEDED_MEMBERS.subscribed2);
		const res = await c.lists.updateListMemberTagsWithHttpInfo(L, hash, {
			tags: [
				{ name: 'Conference 2025', status: 'active' },
				{ name: SEEDED_TAGS.webinar, status: 'inactive' },
			],
			is_syncing: true,
		});
		expect(res.response.status).toBe(204);
		expect(sb.get().getMember('acme', L, SEEDED_MEMBERS.subscribed2)!.tags.map((t) => t.name)).toEqual(['Conference 2025']);
		const segments = await c.lists.listSegments(L, { type: 'static', count: 100 });
		const seg = segments.segments.find((s: { name: string }) => s.name === 'Conference 2025');
		expect(seg).toMatchObject({ type: 'static', member_count: 1 });
		const found = await c.lists.tagSearch(L, { name: 'conf' });
		expect(found.tags).toEqual([{ id: seg.id, name: 'Conference 2025' }]);
		const member = await c.lists.getListMember(L, hash);
		expect(member.tags).toEqual([{ id: seg.id, name: 'Conference 2025' }]);
	});

	it('answers 404 for an unknown member', async () => {
		const p = await problem(acme(sb.get()).lists.updateListMemberTags(L, subscriberHash('ghost@acme-mail.com'), { tags: [{ name: 'x', status: 'active' }] }));
		expect(p.status).toBe(404);
	});

	it('does not apply tags sent in a PUT body (not in the schema: contract violation)', async () => {
		const email = SEEDED_MEMBERS.subscribed;
		const p = await problem(
			acme(sb.get()).lists.setListMember(L, subscriberHash(email), { email_address: email, status_if_new: 'subscribed', tags: ['From PUT'] }),
		);
		expect(p.status).toBe(400);
		expect(sb.get().contractViolations).toHaveLength(1);
		expect(sb.get().getMember('acme', L, email)!.tags.map((t) => t.name)).toEqual([SEEDED_TAGS.vip]);
	});

	it('adds and removes members of a static segment by e-mail, at most 500 per call', async () => {
		const c = acme(sb.get());
		const vip = (await c.lists.tagSearch(L, { name: SEEDED_TAGS.vip })).tags[0];
		const r = await c.lists.batchSegmentMembers(
			{ members_to_add: [SEEDED_MEMBERS.subscribed2, 'stranger@acme-mail.com'], members_to_remove: [SEEDED_MEMBERS.subscribed] },
			L,
			vip.id,
		);
		expect(r).toMatchObject({ total_added: 1, total_removed: 1, error_count: 1 });
		expect(sb.get().getMember('acme', L, SEEDED_MEMBERS.subscribed2)!.tags.map((t) => t.name)).toContain(SEEDED_TAGS.vip);
		const tooMany = Array.from({ length: 501 }, (_, i) => `m${i}@acme-mail.com`);
		expect((await problem(c.lists.batchSegmentMembers({ members_to_add: tooMany }, L, vip.id))).status).toBe(400);
	});
});
