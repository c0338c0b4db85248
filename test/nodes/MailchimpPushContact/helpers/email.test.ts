import { normalizeEmail } from '../../../../nodes/MailchimpPushContact/helpers/email';

describe('normalizeEmail', () => {
	it('trims', () => expect(normalizeEmail('  ada@lovelace.dev \n')).toEqual({ email: 'ada@lovelace.dev' }));
	it.each([undefined, null, '', '   ', 42, 'not-an-address', 'a@b', 'a b@c.com'])('refuses %p', (value) => {
		expect(normalizeEmail(value)).toHaveProperty('problem');
	});
});

describe('normalizeEmail says what is wrong', () => {
	it('with a value that is not text', () => {
		expect(normalizeEmail(42)).toEqual({ problem: 'The e-mail address must be text, got the number 42' });
		expect(normalizeEmail({ a: 1 })).toEqual({ problem: 'The e-mail address must be text, got an object' });
		expect(normalizeEmail(['a@b.co'])).toEqual({ problem: 'The e-mail address must be text, got a list' });
		expect(normalizeEmail(undefined)).toEqual({ problem: 'The e-mail address is empty' });
	});
	it('with an invisible character, which would make a second contact of the same address', () => {
		expect(normalizeEmail('ada\u200b@lovelace.dev')).toEqual({
			problem: '"ada\u200b@lovelace.dev" contains an invisible character (U+200B); remove it so the address matches the contact\'s',
		});
		expect(normalizeEmail('ada\ufeff@lovelace.dev')).toHaveProperty('problem');
	});
	it('with an address over RFC 5321\'s lengths', () => {
		expect(normalizeEmail(`${'a'.repeat(65)}@lovelace.dev`)).toHaveProperty('problem', expect.stringMatching(/too long/));
		expect(normalizeEmail(`a@${'b'.repeat(250)}.dev`)).toHaveProperty('problem', expect.stringMatching(/too long/));
		expect(normalizeEmail(`${'a'.repeat(64)}@lovelace.dev`)).toEqual({ email: `${'a'.repeat(64)}@lovelace.dev` });
	});
});

