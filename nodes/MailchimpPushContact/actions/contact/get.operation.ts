import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { Member } from '../../transport/types';
import { done } from '../outcome';
import { executeMemberOperation } from './memberOperation';
import { requireAudience } from './requireAudience';

// Get has no parameters of its own: the audience and the e-mail say which member.
const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

/** `_links` is most of a member record's bytes and nothing a workflow reads. */
const EXCLUDED_FIELDS = ['_links'];

/**
 * Get: the member as a workflow wants it (`found: true`, camelCase), or `found: false` with no
 * error when the address is not in the audience. Archived members are found, with their status.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return executeMemberOperation(this, {
		async send(client, item) {
			const member = await client.getMember(item.audienceId, item.subscriberHash, EXCLUDED_FIELDS);
			if (!member) {
				await requireAudience(client, item.audienceId);
				return done(undefined, undefined, { data: { found: false } });
			}
			return done(undefined, member.status, { data: memberData(member) });
		},
	});
}

/** The member record in the output's words. `status` comes from the outcome, beside `found`. */
export function memberData(member: Member): IDataObject {
	return {
		found: true,
		mergeFields: { ...member.merge_fields } as IDataObject,
		tags: (member.tags ?? []).map((tag) => tag.name),
		interests: { ...member.interests },
		marketingPermissions: (member.marketing_permissions ?? []).map((p) => ({
			id: p.marketing_permission_id,
			text: p.text,
			enabled: p.enabled,
		})),
		language: member.language ?? '',
		vip: member.vip ?? false,
		emailType: member.email_type ?? '',
		location: locationOf(member.location),
		ipSignup: member.ip_signup ?? '',
		timestampSignup: member.timestamp_signup ?? '',
		lastChanged: member.last_changed ?? '',
	};
}

/** Mailchimp's location, its keys in camelCase like the rest; what Mailchimp does not give is left out. */
function locationOf(location: Member['location']): IDataObject {
	const { latitude, longitude, country_code, timezone, region } = location ?? {};
	const out: IDataObject = { latitude, longitude, countryCode: country_code, timezone, region };
	for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
	return out;
}
