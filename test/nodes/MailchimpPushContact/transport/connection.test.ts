import {
	apiKeyConnection,
	ConnectionError,
	dataCenterFromApiEndpoint,
	dataCenterFromApiKey,
	loginOrigin,
	oAuth2Connection,
} from '../../../../nodes/MailchimpPushContact/transport/connection';

describe('data center', () => {
	it('is the API key suffix, letters then digits', () => {
		expect(dataCenterFromApiKey('5f3c9d2a7b1e4c8f9a0d6e2b3c4f5a6b-us14')).toBe('us14');
		expect(dataCenterFromApiKey('abc-eu1')).toBe('eu1');
	});
	it.each(['nodash', 'abc-', 'abc-14us', 'abc-us14.evil.com', 'abc-us14/x', 'abc-US14', 'abc-us'])(
		'refuses %s before any request',
		(key) => expect(() => dataCenterFromApiKey(key)).toThrow(ConnectionError),
	);
	it('accepts only https://<dc>.api.mailchimp.com from the OAuth metadata', () => {
		expect(dataCenterFromApiEndpoint('https://us21.api.mailchimp.com', 'us21')).toBe('us21');
		for (const bad of ['http://us21.api.mailchimp.com', 'https://us21.api.mailchimp.com.evil.io', 'https://evil.io', undefined]) {
			expect(() => dataCenterFromApiEndpoint(bad, 'us21')).toThrow(ConnectionError);
		}
		expect(() => dataCenterFromApiEndpoint('https://us21.api.mailchimp.com', 'us14')).toThrow(ConnectionError);
	});
});

describe('apiKeyConnection', () => {
	it('targets the data center host with Basic auth, any user name', () => {
		const c = apiKeyConnection({ apiKey: ' key-us14 ', username: 'mautic-user' });
		expect(c.basePath).toBe('https://us14.api.mailchimp.com/3.0');
		expect(Buffer.from(c.authorization.replace('Basic ', ''), 'base64').toString()).toBe('mautic-user:key-us14');
	});
	it('counts the same key under two user names as one account, without holding the key', () => {
		const a = apiKeyConnection({ apiKey: 'key-us14', username: 'mautic-user' });
		const b = apiKeyConnection({ apiKey: 'key-us14' });
		expect(a.account).toBe(b.account);
		expect(a.account).not.toBe(apiKeyConnection({ apiKey: 'other-us14' }).account);
		expect(a.account).not.toContain('key-us14');
	});
	it('refuses an empty key', () => expect(() => apiKeyConnection({ apiKey: '' })).toThrow(ConnectionError));
});

describe('Mailchimp hosts only', () => {
	it('OAuth2 goes to the data center the metadata named, with the token as Bearer', () => {
		const c = oAuth2Connection('token-1', 'us21');
		expect(c.basePath).toBe('https://us21.api.mailchimp.com/3.0');
		expect(c.authorization).toBe('Bearer token-1');
		expect(c.account).not.toContain('token-1');
	});
	it('asks login.mailchimp.com for the OAuth2 metadata', () => expect(loginOrigin()).toBe('https://login.mailchimp.com'));
	it('no setting in the environment moves the node off Mailchimp', () => {
		// The old test hook; nothing reads it (or any other variable) any more.
		process.env.MAILCHIMP_PUSH_SANDBOX_URL = 'http://127.0.0.1:4010';
		try {
			expect(apiKeyConnection({ apiKey: 'key-us14' }).basePath).toBe('https://us14.api.mailchimp.com/3.0');
			expect(loginOrigin()).toBe('https://login.mailchimp.com');
		} finally {
			delete process.env.MAILCHIMP_PUSH_SANDBOX_URL;
		}
	});
});
