import { parseJourneyTriggerUrl } from '../../../../nodes/MailchimpPushContact/helpers/welcomeJourney';

describe('parseJourneyTriggerUrl', () => {
	it('takes the journey and step ids from the URL Mailchimp shows', () => {
		expect(
			parseJourneyTriggerUrl(' https://us14.api.mailchimp.com/3.0/customer-journeys/journeys/3127/steps/9384/actions/trigger '),
		).toEqual({ journeyId: '3127', stepId: '9384' });
	});
	it('refuses anything else', () => {
		for (const bad of ['', 'https://evil.example/x', '/customer-journeys/journeys/a/steps/1/actions/trigger']) {
			expect(parseJourneyTriggerUrl(bad)).toBeUndefined();
		}
	});
});
