import { ACME_JOURNEY, SEEDED_MEMBERS } from '../../../../../../sandbox';
import { failure, mapEach, push, useSandbox } from '../../../fixture';

const sandbox = useSandbox();
const url = `https://us14.api.mailchimp.com/3.0/customer-journeys/journeys/${ACME_JOURNEY.journeyId}/steps/${ACME_JOURNEY.stepId}/actions/trigger`;
const welcome = { mergeFields: mapEach({ COMPANY: 'Initech' }), sendWelcomeEmail: true, welcomeJourneyUrl: url };

describe('welcome e-mail (API v3: a Customer Journey started at its API starting point)', () => {
	it('is triggered once, only for contacts this push created', async () => {
		const run = await push({ parameters: welcome, items: [{ email: 'hello@initech-mail.com' }, { email: SEEDED_MEMBERS.subscribed }] });
		expect(run.json.map((j) => [j.action, j.welcomeJourneyTriggered])).toEqual([
			['created', true],
			['updated', false],
		]);
		expect(sandbox().journeyTriggers('acme').map((t) => t.email)).toEqual(['hello@initech-mail.com']);
	});

	it('with double opt-in, is left to Mailchimp\'s own final welcome e-mail', async () => {
		const run = await push({ parameters: { ...welcome, doubleOptIn: true }, items: [{ email: 'doi@initech-mail.com' }] });
		expect(run.json[0]).toMatchObject({ action: 'created', status: 'pending' });
		expect(run.json[0]).not.toHaveProperty('welcomeJourneyTriggered');
		expect(sandbox().journeyTriggers('acme')).toHaveLength(0);
	});

	it('refuses a URL that is not a journey trigger before sending anything', async () => {
		const run = await push({ parameters: { ...welcome, welcomeJourneyUrl: 'https://us14.admin.mailchimp.com/journeys' }, items: [{ email: 'x@initech-mail.com' }] });
		expect(failure(run).message).toMatch(/not a journey trigger URL/);
		expect(sandbox().requests).toHaveLength(0);
	});

	it('is not retried after an answer lost once the trigger may have been applied: one welcome, and the item says so', async () => {
		// Every trigger's answer is lost after the trigger was applied.
		sandbox().setFaults({ rateLostResponse: 1, onlyPath: '/actions/trigger' });
		const run = await push({ parameters: welcome, items: [{ email: 'lost@initech-mail.com' }], node: { onError: 'continueRegularOutput' } });
		sandbox().setFaults(undefined);
		expect(run.json[0]).toMatchObject({ action: 'created', error: expect.stringMatching(/may or may not have started/) });
		expect(sandbox().journeyTriggers('acme').map((t) => t.email)).toEqual(['lost@initech-mail.com']);
	});

	it('a journey Mailchimp does not know fails the item, saying the contact was created', async () => {
		const run = await push({
			parameters: { ...welcome, welcomeJourneyUrl: url.replace(String(ACME_JOURNEY.journeyId), '999') },
			items: [{ email: 'nojourney@initech-mail.com' }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0]).toMatchObject({ action: 'created', status: 'subscribed', error: expect.stringMatching(/^The contact was created, but the welcome journey could not be started/) });
	});
});

describe('a contact is welcomed once, only when this push created it', () => {
	const continueOnFail = { onError: 'continueRegularOutput' as const };

	it('a contact created earlier, pushed again while the create call meets 5xx answers, is not welcomed again (alone)', async () => {
		const first = await push({ parameters: welcome, items: [{ email: 'again@initech-mail.com' }] });
		expect(first.json[0]).toMatchObject({ action: 'created', welcomeJourneyTriggered: true });
		// The next create attempts answer 503 (a lone create is a POST to …/members).
		sandbox().setFaults({ rate5xx: 1, onlyMethods: ['POST'], onlyPath: '/members' });
		setTimeout(() => sandbox().setFaults(undefined), 600);
		const again = await push({ parameters: welcome, items: [{ email: 'again@initech-mail.com' }], node: continueOnFail });
		sandbox().setFaults(undefined);
		expect(again.json[0]).toMatchObject({ action: 'updated', welcomeJourneyTriggered: false });
		expect(sandbox().journeyTriggers('acme').map((t) => t.email)).toEqual(['again@initech-mail.com']);
	});

	it('in bulk: contacts found after a lost batch answer are said to be unknown and not welcomed', async () => {
		const emails = Array.from({ length: 30 }, (_, i) => `lostbatch${i}@initech-mail.com`);
		await push({ parameters: welcome, items: emails.slice(0, 10).map((email) => ({ email })) });
		const before = sandbox().journeyTriggers('acme').length;
		// The first batch call's answer is lost after it was applied; the retry meets every member.
		sandbox().setFaults({ rateLostResponse: 1, onlyMethods: ['POST'], onlyPath: '/lists/' });
		setTimeout(() => sandbox().setFaults(undefined), 150);
		const run = await push({ parameters: welcome, items: emails.map((email) => ({ email })), node: continueOnFail });
		sandbox().setFaults(undefined);
		const triggered = sandbox().journeyTriggers('acme').map((t) => t.email);
		// Never twice for anyone; never for the ten that existed before.
		expect(new Set(triggered).size).toBe(triggered.length);
		expect(triggered.slice(before).filter((e) => emails.slice(0, 10).includes(e))).toEqual([]);
		for (const json of run.json) {
			if (json.action === 'updated') expect(json.welcomeJourneyTriggered).toBe(false);
			else expect(json).toMatchObject({ action: 'created', welcomeJourneyTriggered: true });
		}
	});

	it('does not depend on the tags: tags that fail are reported beside a welcome that was sent', async () => {
		sandbox().setFaults({ rate5xx: 1, onlyPath: '/tags' });
		const run = await push({
			parameters: { ...welcome, options: { tags: 'vip', tagMode: 'sync' } },
			items: [{ email: SEEDED_MEMBERS.subscribed2 }, { email: 'tagless@initech-mail.com' }],
			node: continueOnFail,
		});
		sandbox().setFaults(undefined);
		// Two items go through batch subscribe, so both need a tags call, and both calls fail.
		expect(run.json[1]).toMatchObject({
			action: 'created',
			welcomeJourneyTriggered: true,
			error: expect.stringMatching(/^The contact was created, but its tags could not be set/),
		});
		expect(run.json[0]).toMatchObject({ action: 'updated', welcomeJourneyTriggered: false, error: expect.stringMatching(/^The contact was updated, but its tags could not be set/) });
		expect(sandbox().journeyTriggers('acme').map((t) => t.email)).toEqual(['tagless@initech-mail.com']);
	}, 90_000);
});
