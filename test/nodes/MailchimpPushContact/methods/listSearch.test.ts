import type { INodeListSearchResult } from 'n8n-workflow';

import { ACME_LIST_COUNT, NEWSLETTER_LIST_ID } from '../../../../sandbox';
import { editor, useSandbox } from '../fixture';

const sandbox = useSandbox();

describe('searchAudiences', () => {
	it('lists every audience of the account, past Mailchimp\'s default page of 10', async () => {
		const { results } = await editor<INodeListSearchResult>('listSearch', 'searchAudiences');
		expect(results).toHaveLength(ACME_LIST_COUNT);
		expect(ACME_LIST_COUNT).toBeGreaterThan(10);
		expect(results).toContainEqual({ name: expect.stringMatching(/^Newsletter \(\d+ contacts\)$/), value: NEWSLETTER_LIST_ID });
		expect(sandbox().requests.every((r) => r.query.count === '1000')).toBe(true);
	});
	it('filters by name, case-insensitively, or finds an exact ID', async () => {
		const byName = await editor<INodeListSearchResult>('listSearch', 'searchAudiences', { args: ['newsl'] });
		expect(byName.results.map((r) => r.value)).toEqual([NEWSLETTER_LIST_ID]);
		const byId = await editor<INodeListSearchResult>('listSearch', 'searchAudiences', { args: [NEWSLETTER_LIST_ID] });
		expect(byId.results.map((r) => r.value)).toEqual([NEWSLETTER_LIST_ID]);
	});
	it('works with OAuth2, and each account sees only its own audiences', async () => {
		const globex = await editor<INodeListSearchResult>('listSearch', 'searchAudiences', { account: 'globex', authentication: 'oAuth2' });
		expect(globex.results.map((r) => r.name)).toEqual(expect.arrayContaining([expect.stringContaining('Globex Leads')]));
		expect(globex.results.some((r) => r.value === NEWSLETTER_LIST_ID)).toBe(false);
	});
});
