// Segments and tags. A tag is a static segment: the same ids appear in member records,
// GET /segments?type=static and tag-search, whichever route set the tag.
import { links, page } from '../collections';
import { badRequest, invalidResource, notFound } from '../problems';
import { ok, type Ctx, type Route } from '../router';
import { subscriberHash, type ListState, type Segment } from '../store';
import { requireList } from './common';
import { memberRecord } from './members';

export const MAX_SEGMENT_BATCH = 500;

function segmentRecord(ctx: Ctx, list: ListState, s: Segment): Record<string, unknown> {
	return {
		id: s.id,
		name: s.name,
		member_count: s.members.size,
		type: s.type,
		created_at: s.created_at,
		updated_at: s.updated_at,
		...(s.type === 'saved' ? { options: { match: 'all', conditions: [] } } : {}),
		list_id: list.id,
		_links: links(ctx.apiBase, `/lists/${list.id}/segments/${s.id}`),
	};
}

function requireSegment(ctx: Ctx, list: ListState): Segment {
	const s = list.segments.get(Number(ctx.params.segment_id));
	if (!s) throw notFound();
	return s;
}

function emailArray(body: Record<string, unknown>, field: string): string[] {
	const v = body[field];
	if (v === undefined) return [];
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
		throw invalidResource([{ field, message: `Schema describes array of strings` }]);
	}
	if (v.length > MAX_SEGMENT_BATCH) throw invalidResource([{ field, message: `Maximum of ${MAX_SEGMENT_BATCH} emails per call.` }]);
	return v as string[];
}

export const segmentRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/lists/:list_id/segments',
		handle(ctx) {
			const list = requireList(ctx);
			let segs = [...list.segments.values()];
			if (ctx.query.type) segs = segs.filter((s) => s.type === ctx.query.type);
			return ok({
				segments: page(segs, ctx.query).map((s) => segmentRecord(ctx, list, s)),
				list_id: list.id,
				total_items: segs.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/segments`),
			});
		},
	},
	{
		// Create a static segment (a tag), as bulk tagging does for a tag the audience lacks.
		method: 'POST',
		pattern: '/lists/:list_id/segments',
		handle(ctx) {
			const list = requireList(ctx);
			const body = (ctx.body ?? {}) as Record<string, unknown>;
			const name = typeof body.name === 'string' ? body.name.trim() : '';
			if (!name) throw invalidResource([{ field: 'name', message: 'This value should not be blank.' }]);
			if (body.options !== undefined) throw badRequest('Only static segments can be created by this sandbox.');
			if (ctx.store.findTag(list, name)) throw badRequest(`A segment or tag named "${name}" already exists.`);
			const seg = ctx.store.ensureTag(ctx.account, list, name, ctx.now);
			for (const email of emailArray(body, 'static_segment')) {
				const m = ctx.store.member(list, subscriberHash(email));
				if (m) ctx.store.addToSegment(list, seg, m.id, ctx.now);
			}
			return ok(segmentRecord(ctx, list, seg));
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/segments/:segment_id',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(segmentRecord(ctx, list, requireSegment(ctx, list)));
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/segments/:segment_id',
		handle(ctx) {
			const list = requireList(ctx);
			const seg = requireSegment(ctx, list);
			const body = (ctx.body ?? {}) as Record<string, unknown>;
			const toAdd = emailArray(body, 'members_to_add');
			const toRemove = emailArray(body, 'members_to_remove');
			if (seg.type !== 'static') throw badRequest('Members can only be added to or removed from static segments and tags.');
			const added: Record<string, unknown>[] = [];
			const removed: Record<string, unknown>[] = [];
			const missing: string[] = [];
			const apply = (emails: string[], into: Record<string, unknown>[], add: boolean) => {
				for (const email of emails) {
					const m = ctx.store.member(list, subscriberHash(email));
					if (!m) missing.push(email);
					else if (add ? ctx.store.addToSegment(list, seg, m.id, ctx.now) : ctx.store.removeFromSegment(list, seg, m.id, ctx.now)) {
						into.push(memberRecord(ctx, list, m));
					}
				}
			};
			apply(toAdd, added, true);
			apply(toRemove, removed, false);
			return ok({
				members_added: added,
				members_removed: removed,
				errors: missing.length ? [{ email_addresses: missing, error: 'Email addresses are not members of this list.' }] : [],
				total_added: added.length,
				total_removed: removed.length,
				error_count: missing.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/segments/${seg.id}`),
			});
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/tag-search',
		handle(ctx) {
			const list = requireList(ctx);
			const needle = (ctx.query.name ?? '').toLowerCase();
			const tags = [...list.segments.values()]
				.filter((s) => s.type === 'static' && s.name.toLowerCase().includes(needle))
				.map((s) => ({ id: s.id, name: s.name }));
			return ok({ tags, total_items: tags.length });
		},
	},
];
