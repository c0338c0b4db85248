// Audience metadata: lists, merge fields, interest categories and interests.
import { links, page } from '../collections';
import { invalidResource, notFound } from '../problems';
import { ok, type Ctx, type Route } from '../router';
import { subscriberHash, type ListState } from '../store';
import { requireList } from './common';

function listRecord(ctx: Ctx, list: ListState): Record<string, unknown> {
	const dc = ctx.apiBase.replace(/^https?:\/\/([^.]+)\..*$/, '$1');
	return {
		id: list.id,
		web_id: list.web_id,
		name: list.name,
		contact: {
			company: list.company,
			address1: '675 Ponce de Leon Ave NE',
			address2: 'Suite 5000',
			city: 'Atlanta',
			state: 'GA',
			zip: '30308',
			country: 'US',
			phone: '',
		},
		permission_reminder: 'You are receiving this email because you opted in via our website.',
		use_archive_bar: true,
		campaign_defaults: { from_name: list.company, from_email: list.from_email, subject: '', language: 'en' },
		notify_on_subscribe: '',
		notify_on_unsubscribe: '',
		date_created: list.date_created,
		list_rating: 3,
		email_type_option: false,
		subscribe_url_short: `http://eepurl.com/${list.id.slice(0, 6)}`,
		subscribe_url_long: `https://${ctx.account.name}.${dc}.list-manage.com/subscribe?u=${list.id}${list.web_id}&id=${list.id}`,
		beamer_address: `${dc}-${list.id}@inbound.mailchimp.com`,
		visibility: 'prv',
		double_optin: list.double_optin,
		has_welcome: false,
		marketing_permissions: list.marketing_permissions,
		modules: [],
		stats: ctx.store.stats(list),
		_links: links(ctx.apiBase, `/lists/${list.id}`),
	};
}

function mergeFieldRecord(ctx: Ctx, list: ListState, f: ListState['mergeFields'][number]): Record<string, unknown> {
	return { ...structuredClone(f), list_id: list.id, _links: links(ctx.apiBase, `/lists/${list.id}/merge-fields/${f.merge_id}`) };
}

function requireCategory(ctx: Ctx, list: ListState) {
	const cat = list.interestCategories.find((c) => c.id === ctx.params.category_id);
	if (!cat) throw notFound();
	return cat;
}

function categoryRecord(ctx: Ctx, list: ListState, cat: ListState['interestCategories'][number]) {
	return {
		list_id: list.id,
		id: cat.id,
		title: cat.title,
		display_order: list.interestCategories.indexOf(cat),
		type: cat.type,
		_links: links(ctx.apiBase, `/lists/${list.id}/interest-categories/${cat.id}`),
	};
}

export const listRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/lists',
		handle(ctx) {
			let lists = [...ctx.account.lists];
			const email = ctx.query.email;
			if (email) lists = lists.filter((l) => l.members.has(subscriberHash(email)));
			if (ctx.query.sort_field) {
				if (ctx.query.sort_field !== 'date_created') throw invalidResource([{ field: 'sort_field', message: 'Value must be one of: date_created' }]);
				const dir = ctx.query.sort_dir === 'ASC' ? 1 : -1;
				lists.sort((a, b) => dir * a.date_created.localeCompare(b.date_created));
			}
			return ok({
				lists: page(lists, ctx.query).map((l) => listRecord(ctx, l)),
				total_items: lists.length,
				constraints: { may_create: true, max_instances: 100, current_total_instances: ctx.account.lists.length },
				_links: links(ctx.apiBase, '/lists'),
			});
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id',
		handle: (ctx) => ok(listRecord(ctx, requireList(ctx))),
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/merge-fields',
		handle(ctx) {
			const list = requireList(ctx);
			let fields = list.mergeFields;
			if (ctx.query.type) fields = fields.filter((f) => f.type === ctx.query.type);
			if (ctx.query.required) fields = fields.filter((f) => String(f.required) === ctx.query.required);
			return ok({
				merge_fields: page(fields, ctx.query).map((f) => mergeFieldRecord(ctx, list, f)),
				list_id: list.id,
				total_items: fields.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/merge-fields`),
			});
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/merge-fields/:merge_id',
		handle(ctx) {
			const list = requireList(ctx);
			const f = list.mergeFields.find((x) => String(x.merge_id) === ctx.params.merge_id);
			if (!f) throw notFound();
			return ok(mergeFieldRecord(ctx, list, f));
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/interest-categories',
		handle(ctx) {
			const list = requireList(ctx);
			let cats = list.interestCategories;
			if (ctx.query.type) cats = cats.filter((c) => c.type === ctx.query.type);
			return ok({
				list_id: list.id,
				categories: page(cats, ctx.query).map((c) => categoryRecord(ctx, list, c)),
				total_items: cats.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/interest-categories`),
			});
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/interest-categories/:category_id',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(categoryRecord(ctx, list, requireCategory(ctx, list)));
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/interest-categories/:category_id/interests',
		handle(ctx) {
			const list = requireList(ctx);
			const cat = requireCategory(ctx, list);
			const records = cat.interests.map((i, n) => ({
				category_id: cat.id,
				list_id: list.id,
				id: i.id,
				name: i.name,
				// Mailchimp returns this count as a string.
				subscriber_count: String([...list.members.values()].filter((m) => m.status === 'subscribed' && m.interests[i.id]).length),
				display_order: n,
				_links: links(ctx.apiBase, `/lists/${list.id}/interest-categories/${cat.id}/interests/${i.id}`),
			}));
			return ok({
				interests: page(records, ctx.query),
				list_id: list.id,
				category_id: cat.id,
				total_items: records.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/interest-categories/${cat.id}/interests`),
			});
		},
	},
];
