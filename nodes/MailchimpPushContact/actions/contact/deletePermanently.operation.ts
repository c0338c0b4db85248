import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { booleanOf } from '../../helpers/parameterValues';
import { toMailchimpError } from '../../transport/errors';
import { AmbiguousMailchimpError } from '../../transport/retry';
import { ItemParameters } from '../itemParameters';
import { done } from '../outcome';
import { executeMemberOperation } from './memberOperation';
import { previewOnlyOptions } from './previewOption';
import { requireAudience } from './requireAudience';

const properties: INodeProperties[] = [
	{
		displayName:
			'Deleting permanently erases the contact and its history, and Mailchimp refuses the address from then on: it can never be imported or added again, only sign up again itself through a Mailchimp form. To take a contact out of the audience and keep the way back, use Archive.',
		name: 'deletePermanentlyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'I Understand This Cannot Be Undone',
		name: 'confirmDeletePermanently',
		type: 'boolean',
		default: false,
		description: 'Whether to really delete the contacts permanently; while off, the node stops before sending anything',
	},
	previewOnlyOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['deletePermanently'] } }, properties);

const NOT_IN_AUDIENCE = 'Not in the audience (or already deleted permanently)';

/**
 * Delete Permanently (GDPR erasure): irreversible. Every item must confirm it (Preview excepted:
 * it sends nothing), or the node stops before the first request. Missing → skipped.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	requireConfirmation(this);
	return executeMemberOperation(this, {
		async send(client, item) {
			try {
				await client.deleteMemberPermanently(item.audienceId, item.subscriberHash);
				return done('deleted');
			} catch (error) {
				const problem = toMailchimpError(error);
				if (problem.status !== 404) throw problem;
				await requireAudience(client, item.audienceId);
				// A retry after an attempt that may have landed finds nothing left: that attempt deleted it.
				if (problem instanceof AmbiguousMailchimpError) return done('deleted');
				return done('skipped', undefined, { reason: NOT_IN_AUDIENCE });
			}
		},
		async preview(client, item) {
			const member = await client.getMember(item.audienceId, item.subscriberHash, ['_links']);
			if (!member) {
				await requireAudience(client, item.audienceId);
				return done('skipped', undefined, { reason: NOT_IN_AUDIENCE, preview: {} });
			}
			return done('deleted', member.status, {
				preview: {
					request: { method: 'POST', path: `/lists/${item.audienceId}/members/${item.subscriberHash}/actions/delete-permanent` },
				},
			});
		},
	});
}

/** Read per item, like every parameter: one unconfirmed item stops the whole node, on purpose. */
function requireConfirmation(ctx: IExecuteFunctions): void {
	const params = new ItemParameters(ctx);
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const options = (params.get('options', itemIndex, {}) ?? {}) as { preview?: unknown };
		const preview = booleanOf(options.preview, 'Preview', false);
		if ('value' in preview && preview.value) continue;
		const confirmed = booleanOf(ctx.getNodeParameter('confirmDeletePermanently', itemIndex, false), 'I Understand This Cannot Be Undone', false);
		if ('problem' in confirmed) throw new NodeOperationError(ctx.getNode(), confirmed.problem, { itemIndex });
		if (!confirmed.value) {
			throw new NodeOperationError(ctx.getNode(), 'Nothing was deleted: "I Understand This Cannot Be Undone" is off', {
				itemIndex,
				description:
					'Deleting permanently cannot be undone and Mailchimp refuses the address from then on. Turn the switch on to delete, or use the Archive operation to keep the way back.',
			});
		}
	}
}
