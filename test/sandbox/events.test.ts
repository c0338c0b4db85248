import { NEWSLETTER_LIST_ID, SEEDED_MEMBERS, subscriberHash } from '../../sandbox';
import { acme, globex, problem, raw, useSandbox } from './helpers';

const sb = useSandbox();
const L = NEWSLETTER_LIST_ID;
const ADA = subscriberHash(SEEDED_MEMBERS.subscribed);
const addEvent = (body: object, hash = ADA) => acme(sb.get()).lists.createListMemberEvent(L, hash, body);

describe('member events', () => {
	afterEach(() => sb.get().setFaults(undefined));

	it('records an event (204) with its properties, is_syncing and occurred_at, and lists it', async () => {
		const res = await acme(sb.get()).lists.createListMemberEventWithHttpInfo(L, ADA, {
			name: 'attended_webinar',
			properties: { title: 'Mailchimp for n8n', seats: '3' },
			is_syncing: true,
			occurred_at: '2024-05-01T10:30:00.000Z',
		});
		expect(res.response.status).toBe(204);
		await addEvent({ name: 'clicked-cta' });
		const listed = await acme(sb.get()).lists.getListMemberEvents(L, ADA);
		expect(listed.total_items).toBe(2);
		expect(listed.events[0]).toEqual({
			name: 'attended_webinar',
			properties: { title: 'Mailchimp for n8n', seats: '3' },
			is_syncing: true,
			occurred_at: '2024-05-01T10:30:00+00:00',
		});
		expect(listed.events[1]).toMatchObject({ name: 'clicked-cta', properties: {}, is_syncing: false, occurred_at: expect.stringMatching(/\+00:00$/) });
		expect(sb.get().contractViolations).toEqual([]);
	});

	it('records the same event twice when it is sent twice (events are not idempotent)', async () => {
		await addEvent({ name: 'visited_pricing' });
		await addEvent({ name: 'visited_pricing' });
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toHaveLength(2);
	});

	it('answers 404 for an address that is not a member (or was permanently deleted)', async () => {
		for (const email of ['nobody@acme-mail.com', SEEDED_MEMBERS.forgotten]) {
			expect(await problem(addEvent({ name: 'attended_webinar' }, subscriberHash(email)))).toMatchObject({ status: 404, title: 'Resource Not Found' });
		}
		// Another account's member is not a member of this audience either.
		expect(await problem(globex(sb.get()).lists.createListMemberEvent(L, ADA, { name: 'attended_webinar' }))).toMatchObject({ status: 404 });
	});

	it.each([
		['a', 'Event name must be 2-30 characters in length.'],
		['x'.repeat(31), 'Event name must be 2-30 characters in length.'],
		['attended webinar', 'Event name may contain only letters, numbers, underscores (_) and dashes (-).'],
		['signed.up', 'Event name may contain only letters, numbers, underscores (_) and dashes (-).'],
		['café_visit', 'Event name may contain only letters, numbers, underscores (_) and dashes (-).'],
	])('refuses the name %j with Invalid Resource', async (name, message) => {
		const p = await problem(addEvent({ name }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'name', message }] });
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toEqual([]);
	});

	it('accepts names of exactly 2 and 30 characters', async () => {
		await addEvent({ name: 'ok' });
		await addEvent({ name: 'A'.repeat(28) + '-9' });
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed).map((e) => e.name.length)).toEqual([2, 30]);
	});

	it.each([
		['a number property value', { name: 'purchased', properties: { total: 12 } }, 'properties.total'],
		['a missing name', { properties: { a: 'b' } }, 'name'],
		['an unknown field', { name: 'purchased', occured_at: '2024-05-01T10:30:00Z' }, 'occured_at'],
		['occurred_at that is not ISO 8601', { name: 'purchased', occurred_at: '01/05/2024' }, 'occurred_at'],
		['occurred_at without a time zone', { name: 'purchased', occurred_at: '2024-05-01T10:30:00' }, 'occurred_at'],
		['is_syncing as text', { name: 'purchased', is_syncing: 'true' }, 'is_syncing'],
	])('checks the body against the event schema: %s is a contract violation', async (_, body, field) => {
		const p = await problem(addEvent(body));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(sb.get().contractViolations).toHaveLength(1);
		expect(sb.get().contractViolations[0].errors.map((e) => e.field)).toContain(field);
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toEqual([]);
	});

	it('answers 405 to methods the events path does not have', async () => {
		const r = await raw(sb.get(), { method: 'DELETE', path: `/3.0/lists/${L}/members/${ADA}/events`, apiKey: sb.get().accounts.acme.apiKey });
		expect(r.status).toBe(405);
	});

	it('records an event whose answer was lost (so a blind retry would record it twice)', async () => {
		sb.get().setFaults({ rateLostResponse: 1, onlyPath: '/events' });
		await expect(addEvent({ name: 'attended_webinar' })).rejects.toBeDefined();
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toHaveLength(1);
		sb.get().setFaults({ rate429: 1, onlyPath: '/events' });
		expect((await problem(addEvent({ name: 'attended_webinar' }))).status).toBe(429);
		expect(sb.get().memberEvents('acme', L, SEEDED_MEMBERS.subscribed)).toHaveLength(1); // a 429 applies nothing
	});
});
