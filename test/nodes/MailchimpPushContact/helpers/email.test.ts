import { normalizeEmail } from '../../../../nodes/MailchimpPushContact/helpers/email';

describe('normalizeEmail', () => {
	it('trims', () => expect(normalizeEmail('  ada@lovelace.dev \n')).toEqual({ email: 'ada@lovelace.dev' }));
	it.each([undefined, null, '', '   ', 42, 'not-an-address', 'a@b', 'a b@c.com'])('refuses %p', (value) => {
		expect(normalizeEmail(value)).toHaveProperty('problem');
	});
});
