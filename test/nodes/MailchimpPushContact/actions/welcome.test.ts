import { ACME_JOURNEY, SEEDED_MEMBERS } from '../../../../sandbox';
import { failure, mapEach, push, useSandbox } from '../fixture';

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
