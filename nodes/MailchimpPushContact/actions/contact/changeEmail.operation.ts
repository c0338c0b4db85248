import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { normalizeEmail } from '../../helpers/email';
import { subscriberHash } from '../../helpers/subscriberHash';
import { toMailchimpError } from '../../transport/errors';
import { AmbiguousMailchimpError } from '../../transport/retry';
import type { Member } from '../../transport/types';
import type { ItemParameters } from '../itemParameters';
import type { ItemRecord } from '../items';
import { done, failed, type Outcome } from '../outcome';
import { executeMemberOperation, type MemberItem } from './memberOperation';
import { previewOnlyOptions } from './previewOption';
import { requireAudience } from './requireAudience';

const properties: INodeProperties[] = [
	{
		displayName: 'New Email',
		name: 'newEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'The address the contact moves to; it keeps its history, fields, tags and status',
	},
	previewOnlyOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['changeEmail'] } }, properties);

interface ChangeEmailItem extends MemberItem {
	newEmail: string;
	newHash: string;
}

const NOT_IN_AUDIENCE = 'Not in the audience';
const SAME_ADDRESS = 'The new address is the contact\'s address already';
/** Mailchimp's 400 for a new address that is a member: `"<new>" is already in this list with a status of "<status>".` */
const ALREADY_IN_LIST = /is already in this list with a status of "([a-z]+)"/i;

/**
 * Change Email: PATCH on the old address's hash with the new `email_address`. The member keeps
 * its id, history, fields, tags and status. The output names it by its new address and hash.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return executeMemberOperation<ChangeEmailItem>(this, {
		read: readNewEmail,
		async send(client, item) {
			if (item.newHash === item.subscriberHash) return done('skipped', undefined, { reason: SAME_ADDRESS });
			try {
				const { value: member } = await client.updateMember(item.audienceId, item.subscriberHash, { email_address: item.newEmail });
				return moved(item, member);
			} catch (error) {
				const problem = toMailchimpError(error);
				if (problem.status === 404) {
					await requireAudience(client, item.audienceId);
					// An attempt whose answer was lost may have moved it: then the new address holds it.
					const member = problem instanceof AmbiguousMailchimpError ? await client.getMember(item.audienceId, item.newHash, ['_links']) : undefined;
					return member ? moved(item, member) : done('skipped', undefined, { reason: NOT_IN_AUDIENCE });
				}
				const taken = ALREADY_IN_LIST.exec(problem.detail);
				if (problem.status === 400 && taken) return failed(alreadyInAudience(item, taken[1]), problem);
				throw problem;
			}
		},
		async preview(client, item) {
			if (item.newHash === item.subscriberHash) return done('skipped', undefined, { reason: SAME_ADDRESS, preview: {} });
			const member = await client.getMember(item.audienceId, item.subscriberHash, ['_links']);
			if (!member) {
				await requireAudience(client, item.audienceId);
				return done('skipped', undefined, { reason: NOT_IN_AUDIENCE, preview: {} });
			}
			const taken = await client.getMember(item.audienceId, item.newHash, ['_links']);
			if (taken) return failed(alreadyInAudience(item, taken.status));
			return done('updated', member.status, {
				data: { email: item.newEmail, subscriberHash: item.newHash, previousEmail: item.email },
				preview: {
					request: { method: 'PATCH', path: `/lists/${item.audienceId}/members/${item.subscriberHash}`, body: { email_address: item.newEmail } },
				},
			});
		},
	});
}

function readNewEmail(params: ItemParameters, item: MemberItem): ChangeEmailItem | ItemRecord {
	const parsed = normalizeEmail(params.get('newEmail', item.itemIndex, ''));
	if ('problem' in parsed) return { ...item, outcome: failed(`New Email: ${parsed.problem}`) };
	return { ...item, newEmail: parsed.email, newHash: subscriberHash(parsed.email) };
}

/** The output names the member as it is now: its new address and hash, and the one it had. */
function moved(item: ChangeEmailItem, member: Member): Outcome {
	return done('updated', member.status, {
		data: { email: item.newEmail, subscriberHash: item.newHash, previousEmail: item.email },
	});
}

function alreadyInAudience(item: ChangeEmailItem, status: string): string {
	return `${item.newEmail} is already in the audience (status: ${status}), so ${item.email} cannot move to it; Mailchimp keeps one contact per address`;
}
