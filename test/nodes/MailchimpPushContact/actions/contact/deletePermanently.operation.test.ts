import type { IDataObject } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS, subscriberHash } from '../../../../../sandbox';
import { audience, failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const deletePermanently = (items: IDataObject[], parameters: IDataObject = {}, node = {}) =>
	push({ parameters: { operation: 'deletePermanently', confirmDeletePermanently: true, ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const deletes = () => sandbox().requests.filter((r) => r.path.endsWith('/actions/delete-permanent'));

describe('Delete Permanently', () => {
	it('erases the member, which Mailchimp then refuses for good', async () => {
		const run = await deletePermanently([{ email: ADA }]);
		expect(run.json).toEqual([{ email: ADA, audienceId: LIST, subscriberHash: subscriberHash(ADA), action: 'deleted' }]);
		expect(sandbox().getMember('acme', LIST, ADA)).toBeUndefined();
		const again = await push({ parameters: { operation: 'push', options: { skipMergeValidation: true } }, items: [{ email: ADA }], node: continueOnFail });
		expect(again.json[0].error).toMatch(/^Forgotten Email Not Subscribed/);
	});

	it('deletes members of any status, archived too; a missing or already deleted one is skipped, saying why', async () => {
		sandbox().addMembers('acme', LIST, [{ email_address: 'stored@initech-mail.com', status: 'archived' }]);
		const emails = [SEEDED_MEMBERS.pending, SEEDED_MEMBERS.unsubscribed, SEEDED_MEMBERS.cleaned, 'stored@initech-mail.com', 'nobody@initech-mail.com', SEEDED_MEMBERS.forgotten];
		const run = await deletePermanently(emails.map((email) => ({ email })));
		expect(run.json.map((j) => [j.action, j.reason])).toEqual([
			['deleted', undefined],
			['deleted', undefined],
			['deleted', undefined],
			['deleted', undefined],
			['skipped', 'Not in the audience (or already deleted permanently)'],
			['skipped', 'Not in the audience (or already deleted permanently)'],
		]);
		expect(emails.map((e) => sandbox().getMember('acme', LIST, e))).toEqual(emails.map(() => undefined));
	});

	it('a repeated address is deleted once, then skipped, in item order', async () => {
		const run = await deletePermanently([{ email: ADA }, { email: ADA.toUpperCase() }]);
		expect(run.json.map((j) => j.action)).toEqual(['deleted', 'skipped']);
		expect(deletes()).toHaveLength(2);
	});

	it('stops before sending anything while "I Understand This Cannot Be Undone" is off, read per item', async () => {
		const off = await deletePermanently([{ email: ADA }], { confirmDeletePermanently: false });
		expect(failure(off).message).toBe('Nothing was deleted: "I Understand This Cannot Be Undone" is off');
		expect(failure(off).description).toMatch(/use the Archive operation/);
		// On for the first item, off for the second: still nothing is sent, even with On Error: Continue.
		const mixed = await deletePermanently([{ email: ADA, sure: true }, { email: SEEDED_MEMBERS.subscribed2, sure: false }], { confirmDeletePermanently: '={{ $json.sure }}' }, continueOnFail);
		expect(failure(mixed).message).toBe('Nothing was deleted: "I Understand This Cannot Be Undone" is off');
		const garbled = await deletePermanently([{ email: ADA, sure: 'yes' }], { confirmDeletePermanently: '={{ $json.sure }}' });
		expect(failure(garbled).message).toBe('I Understand This Cannot Be Undone must be true or false, got "yes"');
		expect(sandbox().requests).toEqual([]);
		expect(sandbox().getMember('acme', LIST, ADA)).toMatchObject({ status: 'subscribed' });
	});

	it('takes every parameter by expression (as an AI agent fills them)', async () => {
		const run = await deletePermanently([{ email: ADA, sure: 'true', list: LIST }], {
			confirmDeletePermanently: '={{ $json.sure }}',
			audience: '={{ $json.list }}',
			email: '={{ $json.email }}',
		});
		expect(run.json[0]).toMatchObject({ action: 'deleted' });
	});

	it('Preview says what would be sent, sends nothing, and needs no confirmation', async () => {
		const run = await deletePermanently([{ email: ADA }, { email: 'nobody@initech-mail.com' }], { confirmDeletePermanently: false, options: { preview: true } });
		expect(run.json[0]).toMatchObject({
			action: 'deleted',
			status: 'subscribed',
			preview: true,
			request: { method: 'POST', path: `/lists/${LIST}/members/${subscriberHash(ADA)}/actions/delete-permanent` },
		});
		expect(run.json[1]).toMatchObject({ action: 'skipped', preview: true, reason: 'Not in the audience (or already deleted permanently)' });
		expect(writes(sandbox())).toEqual([]);
	});

	it('an audience Mailchimp does not know is an item error, not a skip', async () => {
		const run = await deletePermanently([{ email: ADA }], { audience: audience('0000000000') }, continueOnFail);
		expect(run.json[0]).toMatchObject({ error: expect.stringMatching(/^Resource Not Found.*check the audience/), errorDetails: { status: 404 } });
	});

	it('a lost answer whose retry finds nothing left means deleted', async () => {
		// The sandbox's fault draws for its seed: the first attempt is applied and its answer lost,
		// the next two are refused with 429, the fourth reaches a member that is gone: 404.
		sandbox().setFaults({ rate429: 0.6, rateLostResponse: 0.05, onlyPath: '/actions/delete-permanent' });
		const run = await deletePermanently([{ email: ADA }]);
		sandbox().setFaults(undefined);
		expect(run.json[0]).toMatchObject({ action: 'deleted' });
		expect(deletes().map((r) => [r.status, r.fault])).toEqual([[204, 'lostResponse'], [429, '429'], [429, '429'], [404, undefined]]);
	});

	it('deletes 1,000 contacts under 429s, 5xx and lost answers, each once, with its outcome in order', async () => {
		const emails = Array.from({ length: 1000 }, (_, i) => `erase${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, emails.filter((_, i) => i % 10).map((email_address) => ({ email_address })));
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.05, rateLostResponse: 0.03, onlyMethods: ['POST'] });
		const run = await deletePermanently(emails.map((email) => ({ email })), {}, continueOnFail);
		sandbox().setFaults(undefined);
		// A missing contact is skipped, unless an attempt may have been applied: its 404 then reads as deleted.
		const mayHaveLanded = (email: string) =>
			deletes().some((r) => r.path.includes(subscriberHash(email)) && r.fault !== undefined && r.fault !== '429');
		expect(run.json.map((j) => [j.email, j.action])).toEqual(
			emails.map((e, i) => [e, i % 10 || mayHaveLanded(e) ? 'deleted' : 'skipped']),
		);
		expect(run.json.filter((j) => j.action === 'skipped').length).toBeGreaterThan(80);
		expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		expect(sandbox().listMembers('acme', LIST).filter((m) => m.email_address.startsWith('erase'))).toEqual([]);
		expect(sandbox().requests.filter((r) => r.fault === 'lostResponse').length).toBeGreaterThan(0);
	}, 60_000);

	it('without "On Error: Continue" a failed item stops the node, naming it and how many were written', async () => {
		const run = await deletePermanently([{ email: ADA, list: LIST }, { email: SEEDED_MEMBERS.subscribed2, list: '0000000000' }], { audience: '={{ $json.list }}' });
		const error = failure(run);
		expect(error.message).toMatch(new RegExp(`^Item 1 \\(${SEEDED_MEMBERS.subscribed2.replace(/\./g, '\\.')}\\): Resource Not Found`));
		expect(error.description).toMatch(/^1 other item was written to Mailchimp/);
	});
});
