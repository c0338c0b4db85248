// Audience webhooks: GET|POST /lists/{id}/webhooks, GET|PATCH|DELETE /lists/{id}/webhooks/{webhook_id}.
// Bodies follow Mailchimp's documented shapes (the official schemas beside the package hold none
// for webhooks): {url, events{…}, sources{…}} in, {id, url, events, sources, list_id, _links} out.
import { links } from '../collections';
import { notFound } from '../problems';
import { noContent, ok, type Ctx, type Route } from '../router';
import type { ListState } from '../store';
import {
	createWebhook,
	deleteWebhook,
	findWebhook,
	listWebhooks,
	updateWebhook,
	type StoredWebhook,
	type WebhookInput,
} from '../webhooks';
import { requireList } from './common';

function record(ctx: Ctx, list: ListState, w: StoredWebhook): Record<string, unknown> {
	return {
		id: w.id,
		url: w.url,
		events: { ...w.events },
		sources: { ...w.sources },
		list_id: list.id,
		_links: links(ctx.apiBase, `/lists/${list.id}/webhooks/${w.id}`),
	};
}

function requireWebhook(ctx: Ctx, list: ListState): StoredWebhook {
	const w = findWebhook(list, ctx.params.webhook_id);
	if (!w) throw notFound();
	return w;
}

const body = (ctx: Ctx) => (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as WebhookInput;

export const webhookRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/lists/:list_id/webhooks',
		handle(ctx) {
			const list = requireList(ctx);
			const hooks = listWebhooks(list);
			return ok({
				webhooks: hooks.map((w) => record(ctx, list, w)),
				list_id: list.id,
				total_items: hooks.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/webhooks`),
			});
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/webhooks',
		async handle(ctx) {
			const list = requireList(ctx);
			return ok(record(ctx, list, await createWebhook(list, body(ctx))));
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/webhooks/:webhook_id',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(record(ctx, list, requireWebhook(ctx, list)));
		},
	},
	{
		method: 'PATCH',
		pattern: '/lists/:list_id/webhooks/:webhook_id',
		async handle(ctx) {
			const list = requireList(ctx);
			return ok(record(ctx, list, await updateWebhook(list, requireWebhook(ctx, list), body(ctx))));
		},
	},
	{
		method: 'DELETE',
		pattern: '/lists/:list_id/webhooks/:webhook_id',
		handle(ctx) {
			const list = requireList(ctx);
			if (!deleteWebhook(list, ctx.params.webhook_id)) throw notFound();
			return noContent();
		},
	},
];
