import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, subscriberHash, validateRequest } from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const VALIDATION_DETAIL = "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

describe('contract checks against the official schemas', () => {
	it('rejects a misspelled property with 400 and records the violation', async () => {
		const p = await problem(
			acme(sb.get()).lists.setListMember(L, subscriberHash('typo@acme-mail.com'), {
				email_address: 'typo@acme-mail.com',
				status_if_new: 'subscribed',
				merge_field: { COMPANY: 'Acme' },
			}),
		);
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', detail: VALIDATION_DETAIL });
		expect(p.errors).toEqual([{ field: 'merge_field', message: expect.stringContaining('merge_field') }]);
		expect(sb.get().contractViolations).toEqual([{ method: 'PUT', path: `/lists/${L}/members/${subscriberHash('typo@acme-mail.com')}`, errors: p.errors }]);
		expect(sb.get().getMember('acme', L, 'typo@acme-mail.com')).toBeUndefined();
	});

	it('checks types and enums (status, vip, interests)', async () => {
		const p = await problem(acme(sb.get()).lists.addListMember(L, { email_address: 'x@acme-mail.com', status: 'active', vip: 'yes', merge_fields: { COMPANY: 'Acme' } }));
		expect(p.errors).toEqual(
			expect.arrayContaining([
				{ field: 'status', message: expect.stringContaining('subscribed') },
				{ field: 'vip', message: 'Schema describes boolean, string found instead' },
			]),
		);
		expect(sb.get().contractViolations).toHaveLength(1);
	});

	it('checks unknown properties of each batch-subscribe member (tags allowed)', async () => {
		const p = await problem(
			acme(sb.get()).lists.batchListMembers(L, {
				members: [{ email_address: 'a@acme-mail.com', status: 'subscribed', tags: ['ok'], status_if_new: 'subscribed' }],
			}),
		);
		expect(p.errors).toEqual([{ field: 'members.0.status_if_new', message: expect.any(String) }]);
		expect(sb.get().contractViolations[0]).toMatchObject({ method: 'POST', path: `/lists/${L}` });
	});

	it('checks member tags bodies', async () => {
		const p = await problem(acme(sb.get()).lists.updateListMemberTags(L, subscriberHash(SEEDED_MEMBERS.subscribed), { tags: [{ name: 'x', status: 'enabled' }] }));
		expect(p.status).toBe(400);
		expect(sb.get().contractViolations).toHaveLength(1);
	});

	it('accepts any JSON value in merge_fields (spec bug relaxed) and records nothing for valid bodies', async () => {
		await acme(sb.get()).lists.addListMember(L, {
			email_address: 'valid@acme-mail.com',
			status: 'subscribed',
			merge_fields: { COMPANY: 'Acme', SCORE: 3, ADDRESS: { addr1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' } },
			timestamp_signup: '2024-05-01T10:00:00+00:00',
			tags: ['a'],
		});
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('validateRequest can be used directly', () => {
		expect(validateRequest('put-member', { email_address: 'a@b.co', status_if_new: 'pending' })).toEqual([]);
		expect(validateRequest('put-member', { email_address: 'a@b.co', status_if_new: 'pending', tags: ['x'] })).toHaveLength(1);
		expect(validateRequest('batches-post', { operations: [{ method: 'PUT', path: '/lists', opid: 'x' }] })).toHaveLength(1);
		expect(validateRequest('post-member', { email_address: 'a@b.co', status: 'subscribed', timestamp_opt: 'yesterday' })).toHaveLength(1);
	});
});
