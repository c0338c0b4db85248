import { readFileSync } from 'fs';
import type { IConnections, IDataObject, INode } from 'n8n-workflow';
import { join } from 'path';

import { NEWSLETTER_LIST_ID as LIST, SEEDED_MEMBERS, subscriberHash } from '../../../../../sandbox';
import { MANUAL_TRIGGER_TYPE, runWorkflow } from '../../../../../dev/engine';
import { credentialFor, credentialTypes, nodeTypes, PUSH_NODE, pushWorkflow, TRIGGER_NODE } from '../../../../../dev/package';
import { SANDBOX_ACCOUNTS } from '../../../../../sandbox';
import { audience, failure, mapEach, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const pairs = (props: Record<string, string>) => ({ property: Object.entries(props).map(([name, value]) => ({ name, value })) });
const recordEvent = (items: IDataObject[], parameters: Record<string, unknown> = {}, node = {}) =>
	push({ parameters: { operation: 'recordEvent', eventName: 'attended_webinar', ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const eventsOf = (email: string) => sandbox().memberEvents('acme', LIST, email);
const eventPosts = () => sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events'));

describe('Record Event', () => {
	it('records the event with its properties as text, Occurred At in UTC and Don\'t Start Journeys', async () => {
		const run = await recordEvent([{ email: `  ${ADA.toUpperCase()} `, title: 'Mailchimp for n8n', seats: 3 }], {
			eventProperties: { property: [{ name: 'title', value: '={{ $json.title }}' }, { name: 'seats', value: '={{ $json.seats }}' }] },
			options: { occurredAt: '2024-05-01T12:30:00+02:00', isSyncing: true },
		});
		expect(run.json).toEqual([
			{ email: ADA.toUpperCase(), audienceId: LIST, subscriberHash: subscriberHash(ADA), action: 'eventRecorded', eventName: 'attended_webinar' },
		]);
		expect(eventsOf(ADA)).toEqual([
			{ name: 'attended_webinar', properties: { title: 'Mailchimp for n8n', seats: '3' }, is_syncing: true, occurred_at: '2024-05-01T10:30:00+00:00' },
		]);
	});

	it('sends only what was given: no properties, journeys allowed, now as the time', async () => {
		const run = await recordEvent([{ email: ADA }], { eventName: 'clicked-cta' });
		expect(run.json[0]).toMatchObject({ action: 'eventRecorded', eventName: 'clicked-cta' });
		expect(eventPosts().map((r) => r.body)).toEqual([{ name: 'clicked-cta' }]);
		expect(eventsOf(ADA)).toEqual([{ name: 'clicked-cta', properties: {}, is_syncing: false, occurred_at: expect.stringMatching(/\+00:00$/) }]);
	});

	it('takes every parameter by expression, per item, properties as an object or JSON text (Using JSON, as an AI agent fills them)', async () => {
		const run = await recordEvent(
			[
				{ email: ADA, event: 'attended_webinar', props: { title: 'Intro', minutes: 45, live: true }, when: '2024-05-02', quiet: 'true' },
				{ email: SEEDED_MEMBERS.subscribed2, event: 'downloaded_ebook', props: '{"book":"Guide"}', when: 1714557600000, quiet: false },
			],
			{
				eventName: '={{ $json.event }}',
				specifyEventProperties: 'json',
				eventPropertiesJson: '={{ $json.props }}',
				options: { occurredAt: '={{ $json.when }}', isSyncing: '={{ $json.quiet }}' },
			},
		);
		expect(run.json.map((j) => [j.action, j.eventName])).toEqual([
			['eventRecorded', 'attended_webinar'],
			['eventRecorded', 'downloaded_ebook'],
		]);
		expect(eventsOf(ADA)).toEqual([
			{ name: 'attended_webinar', properties: { title: 'Intro', minutes: '45', live: 'true' }, is_syncing: true, occurred_at: '2024-05-02T00:00:00+00:00' },
		]);
		expect(eventsOf(SEEDED_MEMBERS.subscribed2)).toEqual([
			{ name: 'downloaded_ebook', properties: { book: 'Guide' }, is_syncing: false, occurred_at: '2024-05-01T10:00:00+00:00' },
		]);
	});

	it('Using JSON takes JSON text typed in the editor, with expressions inside', async () => {
		const run = await recordEvent([{ email: ADA, title: 'Intro', seats: 3 }], {
			specifyEventProperties: 'json',
			eventPropertiesJson: '={ "title": "{{ $json.title }}", "seats": {{ $json.seats }}, "tags": ["a", "b"] }',
		});
		expect(run.json[0]).toMatchObject({ action: 'eventRecorded' });
		expect(eventsOf(ADA).map((e) => e.properties)).toEqual([{ title: 'Intro', seats: '3', tags: '["a","b"]' }]);
	});

	it('refuses what Mailchimp would refuse before sending, naming the rule, each on its own item', async () => {
		const bad: Array<[Record<string, unknown>, Record<string, unknown>, RegExp]> = [
			[{}, { eventName: 'a' }, /^The event name "a" is 1 character long: Mailchimp takes 2 to 30$/],
			[{}, { eventName: 'x'.repeat(31) }, /is 31 characters long: Mailchimp takes 2 to 30$/],
			[{}, { eventName: 'attended webinar!' }, /has characters Mailchimp does not take \(space, "!"\): only letters A–Z, digits, _ and -/],
			[{}, { eventName: 'café_visit' }, /\("é"\)/],
			[{}, { eventName: '={{ $json.missing }}' }, /^No event name/],
			[{}, { eventProperties: pairs({ '': 'orphan' }) }, /^Event property 1 \(value "orphan"\) has no name$/],
			[{}, { eventProperties: { property: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] } }, /^Event property "a" is given twice$/],
			[{}, { specifyEventProperties: 'json', eventPropertiesJson: '{ title: Intro }' }, /^Event Properties must be name\/value pairs or an object/],
			[{}, { specifyEventProperties: 'json', eventPropertiesJson: '={{ 42 }}' }, /^Event Properties must be name\/value pairs or an object, got 42$/],
			[{}, { options: { occurredAt: 'last tuesday' } }, /^Occurred At "last tuesday" is not a date$/],
			[{}, { options: { isSyncing: 'maybe' } }, /^Don't Start Journeys must be true or false/],
		];
		for (const [item, parameters, message] of bad) {
			const run = await recordEvent([{ email: ADA, ...item }], parameters, continueOnFail);
			expect(run.json).toHaveLength(1);
			expect(run.json[0].error).toMatch(message);
			expect(run.json[0]).not.toHaveProperty('action');
		}
		expect(eventPosts()).toHaveLength(0);
		expect(eventsOf(ADA)).toEqual([]);
	});

	it('names of 2 and 30 characters pass, and an empty editor row is no property', async () => {
		const run = await recordEvent([{ email: ADA }, { email: ADA }], {
			eventName: '={{ $itemIndex === 0 ? "ok" : "A".repeat(28) + "-9" }}',
			eventProperties: { property: [{ name: '', value: '' }, { name: 'plan', value: 'Pro' }] },
		});
		expect(run.json.map((j) => j.action)).toEqual(['eventRecorded', 'eventRecorded']);
		expect(eventsOf(ADA).map((e) => [e.name.length, e.properties])).toEqual([
			[2, { plan: 'Pro' }],
			[30, { plan: 'Pro' }],
		]);
	});

	it('skips a contact not in the audience (push it first), and records for the others', async () => {
		const run = await recordEvent([{ email: 'nobody@initech-mail.com' }, { email: SEEDED_MEMBERS.forgotten }, { email: ADA }]);
		expect(run.json[0]).toEqual({
			email: 'nobody@initech-mail.com',
			audienceId: LIST,
			subscriberHash: subscriberHash('nobody@initech-mail.com'),
			action: 'skipped',
			reason: 'Not in the audience: add the contact first (Create or Update), then record the event',
			eventName: 'attended_webinar',
		});
		expect(run.json[1]).toMatchObject({ action: 'skipped' });
		expect(run.json[2]).toMatchObject({ action: 'eventRecorded' });
		expect(eventsOf(ADA)).toHaveLength(1);
	});

	it('Create or Update → Record Event in one workflow: the documented chain records the event for new contacts', async () => {
		const credential = credentialFor(SANDBOX_ACCOUNTS.acme, 'apiKey');
		const workflow = pushWorkflow({ audience: audience(), operation: 'push', mergeFields: mapEach({ FNAME: '={{ $json.first }}', COMPANY: 'Initech' }) }, credential);
		const pushNode = workflow.nodes.find((n) => n.name === PUSH_NODE)!;
		workflow.nodes.push({
			...pushNode,
			id: 'event',
			name: 'Record Event',
			position: [480, 0],
			parameters: {
				authentication: 'apiKey',
				audience: audience(),
				operation: 'recordEvent',
				// The push's output carries the address; the title comes from the trigger's item.
				email: '={{ $json.email }}',
				eventName: 'attended_webinar',
				eventProperties: pairs({ title: '={{ $(\'' + TRIGGER_NODE + '\').item.json.title }}' }),
			},
		});
		workflow.connections[PUSH_NODE] = { main: [[{ node: 'Record Event', type: 'main', index: 0 }]] };
		const emails = ['new.attendee@initech-mail.com', ADA];
		const result = await runWorkflow({
			workflow,
			nodeTypes: nodeTypes(),
			credentialTypes: credentialTypes(),
			credentials: [credential],
			triggerItems: emails.map((email) => ({ json: { email, first: 'Webinar', title: 'Mailchimp for n8n' } })),
		});
		expect(result.status).toBe('success');
		expect(result.output(PUSH_NODE).map((i) => i.json.action)).toEqual(['created', 'updated']);
		expect(result.output('Record Event').map((i) => [i.json.email, i.json.action, i.pairedItem])).toEqual([
			[emails[0], 'eventRecorded', { item: 0 }],
			[emails[1], 'eventRecorded', { item: 1 }],
		]);
		for (const email of emails) {
			expect(eventsOf(email)).toEqual([expect.objectContaining({ name: 'attended_webinar', properties: { title: 'Mailchimp for n8n' } })]);
		}
	});

	it('the example workflow (examples/webinar-attended-record-event.json) records attended_webinar with the title', async () => {
		const credential = credentialFor(SANDBOX_ACCOUNTS.acme, 'apiKey');
		const workflow = JSON.parse(readFileSync(join(__dirname, '../../../../../examples/webinar-attended-record-event.json'), 'utf8')) as { nodes: INode[]; connections: IConnections };
		for (const node of workflow.nodes) {
			if (node.credentials) node.credentials = { [credential.type]: { id: credential.id, name: credential.name } };
			// The webhook stands in as a manual trigger with the same name and the body it would give.
			if (node.type === 'n8n-nodes-base.webhook') Object.assign(node, { type: MANUAL_TRIGGER_TYPE, typeVersion: 1, parameters: {} });
		}
		const email = 'attendee@initech-mail.com';
		const body = { email, firstName: 'Radia', lastName: 'Perlman', company: 'Spanning Tree Inc', attendedAt: '2024-05-01T16:00:00+02:00', webinar: { title: 'Mailchimp for n8n' } };
		const result = await runWorkflow({ workflow, nodeTypes: nodeTypes(), credentialTypes: credentialTypes(), credentials: [credential], triggerItems: [{ json: { body } }] });
		expect(result.status).toBe('success');
		expect(result.output('Record Event').map((i) => i.json)).toEqual([
			{ email, audienceId: LIST, subscriberHash: subscriberHash(email), action: 'eventRecorded', eventName: 'attended_webinar' },
		]);
		expect(sandbox().getMember('acme', LIST, email)).toMatchObject({ status: 'subscribed', merge_fields: expect.objectContaining({ FNAME: 'Radia', COMPANY: 'Spanning Tree Inc' }) });
		expect(eventsOf(email)).toEqual([{ name: 'attended_webinar', properties: { title: 'Mailchimp for n8n' }, is_syncing: false, occurred_at: '2024-05-01T14:00:00+00:00' }]);
	});

	it('Preview shows the request and what Mailchimp holds, and sends nothing', async () => {
		const run = await recordEvent([{ email: ADA }, { email: 'nobody@initech-mail.com' }, { email: 'not-an-email' }], {
			eventProperties: pairs({ title: 'Intro' }),
			options: { preview: true, isSyncing: true },
		}, continueOnFail);
		expect(run.json[0]).toEqual({
			email: ADA,
			audienceId: LIST,
			subscriberHash: subscriberHash(ADA),
			action: 'eventRecorded',
			status: 'subscribed',
			eventName: 'attended_webinar',
			preview: true,
			request: {
				method: 'POST',
				path: `/lists/${LIST}/members/${subscriberHash(ADA)}/events`,
				body: { name: 'attended_webinar', properties: { title: 'Intro' }, is_syncing: true },
			},
		});
		expect(run.json[1]).toMatchObject({ action: 'skipped', preview: true, reason: expect.stringMatching(/^Not in the audience/) });
		expect(run.json[2].error).toBeTruthy();
		expect(writes(sandbox())).toHaveLength(0);
	});

	it('records 1,000 events under 429s, 5xx and lost answers: never twice, a lost one says it may have been recorded', async () => {
		const emails = Array.from({ length: 1000 }, (_, i) => `bulk${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, emails.map((email_address) => ({ email_address })));
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.03, rateLostResponse: 0.03, onlyMethods: ['POST'] });
		const run = await recordEvent(
			emails.map((email, i) => ({ email, n: i })),
			{ eventProperties: pairs({ n: '={{ $json.n }}' }) },
			continueOnFail,
		);
		sandbox().setFaults(undefined);
		expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		expect(run.json.map((j) => j.email)).toEqual(emails);
		const counts = { eventRecorded: 0, uncertain: 0 };
		emails.forEach((email, i) => {
			const out = run.json[i];
			const recorded = eventsOf(email);
			// Never twice, whatever happened on the way.
			expect(recorded.length).toBeLessThanOrEqual(1);
			if (out.action === 'eventRecorded') {
				counts.eventRecorded++;
				expect(recorded).toEqual([expect.objectContaining({ name: 'attended_webinar', properties: { n: String(i) } })]);
			} else {
				counts.uncertain++;
				expect(out.error).toMatch(/^Mailchimp did not confirm the event \((its answer was lost|it answered 50[03] .+)\), so it may or may not have been recorded\. It was not sent again/);
				expect(out.errorDetails).toBeDefined();
			}
		});
		// 429s are retried (refused before any work); only 5xx and lost answers leave an item uncertain.
		expect(sandbox().count429()).toBeGreaterThan(50);
		expect(counts.uncertain).toBeGreaterThan(20);
		expect(counts.eventRecorded).toBeGreaterThan(900);
		expect(counts.eventRecorded + counts.uncertain).toBe(1000);
		// Exactly the items whose request met a 5xx or lost its answer are uncertain, and the events
		// Mailchimp holds are the ones answered plus the ones whose answer was lost after recording.
		const faulted = (...kinds: string[]) => eventPosts().filter((r) => kinds.includes(r.fault ?? '')).length;
		expect(counts.uncertain).toBe(faulted('500', '503', 'lostResponse'));
		expect(emails.reduce((n, email) => n + eventsOf(email).length, 0)).toBe(counts.eventRecorded + faulted('lostResponse'));
		expect(sandbox().peakInFlight('acme')).toBeLessThanOrEqual(10);
	}, 60_000);

	it('a lost answer after the event was recorded is not sent again', async () => {
		sandbox().setFaults({ rateLostResponse: 1, onlyPath: '/events' });
		const run = await recordEvent([{ email: ADA }], {}, continueOnFail);
		sandbox().setFaults(undefined);
		expect(run.json[0].error).toMatch(/^Mailchimp did not confirm the event \(its answer was lost\), so it may or may not have been recorded/);
		expect(eventPosts()).toHaveLength(1);
		expect(eventsOf(ADA)).toHaveLength(1);

		// Without "On Error: Continue" the uncertain item stops the node, saying so.
		sandbox().setFaults({ rateLostResponse: 1, onlyPath: '/events' });
		const stopped = await recordEvent([{ email: ADA }]);
		sandbox().setFaults(undefined);
		expect(failure(stopped).message).toMatch(/^Item 0 \(ada@lovelace\.dev\): Mailchimp did not confirm the event \(its answer was lost\), so it may or may not have been recorded/);
		expect(eventsOf(ADA)).toHaveLength(2);
	});

	it('a 429 is retried until Mailchimp takes the event, once', async () => {
		// The sandbox's fault draws (seed 1) are 0.627, 0.003, 0.527, 0.981: three 429s, then through.
		sandbox().setFaults({ rate429: 0.7, onlyPath: '/events' });
		const run = await recordEvent([{ email: ADA }]);
		sandbox().setFaults(undefined);
		expect(run.json[0]).toMatchObject({ action: 'eventRecorded' });
		expect(eventPosts().map((r) => r.fault)).toEqual(['429', '429', '429', undefined]);
		expect(eventsOf(ADA)).toHaveLength(1);
	});

	it('without "On Error: Continue" the first failed item stops the node, naming it', async () => {
		const run = await recordEvent([{ email: ADA }, { email: SEEDED_MEMBERS.subscribed2 }], { eventName: '={{ $itemIndex === 0 ? "ok_event" : "bad name" }}' });
		const error = failure(run);
		expect(error.message).toMatch(new RegExp(`^Item 1 \\(${SEEDED_MEMBERS.subscribed2.replace(/\./g, '\\.')}\\): The event name "bad name" has characters`));
		expect(error.description).toMatch(/^1 other item was written to Mailchimp/);
	});
});
