// Lookups shared by route modules; each throws the 404 Mailchimp answers for a missing id.
import { notFound } from '../problems';
import type { Ctx } from '../router';
import type { ListState, StoredMember } from '../store';

export function requireList(ctx: Ctx): ListState {
	const list = ctx.store.list(ctx.account, ctx.params.list_id);
	if (!list) throw notFound();
	return list;
}

/** Forgotten members are gone for good: 404 like any unknown hash. */
export function requireMember(ctx: Ctx, list: ListState): StoredMember {
	const member = ctx.store.member(list, ctx.params.subscriber_hash);
	if (!member) throw notFound();
	return member;
}

export const isTrue = (v: string | undefined) => v === 'true';
