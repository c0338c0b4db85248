import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { MailchimpClient } from '../../transport/client';
import { toMailchimpError, type MailchimpApiError } from '../../transport/errors';
import { AmbiguousMailchimpError } from '../../transport/retry';
import type { MemberStatus } from '../../transport/types';
import { explainProblem } from '../explainProblem';
import { done, failed, type Outcome } from '../outcome';
import { executeMemberOperation, type MemberItem } from './memberOperation';
import { previewOnlyOptions } from './previewOption';
import { requireAudience } from './requireAudience';

const properties: INodeProperties[] = [
	previewOnlyOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['archive'] } }, properties);

/** Statuses Mailchimp refuses to archive (405), in plain words. */
const REFUSED: Partial<Record<MemberStatus, string>> = {
	pending: 'Mailchimp does not archive a pending contact (one who has not confirmed the opt-in yet)',
	cleaned: 'Mailchimp does not archive a cleaned contact (its address bounced)',
};

/**
 * Archive: the member stays in the audience with status "archived" (no longer billed, history
 * kept) and can come back with a later push. Missing or already archived → skipped.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return executeMemberOperation(this, {
		async send(client, item) {
			try {
				await client.archiveMember(item.audienceId, item.subscriberHash);
				return done('archived', 'archived');
			} catch (error) {
				const problem = toMailchimpError(error);
				if (problem.status === 404) {
					// Mailchimp answers an unknown audience with the same 404: a mistyped ID is an error.
					await requireAudience(client, item.audienceId);
					return done('skipped', undefined, { reason: 'Not in the audience' });
				}
				if (problem.status !== 405) throw problem;
				// A retry of an archive that landed is refused as "already archived": it was this one.
				if (problem instanceof AmbiguousMailchimpError) return done('archived', 'archived');
				return refusal(client, item, problem);
			}
		},
		async preview(client, item) {
			const member = await client.getMember(item.audienceId, item.subscriberHash);
			if (!member) return done('skipped', undefined, { reason: 'Not in the audience', preview: {} });
			if (member.status === 'archived') return done('skipped', 'archived', { reason: 'Already archived', preview: {} });
			const refused = REFUSED[member.status];
			if (refused) return failed(refused);
			return done('archived', 'archived', {
				preview: { request: { method: 'DELETE', path: `/lists/${item.audienceId}/members/${item.subscriberHash}` } },
			});
		},
	});
}

/** Mailchimp's 405 names several statuses at once: the member's own says which applies. */
async function refusal(client: MailchimpClient, item: MemberItem, error: MailchimpApiError): Promise<Outcome> {
	const member = await client.getMember(item.audienceId, item.subscriberHash);
	if (!member) return done('skipped', undefined, { reason: 'Not in the audience' });
	if (member.status === 'archived') return done('skipped', 'archived', { reason: 'Already archived' });
	const refused = REFUSED[member.status];
	return failed(refused ? `${refused}: ${explainProblem(error)}` : explainProblem(error), error);
}
