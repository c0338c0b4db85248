import type { INodePropertyOptions } from 'n8n-workflow';

import {
	CUSTOMERS_LIST_ID,
	CUSTOMERS_MEMBERS,
	INTEREST_IDS,
	MARKETING_PERMISSION_IDS,
	NEWSLETTER_LIST_ID as LIST,
	SEEDED_MEMBERS,
} from '../../../../../../sandbox';
import { audience, editor, editorSchema, mapEach, push, useSandbox } from '../../../fixture';

const sandbox = useSandbox();
const member = (email: string, list = LIST) => sandbox().getMember('acme', list, email)!;
const company = { mergeFields: mapEach({ COMPANY: 'Initech' }) };

describe('interests', () => {
	it('lists the audience\'s groups as "Category › Interest"', async () => {
		const options = await editor<INodePropertyOptions[]>('loadOptions', 'getInterests');
		expect(options).toContainEqual({ name: 'Topics › Events', value: INTEREST_IDS.events });
		expect(options).toContainEqual({ name: 'Region › APAC', value: INTEREST_IDS.apac });
	});
	it('takes ids picked in the editor, and names from an expression', async () => {
		const run = await push({
			parameters: { ...company, options: { interests: [INTEREST_IDS.events] } },
			items: [{ email: 'picked@initech-mail.com' }],
		});
		expect(run.json[0]).toMatchObject({ action: 'created' });
		expect(member('picked@initech-mail.com').interests[INTEREST_IDS.events]).toBe(true);

		await push({ parameters: { ...company, options: { interests: '={{ $json.topics }}' } }, items: [{ email: 'named@initech-mail.com', topics: 'tips, Region › APAC' }] });
		expect(member('named@initech-mail.com').interests).toMatchObject({ [INTEREST_IDS.tips]: true, [INTEREST_IDS.apac]: true });
	});
	it('an unknown interest fails the item with its name', async () => {
		const run = await push({
			parameters: { ...company, options: { interests: '={{ $json.topics }}' } },
			items: [{ email: 'x@initech-mail.com', topics: 'Gardening' }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0].error).toBe('Unknown interest: Gardening');
	});
});

describe('GDPR marketing permissions', () => {
	it('are loaded by name from the audience, and say when they do not apply', async () => {
		const gdpr = await editor<INodePropertyOptions[]>('loadOptions', 'getMarketingPermissions', { parameters: { audience: audience(CUSTOMERS_LIST_ID) } });
		expect(gdpr.map((o) => o.name)).toEqual(['Email', 'Direct Mail', 'Customized Online Advertising']);
		const plain = await editor<INodePropertyOptions[]>('loadOptions', 'getMarketingPermissions');
		expect(plain).toEqual([expect.objectContaining({ value: '', name: expect.stringMatching(/^Not Applicable/) })]);
	});
	it('are set per permission, on new and existing contacts (in bulk too)', async () => {
		const permissions = {
			permission: [
				{ id: MARKETING_PERMISSION_IDS.email, enabled: true },
				{ id: MARKETING_PERMISSION_IDS.advertising, enabled: false },
			],
		};
		const run = await push({
			parameters: { audience: audience(CUSTOMERS_LIST_ID), mergeFields: mapEach({}, editorSchema(CUSTOMERS_LIST_ID)), options: { marketingPermissions: permissions } },
			items: [{ email: 'gdpr@initech-mail.com' }, { email: CUSTOMERS_MEMBERS[0] }, { email: 'gdpr2@initech-mail.com' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'updated', 'created']);
		for (const email of ['gdpr@initech-mail.com', CUSTOMERS_MEMBERS[0], 'gdpr2@initech-mail.com']) {
			const byId = Object.fromEntries(member(email, CUSTOMERS_LIST_ID).marketing_permissions!.map((p) => [p.marketing_permission_id, p.enabled]));
			expect(byId).toMatchObject({ [MARKETING_PERMISSION_IDS.email]: true, [MARKETING_PERMISSION_IDS.advertising]: false });
		}
	});
});

describe('language, VIP, e-mail type, location and signup data', () => {
	it('are sent on create and update', async () => {
		const options = {
			language: 'fr',
			vip: true,
			emailType: 'text',
			location: { coordinates: { latitude: 48.8566, longitude: 2.3522 } },
			ipSignup: '203.0.113.7',
			timestampSignup: '={{ $json.signedUpAt }}',
			ipOpt: '2001:db8::1',
			timestampOpt: '2026-03-09T10:00:00+01:00',
		};
		const run = await push({
			parameters: { ...company, options },
			items: [{ email: 'profile@initech-mail.com', signedUpAt: 1767225600000 }, { email: SEEDED_MEMBERS.subscribed, signedUpAt: '2026-01-01' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'updated']);
		// Two contacts: the new one went through batch subscribe.
		const batch = sandbox().requests.find((r) => r.path === `/3.0/lists/${LIST}`)!.body as { members: unknown[] };
		expect(batch.members[0]).toMatchObject({
			language: 'fr',
			vip: true,
			email_type: 'text',
			location: { latitude: 48.8566, longitude: 2.3522 },
			ip_signup: '203.0.113.7',
			timestamp_signup: '2026-01-01T00:00:00Z',
			ip_opt: '2001:db8::1',
			timestamp_opt: '2026-03-09T09:00:00Z',
		});
		expect(member(SEEDED_MEMBERS.subscribed)).toMatchObject({ language: 'fr', vip: true, email_type: 'text' });
	});
	it('a bad value fails its item, naming the option', async () => {
		const run = await push({
			parameters: { ...company, options: { ipSignup: '={{ $json.ip }}' } },
			items: [{ email: 'ip@initech-mail.com', ip: 'localhost' }],
			node: { onError: 'continueRegularOutput' },
		});
		expect(run.json[0].error).toBe('Signup IP "localhost" is not an IP address');
	});
});

