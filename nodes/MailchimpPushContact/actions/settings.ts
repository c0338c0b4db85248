import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../helpers/batchSize';
import { parseJourneyTriggerUrl, type JourneyStep } from '../helpers/welcomeJourney';
import type { TagMode } from './tags';

/** What the node was asked to do, read once per execution (per-item values live in contacts.ts). */
export interface PushSettings {
	audienceId: string;
	doubleOptIn: boolean;
	/** Single opt-in only: the journey step to trigger for contacts this push created. */
	welcomeJourney?: JourneyStep;
	updateExisting: boolean;
	resubscribe: boolean;
	skipMergeValidation: boolean;
	maxConcurrency: number;
	/** Members per batch call as the user chose them; unset, the push sizes its calls (helpers/batchSize.ts). */
	batchSize?: number;
	tagMode: TagMode;
	/** Build and check what would be sent, without writing to Mailchimp. */
	preview: boolean;
}

export function readSettings(ctx: IExecuteFunctions): PushSettings {
	const audienceId = String(ctx.getNodeParameter('audience', 0, '', { extractValue: true }) ?? '').trim();
	if (!audienceId) throw new NodeOperationError(ctx.getNode(), 'Choose an audience to push contacts to');

	const doubleOptIn = ctx.getNodeParameter('doubleOptIn', 0, false) as boolean;
	const sendWelcomeEmail = ctx.getNodeParameter('sendWelcomeEmail', 0, false) as boolean;
	let welcomeJourney: JourneyStep | undefined;
	// With double opt-in Mailchimp sends the audience's final welcome e-mail itself on confirmation.
	if (sendWelcomeEmail && !doubleOptIn) {
		const url = ctx.getNodeParameter('welcomeJourneyUrl', 0, '') as string;
		welcomeJourney = parseJourneyTriggerUrl(url);
		if (!welcomeJourney) {
			throw new NodeOperationError(ctx.getNode(), 'The welcome journey URL is not a journey trigger URL', {
				description:
					'In Mailchimp, create a Customer Journey whose starting point is "API event" and paste the URL it shows, ending in /customer-journeys/journeys/{journey_id}/steps/{step_id}/actions/trigger',
			});
		}
	}

	const options = ctx.getNodeParameter('options', 0, {}) as {
		updateExisting?: boolean;
		resubscribe?: boolean;
		skipMergeValidation?: boolean;
		maxConcurrency?: number;
		batchSize?: number | string | null;
		tagMode?: TagMode;
		preview?: boolean;
	};
	return {
		audienceId,
		doubleOptIn,
		welcomeJourney,
		updateExisting: options.updateExisting ?? true,
		resubscribe: options.resubscribe ?? false,
		skipMergeValidation: options.skipMergeValidation ?? false,
		maxConcurrency: clamp(options.maxConcurrency ?? 10, 1, 10),
		batchSize: isSet(options.batchSize) ? clamp(Number(options.batchSize), 1, MAX_BATCH_SIZE) : undefined,
		tagMode: options.tagMode === 'sync' ? 'sync' : 'add',
		preview: options.preview ?? false,
	};
}

/** An option left out, or an expression that came out empty. */
function isSet(value: unknown): boolean {
	return value !== undefined && value !== null && String(value).trim() !== '';
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.round(Number(value) || min)));
}
