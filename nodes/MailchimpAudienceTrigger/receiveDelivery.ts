import { NodeOperationError, type IDataObject, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import {
	formFromParsedBody,
	MAX_PAYLOAD_BYTES,
	parseForm,
	PayloadTooLargeError,
	toAudienceEvent,
	type FormObject,
} from './payload';
import type { TriggerStaticData } from './audienceWebhookMethods';
import { SECRET_PARAMETER, secretMatches } from './webhookSecret';

/** Answers without starting an execution (the node writes the response itself). */
function answer(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

/**
 * One request to the node's URL. Mailchimp's validation GET gets a 200 and starts nothing; a
 * POST must carry the secret (401 otherwise) and becomes one item.
 */
export function receiveDelivery(ctx: IWebhookFunctions): IWebhookResponseData {
	if (ctx.getWebhookName() === 'setup') return answer(ctx, 200, 'Mailchimp Audience Trigger is listening');

	const data = ctx.getWorkflowStaticData('node') as TriggerStaticData;
	const query = ctx.getQueryData() as Record<string, unknown>;
	if (!secretMatches(query[SECRET_PARAMETER], data.secret)) return answer(ctx, 401, 'Unauthorized');

	const req = ctx.getRequestObject() as unknown as { rawBody?: unknown; body?: unknown };
	let form: FormObject;
	try {
		// n8n keeps the raw bytes: parsing them here keeps repeated keys, bytes that are not
		// UTF-8 and more than 1000 fields, which its own form parsing would lose.
		form = Buffer.isBuffer(req.rawBody) ? parseForm(req.rawBody) : formFromParsedBody(req.body);
	} catch (error) {
		if (error instanceof PayloadTooLargeError) return answer(ctx, 413, `A Mailchimp event has at most ${MAX_PAYLOAD_BYTES} bytes`);
		throw new NodeOperationError(ctx.getNode(), `The Mailchimp event could not be read: ${(error as Error).message}`);
	}
	const item = toAudienceEvent(form);
	if (!item.event) return answer(ctx, 400, 'Not a Mailchimp event: the form field "type" is missing');

	// Mailchimp sends only the chosen events; anything else (a webhook edited in Mailchimp) is acknowledged and dropped.
	const events = ctx.getNodeParameter('events', []) as string[];
	if (!events.includes(item.event)) return answer(ctx, 200, `Event "${item.event}" is not one this trigger listens for`);

	return { workflowData: [[{ json: item as unknown as IDataObject }]] };
}
