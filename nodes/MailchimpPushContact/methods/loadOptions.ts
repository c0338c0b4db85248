import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { connect } from '../transport/connect';

function audienceId(ctx: ILoadOptionsFunctions): string {
	return String(ctx.getNodeParameter('audience', undefined, { extractValue: true }) ?? '');
}

/** The audience's interest groups, "Category › Interest", valued by interest id. */
export async function getInterests(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const id = audienceId(this);
	if (!id) return [];
	const interests = await (await connect(this)).interests(id);
	return interests.map((interest) => ({ name: `${interest.category} › ${interest.name}`, value: interest.id }));
}

/** GDPR marketing permissions by name; on other audiences, one entry saying they don't apply. */
export async function getMarketingPermissions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const id = audienceId(this);
	if (!id) return [];
	const client = await connect(this);
	const [audience, permissions] = await Promise.all([client.audience(id), client.marketingPermissions(id)]);
	if (!audience.marketing_permissions || !permissions.length) {
		return [
			{
				name: 'Not Applicable: This Audience Has No GDPR Fields',
				value: '',
				description: 'Turn on GDPR fields in Mailchimp (Audience → Settings → Audience name and defaults) to use marketing permissions',
			},
		];
	}
	return permissions.map((p) => ({ name: p.text, value: p.marketing_permission_id }));
}
