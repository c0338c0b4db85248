// Member routes: read, create (POST), upsert (PUT), update (PATCH), archive (DELETE), permanent
// delete and the tags endpoint.
import { links, page } from '../collections';
import { archiveMember, deleteMemberPermanently } from '../memberLifecycle';
import { createMember, patchMember, upsertMember, type MemberInput } from '../memberWrites';
import { invalidResource } from '../problems';
import { noContent, ok, type Ctx, type Route } from '../router';
import type { ListState, StoredMember } from '../store';
import { isTrue, requireList, requireMember } from './common';

export function memberRecord(ctx: Ctx, list: ListState, m: StoredMember): Record<string, unknown> {
	return { ...ctx.store.view(list, m), _links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}`) };
}

/** An ISO 8601 query filter as milliseconds; a malformed one is a 400, like Mailchimp's. */
function timeParam(query: Record<string, string>, name: string): number | undefined {
	if (!query[name]) return undefined;
	const t = Date.parse(query[name]);
	if (Number.isNaN(t)) throw invalidResource([{ field: name, message: 'Please enter a valid date and time.' }]);
	return t;
}

const writeOpts = (ctx: Ctx) => ({ skipMergeValidation: isTrue(ctx.query.skip_merge_validation) });

export const memberRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/lists/:list_id/members',
		handle(ctx) {
			const list = requireList(ctx);
			let members = [...list.members.values()];
			// Archived contacts are out of the audience (and the bill): listed only when asked for by
			// status=archived. Mailchimp's reference does not say; integrators report having no way to
			// list "all contacts, including archived" (brandonseydel/MailChimp.Net#529).
			if (ctx.query.status) members = members.filter((m) => m.status === ctx.query.status);
			else members = members.filter((m) => m.status !== 'archived');
			if (isTrue(ctx.query.vip_only)) members = members.filter((m) => m.vip);
			const since = timeParam(ctx.query, 'since_last_changed');
			const before = timeParam(ctx.query, 'before_last_changed');
			if (since !== undefined) members = members.filter((m) => Date.parse(m.last_changed) > since);
			if (before !== undefined) members = members.filter((m) => Date.parse(m.last_changed) < before);
			if (ctx.query.email_type) members = members.filter((m) => m.email_type === ctx.query.email_type);
			return ok({
				members: page(members, ctx.query).map((m) => memberRecord(ctx, list, m)),
				list_id: list.id,
				total_items: members.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/members`),
			});
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/members/:subscriber_hash',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(memberRecord(ctx, list, requireMember(ctx, list)));
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/members',
		schema: 'post-member',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(memberRecord(ctx, list, createMember(ctx, list, ctx.body as MemberInput, writeOpts(ctx))));
		},
	},
	{
		method: 'PUT',
		pattern: '/lists/:list_id/members/:subscriber_hash',
		schema: 'put-member',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(memberRecord(ctx, list, upsertMember(ctx, list, ctx.params.subscriber_hash, ctx.body as MemberInput, writeOpts(ctx))));
		},
	},
	{
		method: 'PATCH',
		pattern: '/lists/:list_id/members/:subscriber_hash',
		schema: 'patch-member',
		handle(ctx) {
			const list = requireList(ctx);
			return ok(memberRecord(ctx, list, patchMember(ctx, list, ctx.params.subscriber_hash, ctx.body as MemberInput, writeOpts(ctx))));
		},
	},
	{
		method: 'DELETE',
		pattern: '/lists/:list_id/members/:subscriber_hash',
		handle(ctx) {
			const list = requireList(ctx);
			archiveMember(ctx, list, requireMember(ctx, list));
			return noContent();
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/members/:subscriber_hash/actions/delete-permanent',
		handle(ctx) {
			const list = requireList(ctx);
			deleteMemberPermanently(ctx, list, requireMember(ctx, list));
			return noContent();
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/members/:subscriber_hash/tags',
		handle(ctx) {
			const list = requireList(ctx);
			const m = requireMember(ctx, list);
			const tags = ctx.store.tagsOf(list, m.id).map((t) => ({ ...t, date_added: list.segments.get(t.id)!.updated_at }));
			return ok({ tags: page(tags, ctx.query), total_items: tags.length, _links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}/tags`) });
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/members/:subscriber_hash/tags',
		schema: 'member-tags',
		handle(ctx) {
			const list = requireList(ctx);
			const m = requireMember(ctx, list);
			const body = ctx.body as { tags: Array<{ name: string; status: 'active' | 'inactive' }> };
			const blank = body.tags.findIndex((t) => !t.name.trim());
			if (blank >= 0) throw invalidResource([{ field: `tags.${blank}.name`, message: 'Tag name cannot be blank' }]);
			for (const t of body.tags) ctx.store.setTag(ctx.account, list, m.id, t.name, t.status === 'active', ctx.now);
			m.last_changed = ctx.now;
			return noContent();
		},
	},
];
