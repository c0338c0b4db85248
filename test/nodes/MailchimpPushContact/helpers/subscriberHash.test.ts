import { subscriberHash } from '../../../../nodes/MailchimpPushContact/helpers/subscriberHash';

describe('subscriberHash', () => {
	it('is the MD5 of the lower-cased address (Mailchimp docs example)', () => {
		expect(subscriberHash('Urist.McVankab@freddiesjokes.com')).toBe('62eeb292278cc15f5817cb78f7790b08');
		expect(subscriberHash('ADA@Lovelace.dev')).toBe(subscriberHash('ada@lovelace.dev'));
		expect(subscriberHash('ada@lovelace.dev')).toMatch(/^[0-9a-f]{32}$/);
	});
});
