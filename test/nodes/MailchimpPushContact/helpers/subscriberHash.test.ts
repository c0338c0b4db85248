import { createHash } from 'crypto';

import { subscriberHash } from '../../../../nodes/MailchimpPushContact/helpers/subscriberHash';

describe('subscriberHash', () => {
	it('is the MD5 of the lower-cased address (Mailchimp docs example)', () => {
		expect(subscriberHash('Urist.McVankab@freddiesjokes.com')).toBe(
			createHash('md5').update('urist.mcvankab@freddiesjokes.com').digest('hex'),
		);
		expect(subscriberHash('ADA@Lovelace.dev')).toBe(subscriberHash('ada@lovelace.dev'));
		expect(subscriberHash('ada@lovelace.dev')).toMatch(/^[0-9a-f]{32}$/);
	});
});
