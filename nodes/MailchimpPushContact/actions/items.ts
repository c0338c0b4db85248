import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { ConnectionError } from '../transport/connection';
import { MailchimpApiError } from '../transport/errors';
import { explainProblem } from './explainProblem';
import type { Failed, Outcome } from './outcome';

/**
 * One input item on its way from input to output, whatever the operation: what it gave, where
 * it goes, and what happened. Operations extend it with what their steps need.
 */
export interface ItemRecord {
	itemIndex: number;
	/** The e-mail as the item gave it: trimmed text, other types as they came; never lost. */
	email: unknown;
	audienceId?: string;
	subscriberHash?: string;
	outcome?: Outcome;
	/** The item goes out as it came in (the push is switched off for it). */
	passThrough?: INodeExecutionData;
}

/** What the item gave as its e-mail, as the output keeps it: trimmed text, other types as they came. */
export function givenEmail(value: unknown): unknown {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : value;
}

/**
 * The output items, one per input item in input order with pairedItem, formatted once from the
 * records. Without "On Error: Continue" the first failed item stops the node, saying how many
 * other items were written.
 */
export function outputItems(ctx: IExecuteFunctions, records: ItemRecord[]): INodeExecutionData[][] {
	const continueOnFail = ctx.continueOnFail();
	if (!continueOnFail) {
		const failure = records.find((r) => !r.passThrough && !r.outcome?.ok);
		if (failure) throw itemError(ctx, failure, records);
	}
	return [
		records.map((record) => {
			const pairedItem = { item: record.itemIndex };
			return record.passThrough ? { ...record.passThrough, pairedItem } : { json: outputJson(record), pairedItem };
		}),
	];
}

export function outputJson(record: ItemRecord): IDataObject {
	const outcome = record.outcome ?? { ok: false, message: 'The node did not settle this item (a bug: please report it)' };
	const json: IDataObject = { email: record.email as IDataObject[string] };
	if (record.audienceId !== undefined) json.audienceId = record.audienceId;
	if (record.subscriberHash) json.subscriberHash = record.subscriberHash;
	if (outcome.action !== undefined) json.action = outcome.action;
	if (outcome.status !== undefined) json.status = outcome.status;
	if (outcome.ok) {
		if (outcome.reason) json.reason = outcome.reason;
		if (outcome.data) Object.assign(json, outcome.data);
	}
	if (outcome.welcomeJourneyTriggered !== undefined) json.welcomeJourneyTriggered = outcome.welcomeJourneyTriggered;
	if (outcome.ok && outcome.preview) Object.assign(json, { preview: true }, outcome.preview);
	if (!outcome.ok) {
		json.error = outcome.message;
		if (outcome.problem) json.errorDetails = outcome.problem.toJSON() as IDataObject;
	}
	return json;
}

/** Items whose contact Mailchimp now holds differently: done, and not merely skipped or previewed. */
function written(records: ItemRecord[]): ItemRecord[] {
	return records.filter(({ outcome }) => {
		if (!outcome?.action || outcome.action === 'skipped') return false;
		return outcome.ok ? !outcome.preview : true;
	});
}

/** How many listed by address in a stopped node's error, at most. */
const NAMED = 10;

function itemError(ctx: IExecuteFunctions, record: ItemRecord, records: ItemRecord[]) {
	const outcome = record.outcome as Failed;
	const email = record.subscriberHash ? ` (${String(record.email)})` : '';
	const message = `Item ${record.itemIndex}${email}: ${outcome.message}`;
	// Writes that already landed are not undone: say which, so nobody pushes blind again.
	const others = written(records).filter((r) => r !== record);
	const names = others.slice(0, NAMED).map((r) => `${String(r.email)} (${r.outcome!.action})`);
	const more = others.length > NAMED ? ` and ${others.length - NAMED} more` : '';
	const description =
		(others.length
			? `${others.length} other item${others.length === 1 ? ' was' : 's were'} written to Mailchimp: ${names.join(', ')}${more}.`
			: 'No other item was written to Mailchimp.') + ' Turn on "On Error: Continue" to get an outcome for every item.';
	const itemIndex = record.itemIndex;
	if (!outcome.problem) return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	return new NodeApiError(ctx.getNode(), outcome.problem.toJSON() as JsonObject, {
		message,
		description,
		itemIndex,
		httpCode: outcome.problem.status ? String(outcome.problem.status) : undefined,
	});
}

/** Failures that concern no single item (the credential, the network) as n8n errors; never a raw error. */
export function nodeLevelError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof ConnectionError) return new NodeOperationError(ctx.getNode(), error.message);
	if (error instanceof MailchimpApiError) {
		return new NodeApiError(ctx.getNode(), error.toJSON() as JsonObject, {
			message: explainProblem(error),
			httpCode: error.status ? String(error.status) : undefined,
		});
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error));
}
