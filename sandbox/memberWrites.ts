// Member writes shared by POST/PUT/PATCH member and batch subscribe: validation (rules.ts)
// first, then the change is applied in one go, so a rejected write never half-applies.
import {
	ApiProblem,
	emailInUse,
	forgottenEmail,
	invalidResource,
	invalidResourceDetail,
	memberExists,
	notFound,
} from './problems';
import {
	checkEmail,
	checkEmailType,
	checkInterests,
	checkMarketingPermissions,
	checkMergeFields,
	checkStatusChange,
} from './rules';
import type { Ctx } from './router';
import { mcTime, subscriberHash, type ListState, type StoredMember } from './store';
import type { MemberStatus } from './types';

/** A member body as the schemas allow it (already checked by the contract). */
export interface MemberInput {
	email_address?: string;
	status?: MemberStatus;
	status_if_new?: MemberStatus;
	email_type?: string;
	merge_fields?: Record<string, unknown>;
	interests?: Record<string, boolean>;
	language?: string;
	vip?: boolean;
	location?: { latitude?: number; longitude?: number };
	marketing_permissions?: Array<{ marketing_permission_id?: string; enabled?: boolean }>;
	ip_signup?: string;
	timestamp_signup?: string;
	ip_opt?: string;
	timestamp_opt?: string;
	tags?: string[];
}

export interface WriteOptions {
	skipMergeValidation: boolean;
}

type Apply = (m: StoredMember) => void;

/** Validates every field except status and returns the function that applies them. */
function prepare(list: ListState, input: MemberInput, creating: boolean, opts: WriteOptions): Apply {
	const merge =
		input.merge_fields !== undefined || creating
			? checkMergeFields(list, input.merge_fields, { creating, skipRequired: opts.skipMergeValidation })
			: undefined;
	const interests = input.interests !== undefined ? checkInterests(list, input.interests) : undefined;
	const permissions = input.marketing_permissions !== undefined ? checkMarketingPermissions(list, input.marketing_permissions) : undefined;
	const emailType = input.email_type !== undefined ? checkEmailType(input.email_type) : undefined;
	const stamp = (v: string | undefined) => (v ? mcTime(new Date(v)) : v);
	return (m) => {
		for (const [tag, value] of Object.entries(merge ?? {})) {
			if (value === '') delete m.merge_fields[tag];
			else m.merge_fields[tag] = value;
		}
		if (interests) Object.assign(m.interests, interests);
		for (const p of permissions ?? []) {
			const mine = m.marketing_permissions?.find((x) => x.marketing_permission_id === p.marketing_permission_id);
			if (mine) mine.enabled = p.enabled;
		}
		if (emailType) m.email_type = emailType;
		if (input.language !== undefined) m.language = input.language;
		if (input.vip !== undefined) m.vip = input.vip;
		if (input.location) m.location = { ...m.location, latitude: input.location.latitude ?? 0, longitude: input.location.longitude ?? 0 };
		if (input.ip_signup !== undefined) m.ip_signup = input.ip_signup;
		if (input.timestamp_signup !== undefined) m.timestamp_signup = stamp(input.timestamp_signup)!;
		if (input.ip_opt !== undefined) m.ip_opt = input.ip_opt;
		if (input.timestamp_opt !== undefined) m.timestamp_opt = stamp(input.timestamp_opt)!;
	};
}

/**
 * An archived member comes back only with an explicit `status` (PUT, PATCH, batch with
 * update_existing): `status_if_new` alone leaves it archived, as reported from real answers
 * (tbar0970/jethro-pmm#708, mailchimp/mc-woocommerce#951), and the new status is the one sent,
 * not the one it had (Stack Overflow 63584277). The status it had before archiving still decides
 * compliance: archiving an unsubscribed contact is no way around "Member In Compliance State".
 */
function setStatus(list: ListState, m: StoredMember, next: MemberStatus, now: string): void {
	const archived = m.status === 'archived';
	checkStatusChange(m.email_address, archived ? (list.archivedFrom.get(m.contact_id) ?? m.status) : m.status, next);
	if (next === m.status) return;
	if (archived) list.archivedFrom.delete(m.contact_id);
	m.status = next;
	if (next === 'subscribed') m.timestamp_opt = now;
}

/** Creates a member; `tags` (strings) apply on create only. */
function create(ctx: Ctx, list: ListState, input: MemberInput, status: MemberStatus, opts: WriteOptions): StoredMember {
	const email = checkEmail(input.email_address);
	const apply = prepare(list, input, true, opts);
	const m = ctx.store.newMember(ctx.account, list, email, status, ctx.now);
	if (status === 'pending') m.timestamp_signup = ctx.now;
	apply(m);
	ctx.store.insert(list, m);
	for (const name of input.tags ?? []) if (name.trim()) ctx.store.setTag(ctx.account, list, m.id, name, true, ctx.now);
	return m;
}

function rejectKnown(list: ListState, email: string): void {
	const hash = subscriberHash(email);
	if (list.members.has(hash)) throw memberExists(email);
	if (list.forgotten.has(hash)) throw forgottenEmail(email);
}

/** POST /lists/{id}/members: create only. */
export function createMember(ctx: Ctx, list: ListState, input: MemberInput, opts: WriteOptions): StoredMember {
	if (typeof input.email_address === 'string') rejectKnown(list, input.email_address);
	return create(ctx, list, input, input.status!, opts);
}

/**
 * PUT /lists/{id}/members/{hash}: upsert. status_if_new only on create; tags only on create.
 * On an existing member's hash a different email_address changes its address, as PATCH does
 * (Mailchimp's API changelog of November 2016: "through a PATCH or PUT call").
 */
export function upsertMember(ctx: Ctx, list: ListState, hash: string, input: MemberInput, opts: WriteOptions): StoredMember {
	const email = input.email_address ?? '';
	const existing = ctx.store.member(list, hash);
	if (subscriberHash(email) !== hash) {
		if (existing) return changeAddress(ctx, list, existing, email, input, opts);
		throw invalidResourceDetail(`The subscriber hash in the URL is not the MD5 of the lower-cased email_address ${email}.`);
	}
	if (existing) return update(ctx, list, existing, input, opts);
	if (list.forgotten.has(hash)) throw forgottenEmail(email);
	if (!input.status_if_new) throw invalidResource([{ field: 'status_if_new', message: 'Required fields were not provided: status_if_new' }]);
	return create(ctx, list, input, input.status_if_new, opts);
}

/** PATCH /lists/{id}/members/{hash}: existing members only; may change the address. */
export function patchMember(ctx: Ctx, list: ListState, hash: string, input: MemberInput, opts: WriteOptions): StoredMember {
	const existing = ctx.store.member(list, hash);
	if (!existing) throw notFound();
	if (input.email_address !== undefined && subscriberHash(input.email_address) !== hash) {
		return changeAddress(ctx, list, existing, input.email_address, input, opts);
	}
	return update(ctx, list, existing, input, opts);
}

/**
 * The member moves to a new address: same id/contact_id, fields, tags, status and history (events
 * and notes are kept by contact_id); only the subscriber hash changes. A new address that already
 * is a member (any status, archived too) or was permanently deleted is refused before anything changes.
 */
function changeAddress(ctx: Ctx, list: ListState, existing: StoredMember, newEmail: string, input: MemberInput, opts: WriteOptions): StoredMember {
	checkEmail(newEmail);
	const newHash = subscriberHash(newEmail);
	const taken = ctx.store.member(list, newHash);
	if (taken) throw emailInUse(newEmail, taken.status);
	if (list.forgotten.has(newHash)) throw forgottenEmail(newEmail);
	update(ctx, list, existing, input, opts);
	ctx.store.rehash(list, existing, newEmail);
	return existing;
}

/** An existing member: every field checked first, then the status change and the fields applied. */
function update(ctx: Ctx, list: ListState, existing: StoredMember, input: MemberInput, opts: WriteOptions): StoredMember {
	const apply = prepare(list, input, false, opts);
	if (input.status) setStatus(list, existing, input.status, ctx.now);
	apply(existing);
	existing.last_changed = ctx.now;
	return existing;
}

export interface BatchOptions extends WriteOptions {
	updateExisting: boolean;
	syncTags: boolean;
}

/** One member of POST /lists/{id} (`hash`: of its address): same rules, batch flavour of "exists". */
export function batchMember(
	ctx: Ctx,
	list: ListState,
	hash: string,
	input: MemberInput,
	opts: BatchOptions,
): { member: StoredMember; created: boolean } {
	const email = input.email_address ?? '';
	const existing = ctx.store.member(list, hash);
	const tags = input.tags;
	if (!existing) {
		if (list.forgotten.has(hash)) throw forgottenEmail(email);
		if (!input.status) throw invalidResource([{ field: 'status', message: 'Please enter a value' }], 'A status is required to add a new member.');
		return { member: create(ctx, list, input, input.status, opts), created: true };
	}
	if (!opts.updateExisting) {
		throw new ApiProblem(
			400,
			'Member Exists',
			`${existing.email_address} is already a list member, do you want to update? please provide update_existing:true in the request body`,
		);
	}
	update(ctx, list, existing, input, opts);
	if (tags && opts.syncTags) ctx.store.syncTags(ctx.account, list, hash, tags.filter((t) => t.trim()), ctx.now);
	else for (const t of tags ?? []) if (t.trim()) ctx.store.setTag(ctx.account, list, hash, t, true, ctx.now);
	return { member: existing, created: false };
}
