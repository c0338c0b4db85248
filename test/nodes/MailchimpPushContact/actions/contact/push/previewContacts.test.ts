import {
	NEWSLETTER_LIST_ID as LIST,
	SEEDED_MEMBERS,
} from '../../../../../../sandbox';
import { mapEach, push, useSandbox } from '../../../fixture';

const sandbox = useSandbox();

describe('Preview (dry run)', () => {
	it('outputs what would be sent and decided for each contact, writing nothing', async () => {
		const before = sandbox().listMembers('acme', LIST);
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: '={{ $json.company }}', SCORE: '={{ $json.score }}' }), options: { preview: true, tags: 'vip-lead' } },
			items: [
				{ email: 'would-create@initech-mail.com', company: 'Initech', score: '12' },
				{ email: SEEDED_MEMBERS.subscribed, company: 'Analytical' },
				{ email: SEEDED_MEMBERS.unsubscribed, company: 'x' },
				{ email: 'no-company@initech-mail.com' },
				{ email: 'bad@initech-mail.com', company: 'x', score: 'lots' },
			],
			node: { onError: 'continueRegularOutput' },
		});
		expect(sandbox().requests.every((r) => r.method === 'GET')).toBe(true);
		expect(sandbox().listMembers('acme', LIST)).toEqual(before);
		expect(run.json[0]).toMatchObject({
			preview: true,
			action: 'created',
			status: 'subscribed',
			request: {
				method: 'POST',
				path: `/lists/${LIST}/members`,
				body: { email_address: 'would-create@initech-mail.com', status: 'subscribed', merge_fields: { COMPANY: 'Initech', SCORE: 12 }, tags: ['vip-lead'] },
			},
		});
		expect(run.json[1]).toMatchObject({ preview: true, action: 'updated', request: { method: 'PUT' }, tags: { add: ['vip-lead'], remove: [] } });
		expect(run.json[2]).toMatchObject({ preview: true, action: 'skipped', status: 'unsubscribed', reason: expect.stringContaining('Resubscribe') });
		expect(run.json[3].error).toMatch(/requires COMPANY/);
		expect(run.json[4].error).toMatch(/SCORE .* expects a number/);
	});
});
