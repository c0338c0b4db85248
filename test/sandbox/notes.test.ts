import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, SEEDED_MEMBERS, subscriberHash } from '../../sandbox';
import { acme, problem, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const ADA = subscriberHash(SEEDED_MEMBERS.subscribed);
const addNote = (body: object, hash = ADA) => acme(sb.get()).lists.createListMemberNote(L, hash, body);

describe('member notes', () => {
	afterEach(() => sb.get().setFaults(undefined));

	it('answers the note with its id, author and timestamps, and lists notes', async () => {
		const first = await addNote({ note: 'Asked for the 2025 price list.' });
		expect(first).toMatchObject({
			id: expect.any(Number),
			note: 'Asked for the 2025 price list.',
			created_by: SANDBOX_ACCOUNTS.acme.loginName,
			created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
			list_id: L,
			email_id: ADA,
		});
		expect(first.updated_at).toBe(first.created_at);
		const second = await addNote({ note: 'Renewed.' });
		expect(second.id).toBeGreaterThan(first.id);
		const listed = await acme(sb.get()).lists.getListMemberNotes(L, ADA);
		expect(listed.total_items).toBe(2);
		expect(listed.notes.map((n: { id: number; note: string }) => [n.id, n.note])).toEqual([
			[first.id, 'Asked for the 2025 price list.'],
			[second.id, 'Renewed.'],
		]);
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('accepts exactly 1,000 characters (an emoji counts once) and refuses 1,001', async () => {
		await addNote({ note: 'n'.repeat(998) + '🙂🙂' });
		const p = await problem(addNote({ note: 'n'.repeat(1001) }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'note', message: 'Note must be 1000 characters or fewer (got 1001).' }] });
		expect(sb.get().memberNotes('acme', L, SEEDED_MEMBERS.subscribed)).toHaveLength(1);
	});

	it('refuses a blank note, and a body without `note` (contract)', async () => {
		expect(await problem(addNote({ note: '   ' }))).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'note', message: 'Please enter a value' }] });
		expect(sb.get().contractViolations).toEqual([]);
		expect(await problem(addNote({ text: 'wrong field' }))).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(sb.get().contractViolations.map((v) => v.errors.map((e) => e.field))).toEqual([['note', 'text']]);
		expect(sb.get().memberNotes('acme', L, SEEDED_MEMBERS.subscribed)).toEqual([]);
	});

	it('answers 404 for an address that is not a member', async () => {
		expect(await problem(addNote({ note: 'Hello' }, subscriberHash('nobody@acme-mail.com')))).toMatchObject({ status: 404, title: 'Resource Not Found' });
	});

	it('removes notes and events with a permanent delete', async () => {
		await addNote({ note: 'Hello' });
		await acme(sb.get()).lists.createListMemberEvent(L, ADA, { name: 'said_hello' });
		await acme(sb.get()).lists.deleteListMemberPermanent(L, ADA);
		// Even if the address were re-added by its owner, nothing of the old contact would show.
		sb.get().addMembers('acme', L, [{ email_address: SEEDED_MEMBERS.subscribed }]);
		expect(sb.get().memberNotes('acme', L, SEEDED_MEMBERS.subscribed)).toEqual([]);
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toEqual([]);
	});

	it('keeps a note whose answer was lost (so a blind retry would add it twice)', async () => {
		sb.get().setFaults({ rateLostResponse: 1, onlyPath: '/notes' });
		await expect(addNote({ note: 'Once' })).rejects.toBeDefined();
		expect(sb.get().memberNotes('acme', L, SEEDED_MEMBERS.subscribed).map((n) => n.note)).toEqual(['Once']);
	});
});
