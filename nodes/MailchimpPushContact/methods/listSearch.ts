import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { connect } from '../transport/connect';

/**
 * Every audience of the account (paged through: Mailchimp returns 10 by default), filtered by
 * name or ID. Mailchimp has no name search, so the filter is applied here.
 */
export async function searchAudiences(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await connect(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const audiences = (await client.audiences())
		.filter((a) => !needle || a.name.toLowerCase().includes(needle) || a.id.toLowerCase() === needle)
		.sort((a, b) => a.name.localeCompare(b.name));
	return {
		results: audiences.map((a) => ({
			name: a.stats?.member_count === undefined ? a.name : `${a.name} (${a.stats.member_count} contacts)`,
			value: a.id,
		})),
	};
}
