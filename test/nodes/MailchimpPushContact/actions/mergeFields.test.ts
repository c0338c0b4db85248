import { CUSTOMERS_LIST_ID, NEWSLETTER_LIST_ID as LIST } from '../../../../sandbox';
import { audience, editorSchema, mapEach, push, useSandbox } from '../fixture';

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
		expect(run.json[0]).toMatchObject({ email: 'bad-score@initech-mail.com', error: 'merge field SCORE (Lead Score) expects a number, got "many"' });
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
