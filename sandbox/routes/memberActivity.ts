// Activity on a member: events (POST → 204, GET lists them) and notes (POST → the note).
import { links, page } from '../collections';
import { addEvent, addNote, eventsOf, notesOf, type EventInput } from '../memberLifecycle';
import { noContent, ok, type Route } from '../router';
import { SANDBOX_ACCOUNTS } from '../seed';
import { requireList, requireMember } from './common';

export const memberActivityRoutes: Route[] = [
	{
		method: 'POST',
		pattern: '/lists/:list_id/members/:subscriber_hash/events',
		schema: 'member-event',
		handle(ctx) {
			const list = requireList(ctx);
			addEvent(ctx, list, requireMember(ctx, list), ctx.body as EventInput);
			return noContent();
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/members/:subscriber_hash/events',
		handle(ctx) {
			const list = requireList(ctx);
			const m = requireMember(ctx, list);
			const events = eventsOf(list, m);
			return ok({ events: page(events, ctx.query), total_items: events.length, _links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}/events`) });
		},
	},
	{
		method: 'POST',
		pattern: '/lists/:list_id/members/:subscriber_hash/notes',
		schema: 'member-note',
		handle(ctx) {
			const list = requireList(ctx);
			const m = requireMember(ctx, list);
			const note = addNote(ctx, list, m, (ctx.body as { note: string }).note, SANDBOX_ACCOUNTS[ctx.account.name].loginName);
			return ok({ ...note, _links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}/notes/${note.id}`) });
		},
	},
	{
		method: 'GET',
		pattern: '/lists/:list_id/members/:subscriber_hash/notes',
		handle(ctx) {
			const list = requireList(ctx);
			const m = requireMember(ctx, list);
			const notes = notesOf(list, m);
			return ok({
				notes: page(notes, ctx.query).map((n) => ({ ...n, _links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}/notes/${n.id}`) })),
				list_id: list.id,
				email_id: m.id,
				total_items: notes.length,
				_links: links(ctx.apiBase, `/lists/${list.id}/members/${m.id}/notes`),
			});
		},
	},
];
