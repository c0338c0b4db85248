import type { IDataObject } from 'n8n-workflow';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS, subscriberHash } from '../../../../../sandbox';
import { failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const addNote = (items: IDataObject[], parameters: Record<string, unknown> = {}, node = {}) =>
	push({ parameters: { operation: 'addNote', note: '={{ $json.note }}', ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const notesOf = (email: string) => sandbox().memberNotes('acme', LIST, email);
const notePosts = () => sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/notes'));

describe('Add Note', () => {
	it('adds the note and outputs its id', async () => {
		const run = await addNote([{ email: ADA, note: 'Asked for a demo of the Pro plan' }]);
		const [note] = notesOf(ADA);
		expect(note).toMatchObject({ note: 'Asked for a demo of the Pro plan', email_id: subscriberHash(ADA), list_id: LIST });
		expect(run.json).toEqual([
			{ email: ADA, audienceId: LIST, subscriberHash: subscriberHash(ADA), action: 'noteAdded', noteId: note.id },
		]);
		expect(typeof note.id).toBe('number');
	});

	it('takes the note per item, as typed or by expression; numbers are written out', async () => {
		const run = await addNote(
			[
				{ email: ADA, note: 'First call' },
				{ email: ADA, note: 42 },
				{ email: SEEDED_MEMBERS.subscribed2, note: 'Line one\nLine two 👋' },
			],
		);
		expect(run.json.map((j) => j.action)).toEqual(['noteAdded', 'noteAdded', 'noteAdded']);
		// Same-member items in item order: the ids say which came first.
		expect(notesOf(ADA).map((n) => [n.id, n.note])).toEqual([
			[run.json[0].noteId, 'First call'],
			[run.json[1].noteId, '42'],
		]);
		expect(notesOf(SEEDED_MEMBERS.subscribed2).map((n) => n.note)).toEqual(['Line one\nLine two 👋']);
		const literal = await addNote([{ email: ADA }], { note: 'Typed in the editor' });
		expect(literal.json[0]).toMatchObject({ action: 'noteAdded' });
		expect(notesOf(ADA).map((n) => n.note)).toContain('Typed in the editor');
	});

	it('refuses a blank note and one over 1,000 characters before sending, and takes exactly 1,000 (an emoji is one)', async () => {
		const run = await addNote(
			[
				{ email: ADA, note: '   ' },
				{ email: ADA },
				{ email: ADA, note: 'x'.repeat(1001) },
				{ email: ADA, note: { text: 'an object' } },
				{ email: ADA, note: '👋'.repeat(1000) },
			],
			{},
			continueOnFail,
		);
		expect(run.json.map((j) => j.error)).toEqual([
			'The note is empty: Mailchimp does not take a blank note',
			'The note is empty: Mailchimp does not take a blank note',
			'The note is 1,001 characters long: Mailchimp takes at most 1,000',
			'The note must be text, got an object',
			undefined,
		]);
		expect(run.json[4]).toMatchObject({ action: 'noteAdded' });
		expect(notePosts()).toHaveLength(1);
		expect(notesOf(ADA).map((n) => [...n.note].length)).toEqual([1000]);
	});

	it('skips a contact not in the audience (push it first)', async () => {
		const run = await addNote([{ email: 'nobody@initech-mail.com', note: 'Hello' }, { email: ADA, note: 'Hello' }]);
		expect(run.json[0]).toEqual({
			email: 'nobody@initech-mail.com',
			audienceId: LIST,
			subscriberHash: subscriberHash('nobody@initech-mail.com'),
			action: 'skipped',
			reason: 'Not in the audience: add the contact first (Create or Update), then the note',
		});
		expect(run.json[1]).toMatchObject({ action: 'noteAdded' });
	});

	it('Preview shows the request and what Mailchimp holds, and sends nothing', async () => {
		const run = await addNote([{ email: ADA, note: 'Hello' }, { email: 'nobody@initech-mail.com', note: 'Hello' }], { options: { preview: true } });
		expect(run.json[0]).toEqual({
			email: ADA,
			audienceId: LIST,
			subscriberHash: subscriberHash(ADA),
			action: 'noteAdded',
			status: 'subscribed',
			preview: true,
			request: { method: 'POST', path: `/lists/${LIST}/members/${subscriberHash(ADA)}/notes`, body: { note: 'Hello' } },
		});
		expect(run.json[1]).toMatchObject({ action: 'skipped', preview: true });
		expect(writes(sandbox())).toHaveLength(0);
	});

	it('adds 1,000 notes under 429s, 5xx and lost answers: never twice, an unconfirmed one says it may have been added', async () => {
		const emails = Array.from({ length: 1000 }, (_, i) => `bulk${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, emails.map((email_address) => ({ email_address })));
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.03, rateLostResponse: 0.03, onlyMethods: ['POST'] });
		const run = await addNote(emails.map((email, i) => ({ email, note: `Note ${i}` })), {}, continueOnFail);
		sandbox().setFaults(undefined);
		expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		let added = 0;
		let uncertain = 0;
		emails.forEach((email, i) => {
			const out = run.json[i];
			const notes = notesOf(email);
			expect(notes.length).toBeLessThanOrEqual(1);
			if (out.action === 'noteAdded') {
				added++;
				expect(notes).toEqual([expect.objectContaining({ id: out.noteId, note: `Note ${i}` })]);
			} else {
				uncertain++;
				expect(out.error).toMatch(/^Mailchimp did not confirm the note \((its answer was lost|it answered 50[03] .+)\), so it may or may not have been added\. It was not sent again/);
			}
		});
		const faulted = (...kinds: string[]) => notePosts().filter((r) => kinds.includes(r.fault ?? '')).length;
		expect(sandbox().count429()).toBeGreaterThan(50);
		expect(uncertain).toBe(faulted('500', '503', 'lostResponse'));
		expect(uncertain).toBeGreaterThan(20);
		expect(added + uncertain).toBe(1000);
		expect(emails.reduce((n, email) => n + notesOf(email).length, 0)).toBe(added + faulted('lostResponse'));
		expect(sandbox().peakInFlight('acme')).toBeLessThanOrEqual(10);
	}, 60_000);

	it('a lost answer is not sent again; without "On Error: Continue" it stops the node, saying so', async () => {
		sandbox().setFaults({ rateLostResponse: 1, onlyPath: '/notes' });
		const run = await addNote([{ email: ADA, note: 'Once' }]);
		sandbox().setFaults(undefined);
		expect(failure(run).message).toMatch(/^Item 0 \(ada@lovelace\.dev\): Mailchimp did not confirm the note \(its answer was lost\), so it may or may not have been added/);
		expect(notePosts()).toHaveLength(1);
		expect(notesOf(ADA).map((n) => n.note)).toEqual(['Once']);
	});

	it('without "On Error: Continue" a refused note stops the node, naming the item and what was written', async () => {
		const run = await addNote([{ email: ADA, note: 'Fine' }, { email: ADA, note: '' }]);
		const error = failure(run);
		expect(error.message).toBe('Item 1 (ada@lovelace.dev): The note is empty: Mailchimp does not take a blank note');
		expect(error.description).toMatch(/^1 other item was written to Mailchimp/);
	});
});
