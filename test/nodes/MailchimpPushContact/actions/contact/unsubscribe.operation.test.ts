import type { IDataObject } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS, subscriberHash, type MemberStatus } from '../../../../../sandbox';
import { audience, failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const unsubscribe = (items: IDataObject[], options: IDataObject = {}, node = {}, parameters: IDataObject = {}) =>
	push({ parameters: { operation: 'unsubscribe', options, ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const batchCalls = () => sandbox().requests.filter((r) => r.method === 'POST' && r.path === `/3.0/lists/${LIST}`);
const statusOf = (email: string) => sandbox().getMember('acme', LIST, email)?.status;

describe('Unsubscribe', () => {
	it('unsubscribes a subscribed member with one PATCH of its status', async () => {
		const run = await unsubscribe([{ email: ADA }]);
		expect(run.json).toEqual([{ email: ADA, audienceId: LIST, subscriberHash: subscriberHash(ADA), action: 'unsubscribed', status: 'unsubscribed' }]);
		expect(writes(sandbox()).map((r) => [r.method, r.body])).toEqual([['PATCH', { status: 'unsubscribed' }]]);
		expect(statusOf(ADA)).toBe('unsubscribed');
	});

	it('unsubscribes pending and transactional members; skips unsubscribed, cleaned, archived and missing ones, saying why', async () => {
		sandbox().addMembers('acme', LIST, [
			{ email_address: 'receipts@initech-mail.com', status: 'transactional' },
			{ email_address: 'stored@initech-mail.com', status: 'archived' },
		]);
		const emails = [SEEDED_MEMBERS.pending, 'receipts@initech-mail.com', SEEDED_MEMBERS.unsubscribed, SEEDED_MEMBERS.cleaned, 'stored@initech-mail.com', 'nobody@initech-mail.com', SEEDED_MEMBERS.forgotten];
		const run = await unsubscribe(emails.map((email) => ({ email })));
		expect(run.json.map((j) => [j.action, j.status, j.reason])).toEqual([
			['unsubscribed', 'unsubscribed', undefined],
			['unsubscribed', 'unsubscribed', undefined],
			['skipped', 'unsubscribed', 'Already unsubscribed'],
			['skipped', 'cleaned', 'Cleaned: the address bounced, Mailchimp sends it nothing already'],
			['skipped', 'archived', 'Already archived: Mailchimp sends it nothing'],
			['skipped', undefined, 'Not in the audience'],
			['skipped', undefined, 'Not in the audience'],
		]);
		expect(emails.map(statusOf)).toEqual(['unsubscribed', 'unsubscribed', 'unsubscribed', 'cleaned', 'archived', undefined, undefined]);
		expect(writes(sandbox())).toHaveLength(2);
	});

	it('Add Missing Contacts as Unsubscribed suppresses a new address, required merge fields or not, so it can never be pushed as subscribed', async () => {
		const run = await unsubscribe([{ email: 'opted-out@initech-mail.com' }, { email: ADA }], { addMissingAsUnsubscribed: true });
		expect(run.json.map((j) => [j.action, j.status, j.added])).toEqual([
			['unsubscribed', 'unsubscribed', true],
			['unsubscribed', 'unsubscribed', undefined],
		]);
		const put = writes(sandbox()).find((r) => r.method === 'PUT')!;
		expect(put.body).toEqual({ email_address: 'opted-out@initech-mail.com', status_if_new: 'unsubscribed', status: 'unsubscribed' });
		expect(put.query).toEqual({ skip_merge_validation: 'true' });
		const pushed = await push({
			parameters: { operation: 'push', options: { skipMergeValidation: true } },
			items: [{ email: 'opted-out@initech-mail.com' }],
			node: continueOnFail,
		});
		// The push leaves an unsubscribed contact alone.
		expect(pushed.json[0]).toMatchObject({ action: 'skipped', status: 'unsubscribed' });
		expect(statusOf('opted-out@initech-mail.com')).toBe('unsubscribed');
	});

	it('a permanently deleted address cannot be added back, even as unsubscribed: an item error in plain words', async () => {
		const run = await unsubscribe([{ email: SEEDED_MEMBERS.forgotten }], { addMissingAsUnsubscribed: true }, continueOnFail);
		expect(run.json[0].error).toMatch(/^Forgotten Email Not Subscribed/);
	});

	it('takes every parameter by expression, options included (as an AI agent fills them)', async () => {
		const run = await unsubscribe(
			[
				{ email: 'new@initech-mail.com', add: 'true', list: LIST },
				{ email: 'other@initech-mail.com', add: false, list: LIST },
				{ email: ADA, add: 'maybe', list: LIST },
			],
			{ addMissingAsUnsubscribed: '={{ $json.add }}' },
			continueOnFail,
			{ audience: '={{ $json.list }}' },
		);
		expect(run.json.map((j) => j.action ?? j.error)).toEqual([
			'unsubscribed',
			'skipped',
			'Add Missing Contacts as Unsubscribed must be true or false, got "maybe"',
		]);
		expect(statusOf(ADA)).toBe('subscribed');
	});

	it('Preview says what would be sent and sends nothing', async () => {
		const run = await unsubscribe(
			[{ email: ADA, add: false }, { email: SEEDED_MEMBERS.unsubscribed, add: false }, { email: 'nobody@initech-mail.com', add: false }, { email: 'nobody@initech-mail.com', add: true }],
			{ preview: true, addMissingAsUnsubscribed: '={{ $json.add }}' },
		);
		expect(run.json[0]).toMatchObject({ action: 'unsubscribed', preview: true, request: { method: 'PATCH', path: `/lists/${LIST}/members/${subscriberHash(ADA)}`, body: { status: 'unsubscribed' } } });
		expect(run.json[1]).toMatchObject({ action: 'skipped', reason: 'Already unsubscribed', preview: true });
		expect(run.json[2]).toMatchObject({ action: 'skipped', reason: 'Not in the audience', preview: true });
		expect(run.json[3]).toMatchObject({ action: 'unsubscribed', added: true, preview: true, request: { method: 'PUT', body: { status_if_new: 'unsubscribed' } } });
		expect(writes(sandbox())).toEqual([]);
	});

	it('an audience Mailchimp does not know is an item error, not a skip, one by one and in bulk', async () => {
		const one = await unsubscribe([{ email: ADA }], {}, continueOnFail, { audience: audience('0000000000') });
		expect(one.json[0]).toMatchObject({ error: expect.stringMatching(/^Resource Not Found/), errorDetails: { status: 404 } });
		const emails = Array.from({ length: 60 }, (_, i) => `x${i}@initech-mail.com`);
		const bulk = await unsubscribe(emails.map((email) => ({ email })), {}, continueOnFail, { audience: audience('0000000000') });
		expect(new Set(bulk.json.map((j) => (j.errorDetails as IDataObject | undefined)?.status))).toEqual(new Set([404]));
	});

	it('without "On Error: Continue" a failed item stops the node, naming it', async () => {
		const run = await unsubscribe([{ email: ADA }, { email: SEEDED_MEMBERS.forgotten }], { addMissingAsUnsubscribed: true });
		expect(failure(run).message).toMatch(/^Item 1 \(forgotten@acme-mail\.com\): Forgotten Email Not Subscribed/);
		expect(failure(run).description).toMatch(/^1 other item was written/);
	});

	describe('in bulk', () => {
		const STATUSES: MemberStatus[] = ['subscribed', 'pending', 'transactional', 'unsubscribed', 'cleaned', 'archived'];
		/** 1,000 addresses: one in seven missing, the others in every status in turn. */
		function seed(prefix: string, count = 1000) {
			const emails = Array.from({ length: count }, (_, i) => `${prefix}${i}@initech-mail.com`);
			const statusAt = (i: number) => (i % 7 === 6 ? undefined : STATUSES[i % 7]);
			sandbox().addMembers('acme', LIST, emails.flatMap((email_address, i) => (statusAt(i) ? [{ email_address, status: statusAt(i) }] : [])));
			return { emails, statusAt };
		}
		const expected = (status: MemberStatus | undefined, addMissing = false) =>
			status === undefined ? (addMissing ? 'unsubscribed' : 'skipped') : ['subscribed', 'pending', 'transactional'].includes(status) ? 'unsubscribed' : 'skipped';

		it('1,000 contacts: statuses listed, those to unsubscribe sent in batch calls of at most 500, under faults, outcomes in order', async () => {
			const { emails, statusAt } = seed('bulk');
			sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
			sandbox().setFaults({ rate429: 0.2, rate5xx: 0.1, rateLostResponse: 0.1, onlyMethods: ['POST'] });
			const run = await unsubscribe(emails.map((email) => ({ email })));
			sandbox().setFaults(undefined);
			expect(run.json.map((j) => [j.email, j.action])).toEqual(emails.map((e, i) => [e, expected(statusAt(i))]));
			expect(run.json.filter((j) => j.action === 'skipped').map((j) => j.reason)).toContain('Not in the audience');
			expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
			expect(emails.map(statusOf)).toEqual(emails.map((_, i) => (expected(statusAt(i)) === 'unsubscribed' ? 'unsubscribed' : statusAt(i))));
			// No member written one by one; every batch call ≤ 500 members, each with status unsubscribed only.
			expect(writes(sandbox()).filter((r) => r.path !== `/3.0/lists/${LIST}`)).toEqual([]);
			const answered = batchCalls().filter((r) => r.status === 200);
			expect(answered.length).toBeGreaterThan(0);
			for (const call of batchCalls()) {
				const body = call.body as { members: IDataObject[]; update_existing: boolean };
				expect(body.members.length).toBeLessThanOrEqual(500);
				expect(body.update_existing).toBe(true);
				expect(new Set(body.members.map((m) => m.status))).toEqual(new Set(['unsubscribed']));
			}
			expect(batchCalls().some((r) => r.fault)).toBe(true);
		}, 60_000);

		it('with Add Missing Contacts as Unsubscribed, the missing ones join in the same batch calls', async () => {
			const { emails, statusAt } = seed('supp');
			const run = await unsubscribe(emails.map((email) => ({ email })), { addMissingAsUnsubscribed: true });
			expect(run.json.map((j) => j.action)).toEqual(emails.map((_, i) => expected(statusAt(i), true)));
			expect(run.json.filter((j) => j.added).length).toBe(emails.filter((_, i) => statusAt(i) === undefined).length);
			expect(batchCalls().every((r) => r.query.skip_merge_validation === 'true')).toBe(true);
			expect(writes(sandbox()).filter((r) => r.path !== `/3.0/lists/${LIST}`)).toEqual([]);
		}, 60_000);

		it('repeated addresses: the first is unsubscribed in the batch, the later ones skipped as already unsubscribed', async () => {
			const { emails } = seed('dup', 100);
			const run = await unsubscribe([...emails, ...emails].map((email) => ({ email })));
			expect(run.json.slice(100).filter((j) => j.action === 'unsubscribed')).toEqual([]);
			expect(run.json.slice(0, 100).filter((j) => j.action === 'unsubscribed').length).toBeGreaterThan(0);
		}, 60_000);

		it('a big audience is not listed whole: other statuses are, the rest get one PATCH each (404 → not in the audience)', async () => {
			sandbox().addMembers('acme', LIST, Array.from({ length: 16_000 }, (_, i) => ({ email_address: `crowd${i}@initech-mail.com` })));
			const { emails, statusAt } = seed('big', 60);
			const run = await unsubscribe(emails.map((email) => ({ email })));
			expect(run.json.map((j) => j.action)).toEqual(emails.map((_, i) => expected(statusAt(i))));
			const listed = sandbox().requests.filter((r) => r.method === 'GET' && r.path.endsWith('/members') && r.query.count === '1000');
			expect(listed.map((r) => r.query.status).sort()).toEqual(['archived', 'cleaned', 'pending', 'transactional', 'unsubscribed']);
			const patched = writes(sandbox()).filter((r) => r.method === 'PATCH');
			expect(patched).toHaveLength(emails.filter((_, i) => statusAt(i) === 'subscribed' || statusAt(i) === undefined).length);
		}, 60_000);
	});
});
