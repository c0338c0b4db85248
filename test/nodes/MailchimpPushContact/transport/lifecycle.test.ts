// The transport's member-lifecycle methods over real HTTPS to the sandbox: archive, permanent
// delete, PATCH, events, notes and paged listing, with retries, ambiguity and the connection limit.
import { MailchimpClient } from '../../../../nodes/MailchimpPushContact/transport/client';
import { MailchimpApiError } from '../../../../nodes/MailchimpPushContact/transport/errors';
import { AmbiguousMailchimpError } from '../../../../nodes/MailchimpPushContact/transport/retry';
import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, SEEDED_MEMBERS, subscriberHash, type FaultOptions } from '../../../../sandbox';
import { useSandbox } from '../fixture';

const sandbox = useSandbox();
const L = NEWSLETTER_LIST_ID;
const ADA = SEEDED_MEMBERS.subscribed;
const hash = subscriberHash;
// Short backoff so retries happen within the test; the first backoff (≥ 100 ms) leaves time to lift a fault.
const client = () =>
	MailchimpClient.forApiKey({ apiKey: SANDBOX_ACCOUNTS.acme.apiKey }, { retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 400, budgetMs: 10_000 } });
const stored = (email: string) => sandbox().getMember('acme', L, email);

afterEach(() => {
	sandbox().setFaults(undefined);
	sandbox().setLatency({ perRequestMs: 0, perMemberMs: 0 });
});

/** Injects `faults` into the next matching request only: lifted as soon as one request carried a fault. */
async function faultOnce<T>(faults: FaultOptions, run: () => Promise<T>): Promise<T> {
	sandbox().setFaults(faults);
	const lift = setInterval(() => {
		if (sandbox().requests.some((r) => r.fault)) {
			sandbox().setFaults(undefined);
			clearInterval(lift);
		}
	}, 5);
	try {
		return await run();
	} finally {
		clearInterval(lift);
	}
}

async function rejection(p: Promise<unknown>): Promise<MailchimpApiError> {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(MailchimpApiError);
		return e as MailchimpApiError;
	}
	throw new Error('expected the call to fail');
}

const writesTo = (suffix: string) => sandbox().requests.filter((r) => r.method !== 'GET' && r.path.endsWith(suffix));

describe('archiveMember', () => {
	it('archives (DELETE) and answers unambiguously', async () => {
		await expect(client().archiveMember(L, hash(ADA))).resolves.toEqual({ value: undefined, ambiguous: false });
		expect(stored(ADA)!.status).toBe('archived');
		expect(writesTo(`/members/${hash(ADA)}`).map((r) => [r.method, r.status])).toEqual([['DELETE', 204]]);
	});

	it("passes on Mailchimp's refusal, unambiguous: 405 for archived/cleaned/pending, 404 for a stranger", async () => {
		await client().archiveMember(L, hash(ADA));
		for (const email of [ADA, SEEDED_MEMBERS.cleaned, SEEDED_MEMBERS.pending]) {
			const e = await rejection(client().archiveMember(L, hash(email)));
			expect(e).not.toBeInstanceOf(AmbiguousMailchimpError);
			expect(e).toMatchObject({ status: 405, title: 'Method Not Allowed', detail: expect.stringContaining('Can not archive a contact that is bounced, pending or archived') });
		}
		expect(await rejection(client().archiveMember(L, hash('nobody@acme-mail.com')))).toMatchObject({ status: 404, title: 'Resource Not Found' });
	});

	it('after a lost answer, the retry meets the 405 of its own first attempt: thrown as ambiguous', async () => {
		const e = await faultOnce({ rateLostResponse: 1, onlyMethods: ['DELETE'] }, () => rejection(client().archiveMember(L, hash(ADA))));
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(e.status).toBe(405);
		expect(stored(ADA)!.status).toBe('archived');
		expect(writesTo(`/members/${hash(ADA)}`).map((r) => r.fault ?? r.status)).toEqual(['lostResponse', 405]);
	});

	it('after a 503, the retry archives and the answer says it may have been applied twice', async () => {
		const r = await faultOnce({ rate5xx: 1, onlyMethods: ['DELETE'] }, () => client().archiveMember(L, hash(ADA)));
		expect(r).toEqual({ value: undefined, ambiguous: true });
		expect(stored(ADA)!.status).toBe('archived');
	});
});

describe('deleteMemberPermanently', () => {
	it('erases the member; the address is refused afterwards', async () => {
		await expect(client().deleteMemberPermanently(L, hash(ADA))).resolves.toEqual({ value: undefined, ambiguous: false });
		expect(stored(ADA)).toBeUndefined();
		await expect(client().getMember(L, hash(ADA))).resolves.toBeUndefined();
		const e = await rejection(client().setMember(L, hash(ADA), { email_address: ADA, status_if_new: 'subscribed', merge_fields: { COMPANY: 'Acme' } }, false));
		expect(e).toMatchObject({ status: 400, title: 'Forgotten Email Not Subscribed' });
		expect(writesTo('/actions/delete-permanent').map((r) => [r.method, r.status])).toEqual([['POST', 204]]);
	});

	it('answers 404 (unambiguous) for an address that is not a member', async () => {
		const e = await rejection(client().deleteMemberPermanently(L, hash('nobody@acme-mail.com')));
		expect(e).not.toBeInstanceOf(AmbiguousMailchimpError);
		expect(e.status).toBe(404);
	});

	it('after a lost answer, the retry gets 404, thrown as ambiguous: the caller may count it deleted', async () => {
		const e = await faultOnce({ rateLostResponse: 1, onlyPath: '/actions/delete-permanent' }, () => rejection(client().deleteMemberPermanently(L, hash(ADA))));
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(e.status).toBe(404);
		expect(stored(ADA)).toBeUndefined();
	});
});

describe('updateMember (PATCH)', () => {
	it('unsubscribes', async () => {
		const { value, ambiguous } = await client().updateMember(L, hash(ADA), { status: 'unsubscribed' });
		expect(ambiguous).toBe(false);
		expect(value).toMatchObject({ email_address: ADA, status: 'unsubscribed' });
		expect(sandbox().requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'unsubscribed' });
	});

	it('moves the member to a new address (same contact, new hash)', async () => {
		const before = stored(ADA)!;
		const { value } = await client().updateMember(L, hash(ADA), { email_address: 'ada.king@lovelace.dev' });
		expect(value).toMatchObject({ id: hash('ada.king@lovelace.dev'), email_address: 'ada.king@lovelace.dev', contact_id: before.contact_id, status: 'subscribed' });
		expect(stored(ADA)).toBeUndefined();
	});

	it("passes on Mailchimp's answers: new address taken, not a member, compliance state", async () => {
		expect(await rejection(client().updateMember(L, hash(ADA), { email_address: SEEDED_MEMBERS.subscribed2 }))).toMatchObject({
			status: 400,
			title: 'Invalid Resource',
			detail: `"${SEEDED_MEMBERS.subscribed2}" is already in this list with a status of "subscribed".`,
		});
		expect((await rejection(client().updateMember(L, hash('nobody@acme-mail.com'), { status: 'unsubscribed' }))).status).toBe(404);
		expect((await rejection(client().updateMember(L, hash(SEEDED_MEMBERS.unsubscribed), { status: 'subscribed' }))).title).toBe('Member In Compliance State');
	});

	it('sends skip_merge_validation only when asked', async () => {
		await client().updateMember(L, hash(ADA), { merge_fields: { COMPANY: '' } }, true);
		await client().updateMember(L, hash(ADA), { vip: false });
		expect(sandbox().requests.filter((r) => r.method === 'PATCH').map((r) => r.query)).toEqual([{ skip_merge_validation: 'true' }, {}]);
	});

	it('after a lost answer to an address change, the retry finds the old hash gone: 404, ambiguous', async () => {
		const e = await faultOnce({ rateLostResponse: 1, onlyMethods: ['PATCH'] }, () =>
			rejection(client().updateMember(L, hash(ADA), { email_address: 'ada.king@lovelace.dev' })),
		);
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(e.status).toBe(404);
		expect(stored('ada.king@lovelace.dev')).toBeDefined();
	});
});

describe('addMemberEvent', () => {
	const event = { name: 'attended_webinar', properties: { title: 'Mailchimp for n8n' }, is_syncing: true, occurred_at: '2024-05-01T10:30:00.000Z' };

	it('records the event with exactly the body given', async () => {
		await expect(client().addMemberEvent(L, hash(ADA), event)).resolves.toBeUndefined();
		expect(sandbox().memberEvents('acme', L, ADA)).toEqual([{ ...event, occurred_at: '2024-05-01T10:30:00+00:00' }]);
		expect(writesTo('/events').map((r) => r.body)).toEqual([event]);
	});

	it('answers 404 for a contact not in the audience and 400 for a name Mailchimp refuses', async () => {
		expect((await rejection(client().addMemberEvent(L, hash('nobody@acme-mail.com'), { name: 'attended_webinar' }))).status).toBe(404);
		expect(await rejection(client().addMemberEvent(L, hash(ADA), { name: 'attended webinar' }))).toMatchObject({
			status: 400,
			title: 'Invalid Resource',
			fieldErrors: [{ field: 'name', message: expect.stringContaining('letters, numbers') }],
		});
	});

	it('is not retried after a lost answer (it was recorded once): thrown as ambiguous', async () => {
		const e = await faultOnce({ rateLostResponse: 1, onlyPath: '/events' }, () => rejection(client().addMemberEvent(L, hash(ADA), event)));
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(e.status).toBe(0);
		expect(writesTo('/events')).toHaveLength(1);
		expect(sandbox().memberEvents('acme', L, ADA)).toHaveLength(1);
	});

	it('is not retried after a 500 either, but is after a 429 (refused before any work)', async () => {
		const e = await faultOnce({ rate5xx: 1, onlyPath: '/events' }, () => rejection(client().addMemberEvent(L, hash(ADA), event)));
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(writesTo('/events')).toHaveLength(1);
		sandbox().requests.length = 0;
		await faultOnce({ rate429: 1, onlyPath: '/events' }, () => client().addMemberEvent(L, hash(ADA), event));
		expect(writesTo('/events').map((r) => r.status)).toEqual([429, 204]);
		expect(sandbox().memberEvents('acme', L, ADA)).toHaveLength(1);
	});

	it("keeps within the account's 10 connections, shared with every other call of the client", async () => {
		sandbox().setLatency({ perRequestMs: 40, perMemberMs: 0 });
		const c = client();
		await Promise.all([
			...Array.from({ length: 40 }, (_, i) => c.addMemberEvent(L, hash(ADA), { name: `step_${i}` })),
			...Array.from({ length: 10 }, (_, i) => c.addMemberNote(L, hash(ADA), `note ${i}`)),
			c.archiveMember(L, hash(SEEDED_MEMBERS.subscribed2)),
		]);
		expect(sandbox().peakInFlight('acme')).toBe(10);
		expect(sandbox().count429()).toBe(0);
		expect(sandbox().memberEvents('acme', L, ADA)).toHaveLength(40);
	});
});

describe('addMemberNote', () => {
	it('answers the note with its id', async () => {
		const note = await client().addMemberNote(L, hash(ADA), 'Asked for the 2025 price list.');
		expect(note).toMatchObject({ id: expect.any(Number), note: 'Asked for the 2025 price list.', created_at: expect.any(String) });
		expect(sandbox().memberNotes('acme', L, ADA).map((n) => n.id)).toEqual([note.id]);
	});

	it('passes on the refusal of a note over 1,000 characters, and of a missing contact', async () => {
		expect(await rejection(client().addMemberNote(L, hash(ADA), 'x'.repeat(1001)))).toMatchObject({ status: 400, fieldErrors: [{ field: 'note' }] });
		expect((await rejection(client().addMemberNote(L, hash('nobody@acme-mail.com'), 'Hello'))).status).toBe(404);
	});

	it('is not retried after a lost answer: thrown as ambiguous, added once', async () => {
		const e = await faultOnce({ rateLostResponse: 1, onlyPath: '/notes' }, () => rejection(client().addMemberNote(L, hash(ADA), 'Once')));
		expect(e).toBeInstanceOf(AmbiguousMailchimpError);
		expect(sandbox().memberNotes('acme', L, ADA).map((n) => n.note)).toEqual(['Once']);
	});
});
