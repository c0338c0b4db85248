import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { MailchimpApiError } from '../transport/errors';
import { ConnectionError } from '../transport/connection';
import { connect } from '../transport/connect';
import { readContact, type Contact } from './contacts';
import { explainProblem } from './explain';
import { AudienceCatalog } from './audienceCatalog';
import { ItemParameters } from './itemParameters';
import { failed, type Outcome } from './outcome';
import { previewContacts } from './preview';
import { ContactPush } from './push';
import { readSettings } from './settings';

/** Reads every item, pushes them together, and gives each item its outcome, in input order. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Mautic's "Push contacts to this integration" switch: off means a transparent pass-through.
	if (!this.getNodeParameter('pushContacts', 0, true)) return [items];

	const settings = readSettings(this);
	const invalid = new Map<number, Outcome>();
	let settled = new Map<number, Outcome>();
	const emails: Array<string | undefined> = [];
	const hashes: Array<string | undefined> = [];
	try {
		const client = await connect(this, { maxConcurrency: settings.maxConcurrency });
		const catalog = new AudienceCatalog(client, settings.audienceId);
		// A push starts sending while the items are still being read; a preview reads them all first.
		const push = settings.preview ? undefined : new ContactPush({ client, settings }, items.length);
		const toPreview: Contact[] = [];
		const params = new ItemParameters(this);
		for (let i = 0; i < items.length; i++) {
			const read = await readContact(this, params, i, catalog);
			emails[i] = read.email;
			if ('message' in read) {
				invalid.set(i, failed(read.message));
				continue;
			}
			hashes[i] = read.hash;
			if (push) await push.add(read);
			else toPreview.push(read);
		}
		settled = push ? await push.finish() : await previewContacts({ client, settings }, toPreview);
	} catch (error) {
		// Failures that concern no single item: the credential, the audience, the network.
		throw nodeLevelError(this, error);
	}

	let pushedCount = 0;
	for (const o of settled.values()) if (o.ok && o.action !== 'skipped') pushedCount++;
	return [
		items.map((_, i) => {
			const outcome = invalid.get(i) ?? settled.get(i)!;
			const json: IDataObject = { email: emails[i] ?? null, audienceId: settings.audienceId };
			if (hashes[i]) json.subscriberHash = hashes[i];
			if (outcome.ok) {
				Object.assign(json, { action: outcome.action, status: outcome.status });
				if (outcome.reason) json.reason = outcome.reason;
				if (outcome.welcomeJourneyTriggered !== undefined) json.welcomeJourneyTriggered = outcome.welcomeJourneyTriggered;
				if (outcome.preview) Object.assign(json, { preview: true }, outcome.preview);
				return { json, pairedItem: { item: i } };
			}
			if (!this.continueOnFail()) throw itemError(this, i, emails[i], outcome, pushedCount);
			if (outcome.action) Object.assign(json, { action: outcome.action, status: outcome.status });
			json.error = outcome.message;
			if (outcome.problem) json.errorDetails = outcome.problem.toJSON() as IDataObject;
			return { json, pairedItem: { item: i } };
		}),
	];
}

function itemError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	email: string | undefined,
	outcome: Extract<Outcome, { ok: false }>,
	pushedCount: number,
) {
	const message = `Item ${itemIndex}${email ? ` (${email})` : ''}: ${outcome.message}`;
	const description = `${pushedCount} other contact${pushedCount === 1 ? ' was' : 's were'} pushed. Turn on "On Error: Continue" to get an outcome for every item.`;
	if (!outcome.problem) return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	return new NodeApiError(ctx.getNode(), outcome.problem.toJSON() as JsonObject, {
		message,
		description,
		itemIndex,
		httpCode: outcome.problem.status ? String(outcome.problem.status) : undefined,
	});
}

function nodeLevelError(ctx: IExecuteFunctions, error: unknown) {
	if (error instanceof ConnectionError) return new NodeOperationError(ctx.getNode(), error.message);
	if (error instanceof MailchimpApiError) {
		return new NodeApiError(ctx.getNode(), error.toJSON() as JsonObject, {
			message: explainProblem(error),
			httpCode: error.status ? String(error.status) : undefined,
		});
	}
	return error;
}
