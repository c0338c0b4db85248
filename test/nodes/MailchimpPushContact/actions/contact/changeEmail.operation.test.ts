import type { IDataObject } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS, SEEDED_TAGS, subscriberHash } from '../../../../../sandbox';
import { audience, failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const NEW = 'ada.king@lovelace.dev';
const changeEmail = (items: IDataObject[], parameters: IDataObject = {}, node = {}) =>
	push({ parameters: { operation: 'changeEmail', newEmail: '={{ $json.newEmail }}', ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const patches = () => sandbox().requests.filter((r) => r.method === 'PATCH');

describe('Change Email', () => {
	it('moves the member to the new address, keeping its id, fields, tags and status', async () => {
		const before = sandbox().getMember('acme', LIST, ADA)!;
		const run = await changeEmail([{ email: ADA, newEmail: ` ${NEW} ` }]);
		expect(run.json).toEqual([
			{ email: NEW, audienceId: LIST, subscriberHash: subscriberHash(NEW), action: 'updated', status: 'subscribed', previousEmail: ADA },
		]);
		expect(patches().map((r) => r.body)).toEqual([{ email_address: NEW }]);
		expect(sandbox().getMember('acme', LIST, ADA)).toBeUndefined();
		const after = sandbox().getMember('acme', LIST, NEW)!;
		expect(after).toMatchObject({ contact_id: before.contact_id, status: 'subscribed', merge_fields: before.merge_fields, tags: [expect.objectContaining({ name: SEEDED_TAGS.vip })] });
	});

	it('an unsubscribed member stays unsubscribed at its new address', async () => {
		const run = await changeEmail([{ email: SEEDED_MEMBERS.unsubscribed, newEmail: 'fran@initech-mail.com' }]);
		expect(run.json[0]).toMatchObject({ action: 'updated', status: 'unsubscribed', previousEmail: SEEDED_MEMBERS.unsubscribed });
		expect(sandbox().getMember('acme', LIST, 'fran@initech-mail.com')).toMatchObject({ status: 'unsubscribed' });
	});

	it('skips a missing old address and the same address, saying why', async () => {
		const run = await changeEmail([
			{ email: 'nobody@initech-mail.com', newEmail: 'somebody@initech-mail.com' },
			{ email: ADA, newEmail: ADA.toUpperCase() },
		]);
		expect(run.json[0]).toEqual({
			email: 'nobody@initech-mail.com',
			audienceId: LIST,
			subscriberHash: subscriberHash('nobody@initech-mail.com'),
			action: 'skipped',
			reason: 'Not in the audience',
		});
		expect(run.json[1]).toMatchObject({ email: ADA, action: 'skipped', reason: 'The new address is the contact\'s address already' });
		expect(sandbox().getMember('acme', LIST, 'somebody@initech-mail.com')).toBeUndefined();
	});

	it('a new address already in the audience is an item error saying so; nothing changes', async () => {
		const run = await changeEmail([{ email: ADA, newEmail: SEEDED_MEMBERS.pending }, { email: SEEDED_MEMBERS.subscribed2, newEmail: 'alan@initech-mail.com' }], {}, continueOnFail);
		expect(run.json[0]).toMatchObject({
			email: ADA,
			error: `${SEEDED_MEMBERS.pending} is already in the audience (status: pending), so ${ADA} cannot move to it; Mailchimp keeps one contact per address`,
			errorDetails: { status: 400 },
		});
		expect(run.json[1]).toMatchObject({ action: 'updated', email: 'alan@initech-mail.com' });
		expect(sandbox().getMember('acme', LIST, ADA)).toMatchObject({ status: 'subscribed' });
		const stopped = await changeEmail([{ email: 'alan@initech-mail.com', newEmail: ADA }]);
		expect(failure(stopped).message).toBe(
			`Item 0 (alan@initech-mail.com): ${ADA} is already in the audience (status: subscribed), so alan@initech-mail.com cannot move to it; Mailchimp keeps one contact per address`,
		);
	});

	it('a permanently deleted new address is refused in plain words', async () => {
		const run = await changeEmail([{ email: ADA, newEmail: SEEDED_MEMBERS.forgotten }], {}, continueOnFail);
		expect(run.json[0].error).toMatch(/^Forgotten Email Not Subscribed/);
	});

	it('refuses an unusable new address per item, before sending anything', async () => {
		const run = await changeEmail([{ email: ADA, newEmail: 'ada at home' }, { email: ADA }], {}, continueOnFail);
		expect(run.json.map((j) => j.error)).toEqual(['New Email: "ada at home" is not an e-mail address', 'New Email: The e-mail address is empty']);
		expect(sandbox().requests).toEqual([]);
	});

	it('takes every parameter by expression (as an AI agent fills them)', async () => {
		const run = await changeEmail([{ old: ADA, newEmail: NEW, list: LIST }], { email: '={{ $json.old }}', audience: '={{ $json.list }}' });
		expect(run.json[0]).toMatchObject({ action: 'updated', email: NEW, previousEmail: ADA });
	});

	it('Preview says what would be sent and sends nothing', async () => {
		const run = await changeEmail(
			[
				{ email: ADA, newEmail: NEW },
				{ email: 'nobody@initech-mail.com', newEmail: NEW },
				{ email: SEEDED_MEMBERS.subscribed2, newEmail: SEEDED_MEMBERS.cleaned },
			],
			{ options: { preview: true } },
			continueOnFail,
		);
		expect(run.json[0]).toMatchObject({
			email: NEW,
			previousEmail: ADA,
			subscriberHash: subscriberHash(NEW),
			action: 'updated',
			preview: true,
			request: { method: 'PATCH', path: `/lists/${LIST}/members/${subscriberHash(ADA)}`, body: { email_address: NEW } },
		});
		expect(run.json[1]).toMatchObject({ action: 'skipped', reason: 'Not in the audience', preview: true });
		expect(run.json[2].error).toMatch(/is already in the audience \(status: cleaned\)/);
		expect(writes(sandbox())).toEqual([]);
	});

	it('an audience Mailchimp does not know is an item error, not a skip', async () => {
		const run = await changeEmail([{ email: ADA, newEmail: NEW }], { audience: audience('0000000000') }, continueOnFail);
		expect(run.json[0]).toMatchObject({ error: expect.stringMatching(/^Resource Not Found/), errorDetails: { status: 404 } });
	});

	it('a lost answer whose retry finds the old address gone reads the new one to confirm', async () => {
		// The sandbox's fault draws for its seed: applied and lost, then two 429s, then 404 on the old hash.
		sandbox().setFaults({ rate429: 0.6, rateLostResponse: 0.05, onlyMethods: ['PATCH'] });
		const run = await changeEmail([{ email: ADA, newEmail: NEW }]);
		sandbox().setFaults(undefined);
		expect(run.json[0]).toMatchObject({ action: 'updated', status: 'subscribed', email: NEW, previousEmail: ADA });
		expect(patches().map((r) => r.status)).toEqual([200, 429, 429, 404]);
		expect(sandbox().requests.at(-1)).toMatchObject({ method: 'GET', path: `/3.0/lists/${LIST}/members/${subscriberHash(NEW)}` });
	});

	it('moves 1,000 contacts under 429s, 5xx and lost answers, each once, with its outcome in order', async () => {
		const olds = Array.from({ length: 1000 }, (_, i) => `old${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, olds.filter((_, i) => i % 10).map((email_address, i) => ({ email_address, merge_fields: { FNAME: `N${i}` } })));
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.05, rateLostResponse: 0.03, onlyMethods: ['PATCH'] });
		const run = await changeEmail(olds.map((email, i) => ({ email, newEmail: `new${i}@initech-mail.com` })));
		sandbox().setFaults(undefined);
		expect(run.json.map((j) => [j.email, j.action])).toEqual(olds.map((old, i) => (i % 10 ? [`new${i}@initech-mail.com`, 'updated'] : [old, 'skipped'])));
		expect(run.items.map((i) => i.pairedItem)).toEqual(olds.map((_, item) => ({ item })));
		const members = sandbox().listMembers('acme', LIST);
		expect(members.filter((m) => m.email_address.startsWith('old'))).toEqual([]);
		expect(members.filter((m) => m.email_address.startsWith('new'))).toHaveLength(900);
		expect(sandbox().requests.filter((r) => r.fault === 'lostResponse').length).toBeGreaterThan(0);
	}, 60_000);
});
