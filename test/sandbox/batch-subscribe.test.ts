import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, SEEDED_TAGS, validateResponse } from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const person = (email: string, extra: object = {}) => ({ email_address: email, status: 'subscribed', merge_fields: { COMPANY: 'Acme' }, ...extra });

describe('POST /lists/{id} batch subscribe', () => {
	it('creates new members and reports existing ones as ERROR_CONTACT_EXISTS (200)', async () => {
		const res = await acme(sb.get()).lists.batchListMembersWithHttpInfo(L, {
			members: [person('new1@acme-mail.com', { tags: ['Imported'] }), person('new2@acme-mail.com'), person(SEEDED_MEMBERS.subscribed)],
			update_existing: false,
		});
		expect(res.response.status).toBe(200);
		const body = res.data;
		expect(body).toMatchObject({ total_created: 2, total_updated: 0, error_count: 1 });
		expect(body.new_members.map((m: { email_address: string }) => m.email_address)).toEqual(['new1@acme-mail.com', 'new2@acme-mail.com']);
		expect(body.errors).toEqual([
			{
				email_address: SEEDED_MEMBERS.subscribed,
				error: `${SEEDED_MEMBERS.subscribed} is already a list member, do you want to update? please provide update_existing:true in the request body`,
				error_code: 'ERROR_CONTACT_EXISTS',
				field: '',
				field_message: '',
			},
		]);
		expect(validateResponse('batch-subscribe-response', body)).toEqual([]);
		expect(sb.get().getMember('acme', L, 'new1@acme-mail.com')!.tags.map((t) => t.name)).toEqual(['Imported']);
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('updates existing members with update_existing, applying status and compliance rules', async () => {
		const body = await acme(sb.get()).lists.batchListMembers(L, {
			members: [
				{ email_address: SEEDED_MEMBERS.pending, status: 'subscribed', merge_fields: { SCORE: 5 } },
				{ email_address: SEEDED_MEMBERS.unsubscribed, status: 'subscribed' },
				{ email_address: SEEDED_MEMBERS.cleaned, status: 'pending' },
			],
			update_existing: true,
		});
		expect(body).toMatchObject({ total_created: 0, total_updated: 2, error_count: 1 });
		expect(body.errors[0]).toMatchObject({ email_address: SEEDED_MEMBERS.unsubscribed, error_code: 'ERROR_GENERIC', error: expect.stringContaining('compliance state') });
		expect(sb.get().getMember('acme', L, SEEDED_MEMBERS.pending)).toMatchObject({ status: 'subscribed', merge_fields: expect.objectContaining({ SCORE: 5 }) });
		expect(sb.get().getMember('acme', L, SEEDED_MEMBERS.cleaned)!.status).toBe('pending');
		expect(validateResponse('batch-subscribe-response', body)).toEqual([]);
	});

	it('reports invalid members per member with field details', async () => {
		const body = await acme(sb.get()).lists.batchListMembers(L, {
			members: [
				person('someone@example.com'),
				person('bad-zip@acme-mail.com', { merge_fields: { COMPANY: 'Acme', ZIPCODE: '1' } }),
				{ email_address: 'nocompany@acme-mail.com', status: 'subscribed' },
				person(SEEDED_MEMBERS.forgotten),
				person('fine@acme-mail.com'),
			],
		});
		expect(body.total_created).toBe(1);
		expect(body.errors).toEqual([
			expect.objectContaining({ email_address: 'someone@example.com', error_code: 'ERROR_GENERIC', error: 'someone@example.com looks fake or invalid, please enter a real email address.' }),
			expect.objectContaining({ email_address: 'bad-zip@acme-mail.com', error: 'Your merge fields were invalid.', field: 'ZIPCODE', field_message: 'Please enter a zip code (5 digits)' }),
			expect.objectContaining({ email_address: 'nocompany@acme-mail.com', field: 'COMPANY', field_message: 'Please enter a value' }),
			expect.objectContaining({ email_address: SEEDED_MEMBERS.forgotten, error: expect.stringContaining('permanently deleted') }),
		]);
	});

	it('honours skip_merge_validation', async () => {
		const body = await acme(sb.get()).lists.batchListMembers(L, { members: [{ email_address: 'lean@acme-mail.com', status: 'subscribed' }] }, { skipMergeValidation: true });
		expect(body.total_created).toBe(1);
	});

	it('rejects more than 500 members with 400', async () => {
		const members = Array.from({ length: 501 }, (_, i) => person(`bulk${i}@acme-mail.com`));
		const p = await problem(acme(sb.get()).lists.batchListMembers(L, { members }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(sb.get().listMembers('acme', L)).toHaveLength(5);
		const ok = await acme(sb.get()).lists.batchListMembers(L, { members: members.slice(0, 500) });
		expect(ok.total_created).toBe(500);
	});

	it('sync_tags makes the tag set exactly the given list; without it tags are added', async () => {
		const email = SEEDED_MEMBERS.subscribed;
		await acme(sb.get()).lists.batchListMembers(L, { members: [{ email_address: email, tags: ['Added'] }], update_existing: true });
		expect(sb.get().getMember('acme', L, email)!.tags.map((t) => t.name).sort()).toEqual(['Added', SEEDED_TAGS.vip]);
		await acme(sb.get()).lists.batchListMembers(L, { members: [{ email_address: email, tags: ['Only'] }], update_existing: true, sync_tags: true });
		expect(sb.get().getMember('acme', L, email)!.tags.map((t) => t.name)).toEqual(['Only']);
		expect(sb.get().getMember('acme', L, email)!.status).toBe('subscribed');
	});

	it('treats repeated addresses as errors unless skip_duplicate_check', async () => {
		const members = [person('twice@acme-mail.com'), person('TWICE@acme-mail.com', { status: 'pending' })];
		const strict = await acme(sb.get()).lists.batchListMembers(L, { members });
		expect(strict).toMatchObject({ total_created: 1, error_count: 1 });
		sb.get().reset();
		const lenient = await acme(sb.get()).lists.batchListMembers(L, { members }, { skipDuplicateCheck: true });
		expect(lenient).toMatchObject({ total_created: 1, error_count: 0 });
		expect(sb.get().getMember('acme', L, 'twice@acme-mail.com')!.status).toBe('subscribed');
	});
});
