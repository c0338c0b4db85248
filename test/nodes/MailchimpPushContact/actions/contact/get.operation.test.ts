import {
	CUSTOMERS_LIST_ID,
	CUSTOMERS_MEMBERS,
	INTEREST_IDS,
	MARKETING_PERMISSION_IDS,
	NEWSLETTER_LIST_ID as LIST,
	SEEDED_MEMBERS,
	SEEDED_TAGS,
	subscriberHash,
} from '../../../../../sandbox';
import type { IDataObject } from 'n8n-workflow';
import { audience, failure, push, useSandbox, writes } from '../../fixture';

const sandbox = useSandbox();
const ADA = SEEDED_MEMBERS.subscribed;
const get = (items: IDataObject[], parameters: IDataObject = {}, node = {}) => push({ parameters: { operation: 'get', ...parameters }, items, node });
const continueOnFail = { onError: 'continueRegularOutput' as const };
const memberReads = () => sandbox().requests.filter((r) => r.method === 'GET' && /\/members\/[0-9a-f]{32}$/.test(r.path));

describe('Get', () => {
	it('gives a found member in camelCase: status, merge fields by tag, tag names, interests, and the rest', async () => {
		const run = await get([{ email: ` ${ADA.toUpperCase()}` }]);
		const stored = sandbox().getMember('acme', LIST, ADA)!;
		expect(run.json).toEqual([
			{
				email: ADA.toUpperCase(),
				audienceId: LIST,
				subscriberHash: subscriberHash(ADA),
				status: 'subscribed',
				found: true,
				mergeFields: expect.objectContaining({ FNAME: 'Ada', LNAME: 'Lovelace', SCORE: 87, ADDRESS: expect.objectContaining({ city: 'London' }) }),
				tags: [SEEDED_TAGS.vip],
				interests: expect.objectContaining({ [INTEREST_IDS.productNews]: true, [INTEREST_IDS.emea]: true, [INTEREST_IDS.tips]: false }),
				marketingPermissions: [],
				language: 'en',
				vip: true,
				emailType: stored.email_type,
				location: {
					latitude: stored.location.latitude,
					longitude: stored.location.longitude,
					countryCode: stored.location.country_code,
					timezone: stored.location.timezone,
					region: stored.location.region,
				},
				ipSignup: stored.ip_signup,
				timestampSignup: stored.timestamp_signup,
				lastChanged: stored.last_changed,
			},
		]);
		// One read, without the _links that make up most of a member record.
		expect(memberReads().map((r) => r.query)).toEqual([{ exclude_fields: '_links' }]);
		expect(writes(sandbox())).toEqual([]);
	});

	it('gives GDPR marketing permissions as id, text and enabled', async () => {
		const run = await get([{ email: CUSTOMERS_MEMBERS[1] }], { audience: audience(CUSTOMERS_LIST_ID) });
		expect(run.json[0].marketingPermissions).toEqual([
			{ id: MARKETING_PERMISSION_IDS.email, text: 'Email', enabled: true },
			{ id: MARKETING_PERMISSION_IDS.directMail, text: 'Direct Mail', enabled: true },
			{ id: MARKETING_PERMISSION_IDS.advertising, text: 'Customized Online Advertising', enabled: false },
		]);
		expect(run.json[0]).toMatchObject({ found: true, language: 'de', audienceId: CUSTOMERS_LIST_ID });
	});

	it('a missing contact is found: false, with no error; a permanently deleted one too; archived and other statuses are found', async () => {
		sandbox().addMembers('acme', LIST, [{ email_address: 'stored@initech-mail.com', status: 'archived' }]);
		const run = await get([
			{ email: 'nobody@initech-mail.com' },
			{ email: SEEDED_MEMBERS.forgotten },
			{ email: 'stored@initech-mail.com' },
			{ email: SEEDED_MEMBERS.unsubscribed },
			{ email: SEEDED_MEMBERS.cleaned },
			{ email: SEEDED_MEMBERS.pending },
		]);
		expect(run.json[0]).toEqual({ email: 'nobody@initech-mail.com', audienceId: LIST, subscriberHash: subscriberHash('nobody@initech-mail.com'), found: false });
		expect(run.json[1]).toMatchObject({ found: false });
		expect(run.json.slice(2).map((j) => [j.found, j.status])).toEqual([
			[true, 'archived'],
			[true, 'unsubscribed'],
			[true, 'cleaned'],
			[true, 'pending'],
		]);
		expect(run.json.every((j) => !('action' in j) && !('error' in j))).toBe(true);
	});

	it('refuses an unusable address or audience per item (On Error: Continue), and stops on it otherwise, naming the item', async () => {
		const run = await get([{ email: 'not-an-address' }, { email: ADA }, { email: ADA, list: 'b7e2-a91c' }], { audience: '={{ $json.list ?? "b7e2a91c4d" }}' }, continueOnFail);
		expect(run.json[0]).toMatchObject({ email: 'not-an-address', error: '"not-an-address" is not an e-mail address' });
		expect(run.json[1]).toMatchObject({ found: true, status: 'subscribed' });
		expect(run.json[2].error).toBe('"b7e2-a91c" is not an audience ID (letters and digits only)');
		const stopped = await get([{ email: ADA }, { email: 'not-an-address' }]);
		expect(failure(stopped).message).toBe('Item 1: "not-an-address" is not an e-mail address');
	});

	it('an audience Mailchimp does not know is an item error in plain words', async () => {
		const run = await get([{ email: ADA }], { audience: audience('0000000000') }, continueOnFail);
		expect(run.json[0]).toMatchObject({ error: expect.stringMatching(/^Resource Not Found/), errorDetails: { status: 404 } });
	});

	it('looks up 1,000 contacts under 429s, 5xx and dropped connections, each with its own answer, in order', async () => {
		const emails = Array.from({ length: 1000 }, (_, i) => `lookup${i}@initech-mail.com`);
		// Every third one is not in the audience; the others alternate statuses.
		sandbox().addMembers(
			'acme',
			LIST,
			emails.filter((_, i) => i % 3).map((email_address, i) => ({ email_address, status: i % 2 ? 'unsubscribed' : 'subscribed', merge_fields: { FNAME: `N${i}` } })),
		);
		sandbox().setLatency({ perRequestMs: 5, perMemberMs: 0 });
		sandbox().setFaults({ rate429: 0.1, rate5xx: 0.05, rateDrop: 0.03, onlyMethods: ['GET'], onlyPath: '/members/' });
		const run = await get(emails.map((email) => ({ email })));
		sandbox().setFaults(undefined);
		const expected = emails.map((email) => {
			const member = sandbox().getMember('acme', LIST, email);
			return member ? [email, true, member.status, member.merge_fields.FNAME] : [email, false, undefined, undefined];
		});
		expect(run.json.map((j) => [j.email, j.found, j.status, (j.mergeFields as IDataObject | undefined)?.FNAME])).toEqual(expected);
		expect(expected.filter(([, found]) => !found)).toHaveLength(334);
		expect(run.items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		expect(sandbox().peakInFlight('acme')).toBeLessThanOrEqual(10);
		expect(sandbox().requests.some((r) => r.fault)).toBe(true);
	}, 60_000);
});
