import type { IDataObject } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS } from '../../../../../sandbox';
import { failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const archive = (items: IDataObject[], options = {}, node = {}) =>
	push({ parameters: { operation: 'archive', options }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };

describe('Archive', () => {
	it('archives a member, which stays in the audience as archived', async () => {
		const run = await archive([{ email: SEEDED_MEMBERS.subscribed }]);
		expect(run.json).toEqual([
			{ email: SEEDED_MEMBERS.subscribed, audienceId: LIST, subscriberHash: expect.any(String), action: 'archived', status: 'archived' },
		]);
		expect(sandbox().getMember('acme', LIST, SEEDED_MEMBERS.subscribed)).toMatchObject({ status: 'archived' });
	});

	it('skips a missing or already archived contact, saying why, and refuses a pending one in plain words', async () => {
		await archive([{ email: SEEDED_MEMBERS.subscribed2 }]);
		const run = await archive([{ email: 'nobody@initech-mail.com' }, { email: SEEDED_MEMBERS.subscribed2 }, { email: SEEDED_MEMBERS.pending }], {}, continueOnFail);
		expect(run.json[0]).toMatchObject({ action: 'skipped', reason: 'Not in the audience' });
		expect(run.json[1]).toMatchObject({ action: 'skipped', reason: 'Already archived', status: 'archived' });
		expect(run.json[2].error).toMatch(/^Mailchimp does not archive a pending contact/);
		expect(run.json[2].errorDetails).toMatchObject({ status: 405 });
	});

	it('a repeated address is archived once, then skipped, in item order', async () => {
		const run = await archive([{ email: SEEDED_MEMBERS.subscribed }, { email: SEEDED_MEMBERS.subscribed.toUpperCase() }]);
		expect(run.json.map((j) => j.action)).toEqual(['archived', 'skipped']);
	});

	it('Preview says what would happen and sends nothing', async () => {
		const run = await archive([{ email: SEEDED_MEMBERS.subscribed }, { email: 'nobody@initech-mail.com' }], { preview: true });
		expect(run.json[0]).toMatchObject({ action: 'archived', preview: true, request: { method: 'DELETE' } });
		expect(run.json[1]).toMatchObject({ action: 'skipped', preview: true });
		expect(writes(sandbox())).toHaveLength(0);
	});

	it('archives 1,000 contacts under 429s, 5xx and lost answers, each once, with its outcome in order', async () => {
		const emails = Array.from({ length: 1000 }, (_, i) => `bulk${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, emails.map((email_address) => ({ email_address })));
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.05, rateLostResponse: 0.03, onlyMethods: ['DELETE'] });
		const run = await archive(emails.map((email) => ({ email })));
		sandbox().setFaults(undefined);
		expect(run.json.map((j) => [j.email, j.action])).toEqual(emails.map((e) => [e, 'archived']));
		expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		expect(sandbox().listMembers('acme', LIST).filter((m) => m.email_address.startsWith('bulk') && m.status !== 'archived')).toEqual([]);
	}, 60_000);

	it('without "On Error: Continue" the first failed item stops the node, naming it', async () => {
		const run = await archive([{ email: SEEDED_MEMBERS.subscribed }, { email: SEEDED_MEMBERS.pending }]);
		expect(failure(run).message).toMatch(new RegExp(`^Item 1 \\(${SEEDED_MEMBERS.pending.replace('.', '\\.')}\\): Mailchimp does not archive a pending contact`));
	});
});
