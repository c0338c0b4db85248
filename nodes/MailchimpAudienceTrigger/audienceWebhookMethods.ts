import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { connect } from '../MailchimpPushContact/transport/connect';
import { MailchimpApiError } from '../MailchimpPushContact/transport/errors';
import type { AudienceWebhook } from '../MailchimpPushContact/transport/types';
import { AUDIENCE_EVENTS, EVENT_SOURCES, type AudienceEvent, type EventSource } from './payload';
import { newSecret, secretMatches, secretOf, urlWithoutQuery, urlWithSecret } from './webhookSecret';

/**
 * What the node keeps in the workflow's static data (per node). n8n keeps a separate copy for
 * "Listen for test event", so the test URL gets its own secret and never disturbs the production one.
 */
export interface TriggerStaticData extends IDataObject {
	secret?: string;
	webhookId?: string;
	audienceId?: string;
}

interface Wanted {
	audienceId: string;
	url: string;
	events: Record<AudienceEvent, boolean>;
	sources: Record<EventSource, boolean>;
}

function wanted(ctx: IHookFunctions): Wanted {
	const audienceId = String(ctx.getNodeParameter('audience', '', { extractValue: true }) ?? '').trim();
	if (!audienceId) throw new NodeOperationError(ctx.getNode(), 'Choose the audience whose changes start the workflow');
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave no webhook URL for this node');
	const events = ctx.getNodeParameter('events', []) as string[];
	const sources = ctx.getNodeParameter('sources', []) as string[];
	if (!events.length) throw new NodeOperationError(ctx.getNode(), 'Choose at least one event');
	if (!sources.length) throw new NodeOperationError(ctx.getNode(), 'Choose at least one source');
	return {
		audienceId,
		url,
		events: Object.fromEntries(AUDIENCE_EVENTS.map((e) => [e, events.includes(e)])) as Wanted['events'],
		sources: Object.fromEntries(EVENT_SOURCES.map((s) => [s, sources.includes(s)])) as Wanted['sources'],
	};
}

/** Webhooks of the audience registered for this node's URL (any secret, any events). */
function ours(webhooks: AudienceWebhook[], url: string): AudienceWebhook[] {
	const base = urlWithoutQuery(url);
	return webhooks.filter((w) => urlWithoutQuery(w.url) === base);
}

function sameFlags(actual: Partial<Record<string, boolean>>, expected: Record<string, boolean>): boolean {
	return Object.entries(expected).every(([k, v]) => (actual[k] === true) === v);
}

/** Mailchimp's message (never the URL: it carries the secret) as a node error. */
function failure(ctx: IHookFunctions, what: string, error: unknown): NodeOperationError {
	if (error instanceof MailchimpApiError) {
		const fields = error.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
		return new NodeOperationError(ctx.getNode(), `${what}: ${error.message}${fields ? ` (${fields})` : ''}`, {
			description:
				error.status === 404
					? 'The audience was not found: check the Audience parameter and the credential\'s account.'
					: 'Mailchimp checks the URL with a GET before it saves a webhook, so n8n must be reachable from the internet (WEBHOOK_URL / N8N_WEBHOOK_URL).',
		});
	}
	return new NodeOperationError(ctx.getNode(), `${what}: ${(error as Error).message}`);
}

export const audienceWebhookMethods = {
	/**
	 * Found when the audience has exactly one webhook for this node's URL, with the secret kept
	 * in static data and the chosen events and sources. Anything else (none, a stale secret,
	 * other events, duplicates) is "not found", and create() puts it right.
	 */
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const want = wanted(this);
		const data = this.getWorkflowStaticData('node') as TriggerStaticData;
		if (!data.secret) return false;
		let webhooks: AudienceWebhook[];
		try {
			webhooks = await (await connect(this)).webhooks(want.audienceId);
		} catch (error) {
			throw failure(this, 'Could not read the audience\'s webhooks', error);
		}
		const mine = ours(webhooks, want.url);
		const found =
			mine.length === 1 &&
			secretMatches(secretOf(mine[0].url), data.secret) &&
			sameFlags(mine[0].events, want.events) &&
			sameFlags(mine[0].sources, want.sources);
		if (found) {
			data.webhookId = mine[0].id;
			data.audienceId = want.audienceId;
		}
		return found;
	},

	/**
	 * Removes any webhook left for this node's URL first: Mailchimp refuses a second webhook
	 * with the same URL even when only the query differs, and a stale one (another secret)
	 * would only collect 401s. Then registers the URL with a fresh secret.
	 */
	async create(this: IHookFunctions): Promise<boolean> {
		const want = wanted(this);
		const data = this.getWorkflowStaticData('node') as TriggerStaticData;
		const client = await connect(this);
		try {
			for (const stale of ours(await client.webhooks(want.audienceId), want.url)) {
				await client.deleteWebhook(want.audienceId, stale.id);
			}
		} catch (error) {
			throw failure(this, 'Could not read the audience\'s webhooks', error);
		}
		const secret = newSecret();
		// Stored before Mailchimp's validation GET and first deliveries can arrive.
		data.secret = secret;
		let created: AudienceWebhook;
		try {
			created = await client.createWebhook(want.audienceId, {
				url: urlWithSecret(want.url, secret),
				events: want.events,
				sources: want.sources,
			});
		} catch (error) {
			delete data.secret;
			throw failure(this, 'Mailchimp did not register the webhook', error);
		}
		data.webhookId = created.id;
		data.audienceId = want.audienceId;
		return true;
	},

	/** Deletes this node's webhook(s) on the audience it registered on; nothing else. */
	async delete(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node') as TriggerStaticData;
		const url = this.getNodeWebhookUrl('default');
		let audienceId = data.audienceId;
		if (!audienceId) {
			try {
				audienceId = wanted(this).audienceId;
			} catch {
				return true; // never configured, so never registered
			}
		}
		if (!url) return true;
		const client = await connect(this);
		try {
			for (const mine of ours(await client.webhooks(audienceId), url)) await client.deleteWebhook(audienceId, mine.id);
		} catch (error) {
			// The audience itself is gone: so are its webhooks.
			if (!(error instanceof MailchimpApiError && error.status === 404)) throw failure(this, 'Could not delete the webhook', error);
		}
		delete data.secret;
		delete data.webhookId;
		delete data.audienceId;
		return true;
	},
};
