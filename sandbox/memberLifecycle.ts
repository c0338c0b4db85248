// The rest of a member's life beyond writes: archive, permanent delete, events and notes.
// Where Mailchimp's documentation leaves the behaviour open, the choice and its source are
// written beside the code; the router turns every thrown ApiProblem into the HTTP answer.
import { cannotArchive, invalidResource } from './problems';
import type { Ctx } from './router';
import { checkEventName, checkNote } from './rules';
import { type ListState, type StoredMember } from './store';
import type { MemberEvent, MemberNote } from './types';

/**
 * DELETE /lists/{id}/members/{hash}: the member stays, with status `archived`. Cleaned ("bounced"),
 * pending and archived members are refused with the 405 real answers carry. Unsubscribed and
 * transactional members may be archived (only the three are named in that answer).
 */
export function archiveMember(ctx: Ctx, list: ListState, m: StoredMember): void {
	if (m.status === 'cleaned' || m.status === 'pending' || m.status === 'archived') throw cannotArchive();
	list.archivedFrom.set(m.contact_id, m.status);
	m.status = 'archived';
	m.last_changed = ctx.now;
}

/**
 * POST …/actions/delete-permanent: any status (archived too, as in Mailchimp's app). Afterwards
 * the hash answers 404 and every import of the address "Forgotten Email Not Subscribed".
 */
export function deleteMemberPermanently(ctx: Ctx, list: ListState, m: StoredMember): void {
	ctx.store.forget(list, m, ctx.now);
}

export interface EventInput {
	name: string;
	properties?: Record<string, string>;
	is_syncing?: boolean;
	occurred_at?: string;
}

/**
 * POST …/events → 204. The body's shape (string property values, date-time occurred_at) is
 * checked by the contract; the name rule here. Events are accepted for a member of any status,
 * archived included: Mailchimp says only that the contact must be in the audience.
 */
export function addEvent(ctx: Ctx, list: ListState, m: StoredMember, input: EventInput): MemberEvent {
	checkEventName(input.name);
	const occurred = input.occurred_at ? new Date(input.occurred_at) : undefined;
	if (occurred && Number.isNaN(occurred.getTime())) throw invalidResource([{ field: 'occurred_at', message: 'Please enter a valid date and time.' }]);
	const event: MemberEvent = {
		name: input.name,
		properties: { ...input.properties },
		occurred_at: occurred ? occurred.toISOString().replace(/\.\d{3}Z$/, '+00:00') : ctx.now,
		is_syncing: input.is_syncing === true,
	};
	let events = list.events.get(m.contact_id);
	if (!events) list.events.set(m.contact_id, (events = []));
	events.push(event);
	return event;
}

export function eventsOf(list: ListState, m: StoredMember): MemberEvent[] {
	return (list.events.get(m.contact_id) ?? []).map((e) => ({ ...e, properties: { ...e.properties } }));
}

/** POST …/notes → the note. `created_by` is the account's login, as for notes made with its API key. */
export function addNote(ctx: Ctx, list: ListState, m: StoredMember, text: string, author: string): MemberNote {
	checkNote(text);
	const note: MemberNote = {
		id: ctx.account.nextNoteId++,
		created_at: ctx.now,
		created_by: author,
		updated_at: ctx.now,
		note: text,
		list_id: list.id,
		email_id: m.id,
		contact_id: m.contact_id,
	};
	let notes = list.notes.get(m.contact_id);
	if (!notes) list.notes.set(m.contact_id, (notes = []));
	notes.push(note);
	return note;
}

/** Notes as they are now: `email_id` follows the member's current address. */
export function notesOf(list: ListState, m: StoredMember): MemberNote[] {
	return (list.notes.get(m.contact_id) ?? []).map((n) => ({ ...n, email_id: m.id }));
}
