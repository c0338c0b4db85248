import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../../../helpers/batchSize';
import { booleanOf, wholeNumberOf } from '../../../helpers/parameterValues';
import { parseJourneyTriggerUrl, type JourneyStep } from '../../../helpers/welcomeJourney';
import { MAILCHIMP_CONNECTION_LIMIT } from '../../../transport/limiter';
import type { ItemParameters } from '../../itemParameters';
import type { TagMode } from '../../../helpers/tagChange';

/** What belongs to the execution, not to an item: read once, from the first item. */
export interface ExecutionSettings {
	maxConcurrency: number;
	/** Members per batch call as the user chose them; unset, the push sizes its calls (helpers/batchSize.ts). */
	batchSize?: number;
}

/** How one contact is pushed: every one of these is read for its own item. */
export interface ContactSettings {
	doubleOptIn: boolean;
	/** Single opt-in only: the journey step to trigger if this push creates the contact. */
	welcomeJourney?: JourneyStep;
	updateExisting: boolean;
	resubscribe: boolean;
	skipMergeValidation: boolean;
	tagMode: TagMode;
	/** Build and check what would be sent, without writing to Mailchimp. */
	preview: boolean;
}

/** The options as the collection holds them for an item. */
export interface PushOptions {
	updateExisting?: unknown;
	resubscribe?: unknown;
	skipMergeValidation?: unknown;
	maxConcurrency?: unknown;
	batchSize?: unknown;
	tagMode?: unknown;
	preview?: unknown;
	[key: string]: unknown;
}

export function readExecutionSettings(ctx: IExecuteFunctions, options: PushOptions): ExecutionSettings {
	const concurrency = wholeNumberOf(options.maxConcurrency, 'Max Concurrent Requests', 1, MAILCHIMP_CONNECTION_LIMIT);
	const batchSize = wholeNumberOf(options.batchSize, 'Batch Size', 1, MAX_BATCH_SIZE);
	for (const read of [concurrency, batchSize]) {
		if ('problem' in read) throw new NodeOperationError(ctx.getNode(), read.problem);
	}
	return {
		maxConcurrency: (concurrency as { value?: number }).value ?? MAILCHIMP_CONNECTION_LIMIT,
		batchSize: (batchSize as { value?: number }).value,
	};
}

/**
 * An item's options that must agree with the execution's: an expression that gives another value
 * for a later item is that item's error, never silently replaced by the first item's value.
 */
export function executionMismatch(execution: ExecutionSettings, options: PushOptions): string | undefined {
	const concurrency = wholeNumberOf(options.maxConcurrency, 'Max Concurrent Requests', 1, MAILCHIMP_CONNECTION_LIMIT);
	const batchSize = wholeNumberOf(options.batchSize, 'Batch Size', 1, MAX_BATCH_SIZE);
	if ('problem' in concurrency) return concurrency.problem;
	if ('problem' in batchSize) return batchSize.problem;
	if ((concurrency.value ?? MAILCHIMP_CONNECTION_LIMIT) !== execution.maxConcurrency) {
		return `Max Concurrent Requests is set once per execution (${execution.maxConcurrency}, from the first item); this item gives ${concurrency.value}`;
	}
	if (batchSize.value !== execution.batchSize) {
		return `Batch Size is set once per execution (${execution.batchSize ?? 'automatic'}, from the first item); this item gives ${batchSize.value ?? 'none'}`;
	}
	return undefined;
}

/** Journey URLs parsed once each, and each distinct settings object made once: most pushes use one of each for every item. */
export interface SettingsCache {
	urls: Map<string, JourneyStep | undefined>;
	settings: Map<string, ContactSettings>;
}

export function readContactSettings(
	params: ItemParameters,
	itemIndex: number,
	options: PushOptions,
	cache: SettingsCache,
): ContactSettings | { problem: string } {
	const flags = {
		doubleOptIn: booleanOf(params.get('doubleOptIn', itemIndex, false), 'Double Opt-In', false),
		sendWelcomeEmail: booleanOf(params.get('sendWelcomeEmail', itemIndex, false), 'Send Welcome Email', false),
		updateExisting: booleanOf(options.updateExisting, 'Update Existing', true),
		resubscribe: booleanOf(options.resubscribe, 'Resubscribe', false),
		skipMergeValidation: booleanOf(options.skipMergeValidation, 'Skip Merge Validation', false),
		preview: booleanOf(options.preview, 'Preview', false),
	};
	const values: Record<string, boolean> = {};
	for (const [key, read] of Object.entries(flags)) {
		if ('problem' in read) return read;
		values[key] = read.value;
	}
	const tagMode = options.tagMode ?? 'add';
	if (tagMode !== 'add' && tagMode !== 'sync') return { problem: `Tag Mode must be "add" or "sync", got ${JSON.stringify(tagMode)}` };

	let welcomeJourney: JourneyStep | undefined;
	let url = '';
	// With double opt-in Mailchimp sends the audience's final welcome e-mail itself on confirmation.
	if (values.sendWelcomeEmail && !values.doubleOptIn) {
		url = String(params.get('welcomeJourneyUrl', itemIndex, '') ?? '');
		if (!cache.urls.has(url)) cache.urls.set(url, parseJourneyTriggerUrl(url));
		welcomeJourney = cache.urls.get(url);
		if (!welcomeJourney) {
			return {
				problem:
					'The welcome journey URL is not a journey trigger URL: in Mailchimp, create a Customer Journey whose starting point is "API event" and paste the URL it shows, ending in /customer-journeys/journeys/{journey_id}/steps/{step_id}/actions/trigger',
			};
		}
	}
	// Most pushes give every item the same settings: one shared copy, not one per contact.
	const key = `${+values.doubleOptIn}${+values.updateExisting}${+values.resubscribe}${+values.skipMergeValidation}${+values.preview} ${tagMode} ${welcomeJourney ? url : ''}`;
	let shared = cache.settings.get(key);
	if (!shared) {
		const settings: ContactSettings = {
			doubleOptIn: values.doubleOptIn,
			welcomeJourney,
			updateExisting: values.updateExisting,
			resubscribe: values.resubscribe,
			skipMergeValidation: values.skipMergeValidation,
			tagMode,
			preview: values.preview,
		};
		cache.settings.set(key, (shared = Object.freeze(settings)));
	}
	return shared;
}
