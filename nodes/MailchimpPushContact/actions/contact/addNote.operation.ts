import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../itemParameters';
import { done, failed } from '../outcome';
import { executeMemberOperation, writeOnce, type MemberItem } from './memberOperation';
import { previewOnlyOptions } from './previewOption';

/** Mailchimp's limit on a note (its reference: "Note length is limited to 1,000 characters"). */
export const NOTE_MAX_LENGTH = 1000;

/** "Add Note": the parameters. Their names are stored in users' workflows: never rename them. */
const properties: INodeProperties[] = [
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Asked for a demo of the Pro plan',
		description: `Text shown on the contact's profile in Mailchimp, for whoever reads it (at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters)`,
	},
	previewOnlyOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['addNote'] } }, properties);

export interface NoteItem extends MemberItem {
	note: string;
}

const NOT_IN_AUDIENCE = 'Not in the audience: add the contact first (Create or Update), then the note';

/**
 * Add Note: POST …/members/{hash}/notes for each item. Not idempotent, so an answer lost on the
 * way is never sent again: the item says the note may or may not have been added.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return executeMemberOperation<NoteItem>(this, {
		read: readNote,
		send: (client, item) =>
			writeOnce(
				client,
				item,
				async () => done('noteAdded', undefined, { data: { noteId: (await client.addMemberNote(item.audienceId, item.subscriberHash, item.note)).id } }),
				{ what: 'the note', done: 'added', doAgain: 'add it', where: 'the contact\'s notes', notInAudience: NOT_IN_AUDIENCE },
			),
		async preview(client, item) {
			const member = await client.getMember(item.audienceId, item.subscriberHash);
			if (!member) return done('skipped', undefined, { reason: NOT_IN_AUDIENCE, preview: {} });
			return done('noteAdded', member.status, {
				preview: {
					request: { method: 'POST', path: `/lists/${item.audienceId}/members/${item.subscriberHash}/notes`, body: { note: item.note } },
				},
			});
		},
	});
}

function readNote(params: ItemParameters, item: MemberItem): NoteItem | MemberItem {
	const note = noteOf(params.get('note', item.itemIndex, ''));
	if ('problem' in note) return { ...item, outcome: failed(note.problem) };
	return { ...item, note: note.value };
}

/** The note as given, or why Mailchimp would refuse it: blank, or over its length limit. */
export function noteOf(value: unknown): { value: string } | { problem: string } {
	const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
	if (text === undefined && value !== undefined && value !== null) {
		return { problem: `The note must be text, got ${typeof value === 'object' ? 'an object' : typeof value}` };
	}
	if (!text || !text.trim()) return { problem: 'The note is empty: Mailchimp does not take a blank note' };
	// Characters as a reader counts them: an emoji is one, not two UTF-16 units.
	const length = [...text].length;
	if (length > NOTE_MAX_LENGTH) {
		return {
			problem: `The note is ${length.toLocaleString('en-US')} characters long: Mailchimp takes at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')}`,
		};
	}
	return { value: text };
}
