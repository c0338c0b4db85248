import { CUSTOMERS_LIST_ID, INTEREST_IDS, NEWSLETTER_LIST_ID as LIST } from '../../../../../../sandbox';
import { audience, editorSchema, mapEach, push, useSandbox } from '../../../fixture';

const sandbox = useSandbox();
const continueOnFail = { onError: 'continueRegularOutput' as const };

describe('merge field values are sent as Mailchimp expects for each type', () => {
	it('numbers, dates, birthdays, addresses, dropdowns, radios, urls', async () => {
		const run = await push({
			parameters: {
				mergeFields: mapEach({
					COMPANY: '={{ $json.company }}',
					SCORE: '={{ $json.score }}',
					SIGNUPDATE: '={{ $json.signedUp }}',
					BIRTHDAY: '={{ $json.born }}',
					ADDRESS: '={{ $json.address }}',
					PLAN: '={{ $json.plan }}',
					SOURCE: '={{ $json.source }}',
					WEBSITE: 'https://initech-mail.com',
				}),
			},
			items: [
				{
					email: 'typed@initech-mail.com',
					company: 'Initech',
					score: '42',
					signedUp: '2026-03-09T10:00:00Z',
					born: '1990-05-17',
					address: { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
					plan: 'pro',
					source: 'event',
				},
			],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', LIST, 'typed@initech-mail.com')?.merge_fields).toMatchObject({
			SCORE: 42,
			SIGNUPDATE: '03/09/2026',
			BIRTHDAY: '05/17',
			ADDRESS: expect.objectContaining({ addr1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' }),
			PLAN: 'Pro',
			SOURCE: 'Event',
			WEBSITE: 'https://initech-mail.com',
		});
	});

	it('uses the audience\'s own formats (DD/MM birthdays, DD/MM/YYYY dates)', async () => {
		const run = await push({
			parameters: {
				audience: audience(CUSTOMERS_LIST_ID),
				mergeFields: mapEach({ BIRTHDAY: '={{ $json.born }}', SIGNUPDATE: '2026-03-09' }, editorSchema(CUSTOMERS_LIST_ID)),
			},
			items: [{ email: 'eu@initech-mail.com', born: '1990-05-17' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', CUSTOMERS_LIST_ID, 'eu@initech-mail.com')?.merge_fields).toMatchObject({
			BIRTHDAY: '17/05',
			SIGNUPDATE: '09/03/2026',
		});
	});

	it('an impossible value fails only its item, naming the field, and nothing is sent for it', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'I', SCORE: '={{ $json.score }}', PLAN: '={{ $json.plan }}' }) },
			items: [
				{ email: 'bad-score@initech-mail.com', score: 'many' },
				{ email: 'bad-plan@initech-mail.com', plan: 'Gold' },
				{ email: 'fine@initech-mail.com', score: 1 },
			],
			node: continueOnFail,
		});
		expect(run.json[0]).toMatchObject({ email: 'bad-score@initech-mail.com', error: 'merge field SCORE (Lead Score) expects a number written like 1234.5 or 1,234.5, got "many"' });
		expect(run.json[1].error).toMatch(/merge field PLAN .* must be one of "Free", "Pro", "Enterprise", got "Gold"/);
		expect(run.json[2]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', LIST, 'bad-score@initech-mail.com')).toBeUndefined();
	});

	it('a value Mailchimp refuses comes back as its field message', async () => {
		const run = await push({
			// (A fixed invalid value would be caught by n8n's own parameter check before the run.)
			parameters: { mergeFields: mapEach({ COMPANY: 'I', WEBSITE: '={{ $json.site }}' }) },
			items: [{ email: 'web@initech-mail.com', site: 'not a url' }],
			node: continueOnFail,
		});
		expect(run.json[0]).toMatchObject({
			error: expect.stringMatching(/^Invalid Resource — .*WEBSITE: /),
			errorDetails: { status: 400, title: 'Invalid Resource', errors: [expect.objectContaining({ field: 'WEBSITE' })] },
		});
	});
});

describe('Map Automatically', () => {
	it('matches input keys to merge fields by tag, name and common spellings', async () => {
		const run = await push({
			parameters: { mergeFields: { mappingMode: 'autoMapInputData', value: null } },
			items: [{ email: 'auto@initech-mail.com', first_name: 'Ada', 'Last Name': 'Lovelace', company: 'Analytical', SCORE: '7', ignored: 'x' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', LIST, 'auto@initech-mail.com')?.merge_fields).toMatchObject({
			FNAME: 'Ada',
			LNAME: 'Lovelace',
			COMPANY: 'Analytical',
			SCORE: 7,
		});
	});
});

describe('a mapping saved without its schema (workflow JSON written by hand)', () => {
	it('reads the merge fields from Mailchimp once per execution', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'I', BIRTHDAY: '={{ $json.born }}' }, null) },
			items: [{ email: 'a1@initech-mail.com', born: '1990-01-02' }, { email: 'a2@initech-mail.com', born: '1991-03-04' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'created']);
		expect(sandbox().requests.filter((r) => r.path.endsWith('/merge-fields'))).toHaveLength(1);
		expect(sandbox().getMember('acme', LIST, 'a2@initech-mail.com')?.merge_fields.BIRTHDAY).toBe('03/04');
	});
});

describe('blank values never blank what Mailchimp holds', () => {
	it('white space for text, number, date, address and dropdown fields is not sent, alone and in bulk', async () => {
		const email = 'keep@initech-mail.com';
		sandbox().addMembers('acme', LIST, [{ email_address: email, merge_fields: { FNAME: 'Keep', SCORE: 77, COMPANY: 'Kept', PLAN: 'Pro' } }]);
		const blanks = { FNAME: '   ', SCORE: ' \t', SIGNUPDATE: '  ', ADDRESS: '   ', PLAN: ' ' };
		const mapping = Object.fromEntries(Object.keys(blanks).map((tag) => [tag, `={{ $json.${tag} }}`]));
		for (const extra of [0, 60]) {
			const others = Array.from({ length: extra }, (_, i) => ({ email: `blank${i}@initech-mail.com`, ...blanks }));
			const run = await push({ parameters: { mergeFields: mapEach({ COMPANY: 'Initech', ...mapping }) }, items: [{ email, ...blanks }, ...others] });
			expect(run.json[0]).toMatchObject({ action: 'updated' });
			expect(sandbox().getMember('acme', LIST, email)!.merge_fields).toMatchObject({ FNAME: 'Keep', SCORE: 77, PLAN: 'Pro' });
		}
	});
});

describe('numbers are parsed, never guessed', () => {
	it('"12,5" and other ambiguous notations fail their item naming the field; plain decimals pass', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech', SCORE: '={{ $json.score }}' }) },
			items: [
				{ email: 'n1@initech-mail.com', score: '12,5' },
				{ email: 'n2@initech-mail.com', score: '0x10' },
				{ email: 'n3@initech-mail.com', score: '1,234.5' },
				{ email: 'n4@initech-mail.com', score: ' 42 ' },
			],
			node: continueOnFail,
		});
		expect(run.json.map((j) => j.error ?? j.action)).toEqual([
			'merge field SCORE (Lead Score) expects a number written like 1234.5 or 1,234.5, got "12,5"',
			'merge field SCORE (Lead Score) expects a number written like 1234.5 or 1,234.5, got "0x10"',
			'created',
			'created',
		]);
		expect(sandbox().getMember('acme', LIST, 'n1@initech-mail.com')).toBeUndefined();
		expect(sandbox().getMember('acme', LIST, 'n3@initech-mail.com')!.merge_fields.SCORE).toBe(1234.5);
	});

	it('dates given as Unix seconds are read as seconds, not 1970', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech', SIGNUPDATE: '={{ $json.since }}' }) },
			items: [{ email: 'epoch@initech-mail.com', since: 1_700_000_000 }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', LIST, 'epoch@initech-mail.com')!.merge_fields.SIGNUPDATE).toBe('11/14/2023');
	});

	it('a nested value inside an address part fails the item instead of becoming "[object Object]"', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech', ADDRESS: '={{ $json.address }}' }) },
			items: [{ email: 'addr@initech-mail.com', address: { addr1: '1 Main St', city: { name: 'Paris' }, state: 'IDF', zip: '75001' } }],
			node: continueOnFail,
		});
		expect(run.json[0].error).toBe('merge field ADDRESS (Address) address part "city" must be text, got an object');
	});
});

describe('e-mails the item gives are checked before anything is sent', () => {
	it('a number, an object, a list, an invisible character or an over-long address each say what is wrong', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }) },
			items: [{ email: 42 }, { email: { a: 1 } }, { email: ['x@y.co'] }, { email: 'ada\u200b@lovelace.dev' }, { email: `${'a'.repeat(70)}@x.co` }],
			node: continueOnFail,
		});
		expect(run.json.map((j) => j.error)).toEqual([
			'The e-mail address must be text, got the number 42',
			'The e-mail address must be text, got an object',
			'The e-mail address must be text, got a list',
			expect.stringMatching(/contains an invisible character \(U\+200B\)/),
			expect.stringMatching(/too long for an e-mail address/),
		]);
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('interest ids match whatever their case', async () => {
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }), options: { interests: INTEREST_IDS.events.toUpperCase() } },
			items: [{ email: 'caps@initech-mail.com' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(sandbox().getMember('acme', LIST, 'caps@initech-mail.com')!.interests[INTEREST_IDS.events]).toBe(true);
	});
});

describe('a lookup that fails mid-push', () => {
	it('fails only the items that need it, with Mailchimp\'s answer, while every other contact is written and reported', async () => {
		// Interest names need the audience's interest catalog, which keeps answering 503.
		sandbox().setFaults({ rate5xx: 1, onlyPath: '/interest-categories' });
		const items = Array.from({ length: 2000 }, (_, i) => ({ email: `mid${i}@initech-mail.com`, interests: i % 4 === 3 ? 'Events' : '' }));
		const run = await push({
			parameters: { mergeFields: mapEach({ COMPANY: 'Initech' }), options: { interests: '={{ $json.interests }}' } },
			items,
			node: continueOnFail,
		});
		sandbox().setFaults(undefined);
		expect(run.status).toBe('success');
		expect(run.json).toHaveLength(2000);
		run.json.forEach((json, i) => {
			if (i % 4 === 3) expect(json.error).toMatch(/^Service Unavailable|^Internal Server Error/);
			else expect(json).toMatchObject({ email: `mid${i}@initech-mail.com`, action: 'created' });
		});
		expect(sandbox().listMembers('acme', LIST).filter((m) => m.email_address.startsWith('mid'))).toHaveLength(1500);
	}, 60_000);
});
