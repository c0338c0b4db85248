// Seed data: two accounts (so tests can prove credentials never cross), realistic audiences,
// merge fields of every type, interests, GDPR permissions, members in every status and a
// journey. Everything is plain data; store.ts turns it into mutable state on every reset.
import type { MemberStatus } from './types';

export const SANDBOX_ACCOUNTS = {
	acme: {
		name: 'acme',
		apiKey: '5f3c9d2a7b1e4c8f9a0d6e2b3c4f5a6b-us14',
		dc: 'us14',
		accessToken: 'acme-oauth-7b1e4c8f9a0d6e2b',
		accountName: 'Acme Corporation',
		userId: 40918273,
		loginId: 40918273,
		loginName: 'acme-marketing',
		loginEmail: 'marketing@acme-mail.com',
	},
	globex: {
		name: 'globex',
		apiKey: '0a1b2c3d4e5f60718293a4b5c6d7e8f9-us21',
		dc: 'us21',
		accessToken: 'globex-oauth-60718293a4b5c6d7',
		accountName: 'Globex Industries',
		userId: 77120455,
		loginId: 77120455,
		loginName: 'globex-ops',
		loginEmail: 'ops@globex-corp.com',
	},
} as const;

export type AccountName = keyof typeof SANDBOX_ACCOUNTS;

export const NEWSLETTER_LIST_ID = 'b7e2a91c4d';
export const CUSTOMERS_LIST_ID = 'c41d9e7f02';
export const GLOBEX_LEADS_LIST_ID = 'f0e1d2c3b4';
export const ACME_LIST_COUNT = 14;

/** Newsletter members in each state, for tests. */
export const SEEDED_MEMBERS = {
	subscribed: 'ada@lovelace.dev',
	subscribed2: 'alan@turing-labs.co.uk',
	pending: 'grace@hopper-labs.io',
	unsubscribed: 'former@acme-mail.com',
	cleaned: 'bounced@acme-mail.com',
	forgotten: 'forgotten@acme-mail.com',
} as const;

export const CUSTOMERS_MEMBERS = ['margaret@hamilton-space.eu', 'tim@berners-web.eu', 'sophie@wilson-arm.eu'] as const;
export const GLOBEX_MEMBERS = ['hank@scorpio-mail.com'] as const;

export const INTEREST_IDS = {
	topics: 'e5a1f0c2b7',
	productNews: 'a0f1e2d3c4',
	events: 'b1a2c3d4e5',
	tips: 'c2b3d4e5f6',
	region: 'd4c3b2a1f0',
	emea: '1a2b3c4d5e',
	americas: '2b3c4d5e6f',
	apac: '3c4d5e6f7a',
} as const;

export const MARKETING_PERMISSION_IDS = {
	email: 'a1b2c3d4e5',
	directMail: 'b2c3d4e5f6',
	advertising: 'c3d4e5f6a7',
} as const;

export const ACME_JOURNEY = { journeyId: 3127, stepId: 9384, listId: NEWSLETTER_LIST_ID } as const;
export const GLOBEX_JOURNEY = { journeyId: 5120, stepId: 7711, listId: GLOBEX_LEADS_LIST_ID } as const;

export const SEEDED_TAGS = { vip: 'VIP', webinar: 'Webinar 2024' } as const;

export type MergeFieldType = 'text' | 'number' | 'address' | 'phone' | 'date' | 'url' | 'imageurl' | 'radio' | 'dropdown' | 'birthday' | 'zip';

export interface MergeFieldDef {
	merge_id: number;
	tag: string;
	name: string;
	type: MergeFieldType;
	required: boolean;
	default_value: string;
	public: boolean;
	display_order: number;
	options: { size?: number; date_format?: string; choices?: string[]; phone_format?: string; default_country?: number };
	help_text: string;
}

export interface InterestDef {
	id: string;
	name: string;
}

export interface InterestCategoryDef {
	id: string;
	title: string;
	type: 'checkboxes' | 'dropdown' | 'radio' | 'hidden';
	interests: InterestDef[];
}

export interface SeedMember {
	email: string;
	status: MemberStatus;
	merge_fields: Record<string, unknown>;
	interests?: Record<string, boolean>;
	tags?: string[];
	vip?: boolean;
	language?: string;
	marketing?: Record<string, boolean>;
	since: string; // signup / opt-in time
}

export interface SeedList {
	id: string;
	web_id: number;
	name: string;
	date_created: string;
	double_optin: boolean;
	marketing_permissions: boolean;
	company: string;
	from_email: string;
	mergeFields: MergeFieldDef[];
	interestCategories: InterestCategoryDef[];
	marketingPermissions: Array<{ marketing_permission_id: string; text: string }>;
	members: SeedMember[];
	forgotten: string[];
	savedSegments: string[];
}

export interface SeedJourney {
	journeyId: number;
	stepId: number;
	listId: string;
}

export interface SeedAccount {
	name: AccountName;
	lists: SeedList[];
	journeys: SeedJourney[];
}

type FieldSpec = [tag: string, name: string, type: MergeFieldType, options?: MergeFieldDef['options'], required?: boolean];

/** Merge ids and display order follow Mailchimp's (EMAIL is display_order 1). */
function fields(specs: FieldSpec[]): MergeFieldDef[] {
	return specs.map(([tag, name, type, options, required], i) => ({
		merge_id: i + 1,
		tag,
		name,
		type,
		required: required ?? false,
		default_value: '',
		public: tag !== 'SCORE',
		display_order: i + 2,
		options: options ?? {},
		help_text: '',
	}));
}

const NAME_FIELDS: FieldSpec[] = [
	['FNAME', 'First Name', 'text', { size: 25 }],
	['LNAME', 'Last Name', 'text', { size: 25 }],
];

const NEWSLETTER_FIELDS = fields([
	...NAME_FIELDS,
	['ADDRESS', 'Address', 'address', { default_country: 164 }],
	['PHONE', 'Phone Number', 'phone', { phone_format: 'none' }],
	['BIRTHDAY', 'Birthday', 'birthday', { date_format: 'MM/DD' }],
	['COMPANY', 'Company', 'text', { size: 25 }, true],
	['SIGNUPDATE', 'Signup Date', 'date', { date_format: 'MM/DD/YYYY' }],
	['SCORE', 'Lead Score', 'number'],
	['PLAN', 'Plan', 'dropdown', { choices: ['Free', 'Pro', 'Enterprise'] }],
	['SOURCE', 'Source', 'radio', { choices: ['Web', 'Event', 'Referral'] }],
	['WEBSITE', 'Website', 'url'],
	['AVATAR', 'Avatar', 'imageurl'],
	['ZIPCODE', 'ZIP Code', 'zip'],
]);

const CUSTOMERS_FIELDS = fields([
	...NAME_FIELDS,
	['BIRTHDAY', 'Birthday', 'birthday', { date_format: 'DD/MM' }],
	['SIGNUPDATE', 'Customer Since', 'date', { date_format: 'DD/MM/YYYY' }],
]);

const NEWSLETTER_INTERESTS: InterestCategoryDef[] = [
	{
		id: INTEREST_IDS.topics,
		title: 'Topics',
		type: 'checkboxes',
		interests: [
			{ id: INTEREST_IDS.productNews, name: 'Product news' },
			{ id: INTEREST_IDS.events, name: 'Events' },
			{ id: INTEREST_IDS.tips, name: 'Tips' },
		],
	},
	{
		id: INTEREST_IDS.region,
		title: 'Region',
		type: 'radio',
		interests: [
			{ id: INTEREST_IDS.emea, name: 'EMEA' },
			{ id: INTEREST_IDS.americas, name: 'Americas' },
			{ id: INTEREST_IDS.apac, name: 'APAC' },
		],
	},
];

const NEWSLETTER_MEMBERS: SeedMember[] = [
	{
		email: SEEDED_MEMBERS.subscribed,
		status: 'subscribed',
		merge_fields: {
			FNAME: 'Ada',
			LNAME: 'Lovelace',
			COMPANY: 'Analytical Engines Ltd',
			ADDRESS: { addr1: '12 St James Square', addr2: '', city: 'London', state: 'London', zip: 'SW1Y 4JH', country: 'GB' },
			PHONE: '+44 20 7946 0958',
			BIRTHDAY: '12/10',
			SIGNUPDATE: '03/14/2023',
			SCORE: 87,
			PLAN: 'Enterprise',
			SOURCE: 'Event',
			WEBSITE: 'https://lovelace.dev',
		},
		interests: { [INTEREST_IDS.productNews]: true, [INTEREST_IDS.emea]: true },
		tags: [SEEDED_TAGS.vip],
		vip: true,
		language: 'en',
		since: '2023-03-14T09:26:53+00:00',
	},
	{
		email: SEEDED_MEMBERS.subscribed2,
		status: 'subscribed',
		merge_fields: { FNAME: 'Alan', LNAME: 'Turing', COMPANY: 'Bletchley Analytics', PLAN: 'Pro', SOURCE: 'Web', ZIPCODE: '02139' },
		interests: { [INTEREST_IDS.tips]: true, [INTEREST_IDS.americas]: true },
		tags: [SEEDED_TAGS.webinar],
		since: '2023-06-23T14:05:11+00:00',
	},
	{
		email: SEEDED_MEMBERS.pending,
		status: 'pending',
		merge_fields: { FNAME: 'Grace', LNAME: 'Hopper', COMPANY: 'Hopper Labs' },
		since: '2024-01-09T08:00:00+00:00',
	},
	{
		email: SEEDED_MEMBERS.unsubscribed,
		status: 'unsubscribed',
		merge_fields: { FNAME: 'Fran', LNAME: 'Former', COMPANY: 'Acme Mail' },
		since: '2022-11-02T17:45:00+00:00',
	},
	{
		email: SEEDED_MEMBERS.cleaned,
		status: 'cleaned',
		merge_fields: { FNAME: 'Bo', LNAME: 'Bounce', COMPANY: 'Acme Mail' },
		since: '2022-08-19T10:12:40+00:00',
	},
];

const CUSTOMERS_MEMBERS_SEED: SeedMember[] = CUSTOMERS_MEMBERS.map((email, i) => ({
	email,
	status: 'subscribed',
	merge_fields: [
		{ FNAME: 'Margaret', LNAME: 'Hamilton', BIRTHDAY: '17/08', SIGNUPDATE: '05/02/2021' },
		{ FNAME: 'Tim', LNAME: 'Berners-Lee', BIRTHDAY: '08/06', SIGNUPDATE: '12/03/2022' },
		{ FNAME: 'Sophie', LNAME: 'Wilson', BIRTHDAY: '21/06', SIGNUPDATE: '30/09/2023' },
	][i],
	marketing: [
		{ [MARKETING_PERMISSION_IDS.email]: true, [MARKETING_PERMISSION_IDS.directMail]: false, [MARKETING_PERMISSION_IDS.advertising]: false },
		{ [MARKETING_PERMISSION_IDS.email]: true, [MARKETING_PERMISSION_IDS.directMail]: true, [MARKETING_PERMISSION_IDS.advertising]: false },
		{ [MARKETING_PERMISSION_IDS.email]: true, [MARKETING_PERMISSION_IDS.directMail]: true, [MARKETING_PERMISSION_IDS.advertising]: true },
	][i],
	language: ['en', 'de', 'fr'][i],
	since: ['2021-02-05T11:00:00+00:00', '2022-03-12T15:30:00+00:00', '2023-09-30T07:45:00+00:00'][i],
}));

/** The 12 further acme audiences: name + id only, default name fields, no members. */
const OTHER_ACME_LISTS: Array<[id: string, name: string]> = [
	['d5a8e3f1b6', 'Webinar Attendees'],
	['e6b9f4a2c7', 'Beta Testers'],
	['f7cae5b3d8', 'Partners'],
	['a8dbf6c4e9', 'Product Updates'],
	['b9eca7d5fa', 'Event Leads'],
	['cafdb8e6a1', 'Trial Users'],
	['dbaec9f7b2', 'Churned Customers'],
	['ecbfdaa8c3', 'Investors'],
	['fdcaebb9d4', 'Press Contacts'],
	['aedbfcca05', 'Affiliates'],
	['bfecadd1e6', 'Community Forum'],
	['c0fdbee2f7', 'Job Applicants'],
];

function list(id: string, name: string, index: number, extra: Partial<SeedList> = {}): SeedList {
	const month = String((index % 12) + 1).padStart(2, '0');
	return {
		id,
		web_id: 104200 + index * 17,
		name,
		date_created: `${2019 + Math.floor(index / 12)}-${month}-0${(index % 9) + 1}T10:${String(10 + index).padStart(2, '0')}:00+00:00`,
		double_optin: false,
		marketing_permissions: false,
		company: 'Acme Corporation',
		from_email: 'news@acme-mail.com',
		mergeFields: fields(NAME_FIELDS),
		interestCategories: [],
		marketingPermissions: [],
		members: [],
		forgotten: [],
		savedSegments: [],
		...extra,
	};
}

/** Fresh seed every call, so a reset can never share objects with a previous run. */
export function buildSeed(): SeedAccount[] {
	const acmeLists: SeedList[] = [
		list(NEWSLETTER_LIST_ID, 'Newsletter', 0, {
			double_optin: true,
			mergeFields: NEWSLETTER_FIELDS,
			interestCategories: NEWSLETTER_INTERESTS,
			members: NEWSLETTER_MEMBERS,
			forgotten: [SEEDED_MEMBERS.forgotten],
			savedSegments: ['Engaged subscribers'],
		}),
		list(CUSTOMERS_LIST_ID, 'Customers', 1, {
			double_optin: true,
			marketing_permissions: true,
			from_email: 'customers@acme-mail.com',
			mergeFields: CUSTOMERS_FIELDS,
			marketingPermissions: [
				{ marketing_permission_id: MARKETING_PERMISSION_IDS.email, text: 'Email' },
				{ marketing_permission_id: MARKETING_PERMISSION_IDS.directMail, text: 'Direct Mail' },
				{ marketing_permission_id: MARKETING_PERMISSION_IDS.advertising, text: 'Customized Online Advertising' },
			],
			members: CUSTOMERS_MEMBERS_SEED,
		}),
		...OTHER_ACME_LISTS.map(([id, name], i) => list(id, name, i + 2)),
	];
	const globexLists: SeedList[] = [
		list(GLOBEX_LEADS_LIST_ID, 'Globex Leads', 0, {
			company: 'Globex Industries',
			from_email: 'leads@globex-corp.com',
			members: [
				{ email: GLOBEX_MEMBERS[0], status: 'subscribed', merge_fields: { FNAME: 'Hank', LNAME: 'Scorpio' }, since: '2023-05-01T12:00:00+00:00' },
			],
		}),
		list('9a8b7c6d5e', 'Globex Newsletter', 1, { company: 'Globex Industries', from_email: 'news@globex-corp.com' }),
		list('5e4d3c2b1a', 'Globex Partners', 2, { company: 'Globex Industries', from_email: 'partners@globex-corp.com' }),
	];
	return [
		{ name: 'acme', lists: acmeLists, journeys: [{ ...ACME_JOURNEY }] },
		{ name: 'globex', lists: globexLists, journeys: [{ ...GLOBEX_JOURNEY }] },
	];
}
