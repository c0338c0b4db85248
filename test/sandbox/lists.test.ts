import {
	ACME_LIST_COUNT,
	CUSTOMERS_LIST_ID,
	INTEREST_IDS,
	NEWSLETTER_LIST_ID,
	validateResponse,
} from '../../sandbox';
import { acme, problem, raw, useSandbox } from './helpers';

const sb = useSandbox();

describe('GET /lists', () => {
	it('pages 10 by default, so a client that forgets paging sees only 10 of 14', async () => {
		const first = await acme(sb.get()).lists.getAllLists();
		expect(first.lists).toHaveLength(10);
		expect(first.total_items).toBe(ACME_LIST_COUNT);
		expect(first.lists[0]).toMatchObject({ id: NEWSLETTER_LIST_ID, name: 'Newsletter' });
		const rest = await acme(sb.get()).lists.getAllLists({ count: 10, offset: 10 });
		expect(rest.lists).toHaveLength(4);
		const all = await acme(sb.get()).lists.getAllLists({ count: 1000 });
		expect(new Set(all.lists.map((l: { id: string }) => l.id)).size).toBe(14);
		for (const l of all.lists) expect(l.id).toMatch(/^[0-9a-f]{10}$/);
	});

	it('rejects count above 1000 with 400', async () => {
		const p = await problem(acme(sb.get()).lists.getAllLists({ count: 1001 }));
		expect(p).toMatchObject({ status: 400, title: 'Invalid Resource' });
		expect(p.errors?.[0].field).toBe('count');
	});

	it('returns the list record fields a client relies on', async () => {
		const list = await acme(sb.get()).lists.getList(CUSTOMERS_LIST_ID);
		expect(list).toMatchObject({ id: CUSTOMERS_LIST_ID, name: 'Customers', marketing_permissions: true, double_optin: true });
		expect(list.stats.member_count).toBe(3);
		expect(typeof list.web_id).toBe('number');
		expect(list.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
		const news = await acme(sb.get()).lists.getList(NEWSLETTER_LIST_ID);
		expect(news.stats).toMatchObject({ member_count: 2, unsubscribe_count: 1, cleaned_count: 1 });
	});

	it('honours fields and exclude_fields with dotted paths', async () => {
		const slim = await acme(sb.get()).lists.getAllLists({ fields: ['lists.id', 'lists.name', 'total_items'], count: 3 });
		expect(slim).toEqual({
			lists: [
				{ id: NEWSLETTER_LIST_ID, name: 'Newsletter' },
				{ id: CUSTOMERS_LIST_ID, name: 'Customers' },
				{ id: expect.any(String), name: 'Webinar Attendees' },
			],
			total_items: 14,
		});
		const lean = await acme(sb.get()).lists.getAllLists({ excludeFields: ['lists.stats', 'lists._links', '_links'], count: 1 });
		expect(lean.lists[0].stats).toBeUndefined();
		expect(lean.lists[0].name).toBe('Newsletter');
		expect(lean._links).toBeUndefined();
	});

	it('sorts by date_created', async () => {
		const desc = await acme(sb.get()).lists.getAllLists({ sortField: 'date_created', sortDir: 'DESC', count: 1 });
		expect(desc.lists[0].name).toBe('Job Applicants');
	});

	it('answers 404 Resource Not Found for an unknown list', async () => {
		const p = await problem(acme(sb.get()).lists.getList('0000000000'));
		expect(p).toMatchObject({ status: 404, title: 'Resource Not Found', detail: 'The requested resource could not be found.' });
	});
});

describe('merge fields', () => {
	it('pages 10 of 13 by default and all with count', async () => {
		const first = await acme(sb.get()).lists.getListMergeFields(NEWSLETTER_LIST_ID);
		expect(first.merge_fields).toHaveLength(10);
		expect(first.total_items).toBe(13);
		const all = await acme(sb.get()).lists.getListMergeFields(NEWSLETTER_LIST_ID, { count: 100 });
		expect(all.merge_fields.map((f: { tag: string }) => f.tag).sort()).toEqual(
			['ADDRESS', 'AVATAR', 'BIRTHDAY', 'COMPANY', 'FNAME', 'LNAME', 'PHONE', 'PLAN', 'SCORE', 'SIGNUPDATE', 'SOURCE', 'WEBSITE', 'ZIPCODE'],
		);
		const byTag = Object.fromEntries(all.merge_fields.map((f: { tag: string }) => [f.tag, f]));
		expect(byTag.COMPANY).toMatchObject({ type: 'text', required: true });
		expect(byTag.BIRTHDAY.options.date_format).toBe('MM/DD');
		expect(byTag.SIGNUPDATE.options.date_format).toBe('MM/DD/YYYY');
		expect(byTag.PLAN.options.choices).toEqual(['Free', 'Pro', 'Enterprise']);
		expect(byTag.ADDRESS.options.default_country).toBe(164);
		expect(byTag.PHONE.options.phone_format).toBe('none');
		const offset = await acme(sb.get()).lists.getListMergeFields(NEWSLETTER_LIST_ID, { count: 10, offset: 10 });
		expect(offset.merge_fields).toHaveLength(3);
	});

	it('answers like the official merge-fields-collection schema', async () => {
		for (const list of [NEWSLETTER_LIST_ID, CUSTOMERS_LIST_ID]) {
			const body = await acme(sb.get()).lists.getListMergeFields(list, { count: 100 });
			expect(validateResponse('merge-fields-collection', body)).toEqual([]);
		}
	});

	it('uses European formats on Customers', async () => {
		const all = await acme(sb.get()).lists.getListMergeFields(CUSTOMERS_LIST_ID, { count: 100 });
		const byTag = Object.fromEntries(all.merge_fields.map((f: { tag: string }) => [f.tag, f]));
		expect(byTag.BIRTHDAY.options.date_format).toBe('DD/MM');
		expect(byTag.SIGNUPDATE.options.date_format).toBe('DD/MM/YYYY');
		expect(all.merge_fields.some((f: { required: boolean }) => f.required)).toBe(false);
	});

	it('honours fields on merge fields', async () => {
		const body = await acme(sb.get()).lists.getListMergeFields(NEWSLETTER_LIST_ID, { fields: ['merge_fields.tag', 'merge_fields.type', 'total_items'], count: 2 });
		expect(body).toEqual({ merge_fields: [{ tag: 'FNAME', type: 'text' }, { tag: 'LNAME', type: 'text' }], total_items: 13 });
	});
});

describe('interests', () => {
	it('lists categories and their interests', async () => {
		const cats = await acme(sb.get()).lists.getListInterestCategories(NEWSLETTER_LIST_ID);
		expect(cats.categories.map((c: { title: string; type: string }) => [c.title, c.type])).toEqual([
			['Topics', 'checkboxes'],
			['Region', 'radio'],
		]);
		const interests = await acme(sb.get()).lists.listInterestCategoryInterests(NEWSLETTER_LIST_ID, INTEREST_IDS.topics);
		expect(interests.interests.map((i: { name: string }) => i.name)).toEqual(['Product news', 'Events', 'Tips']);
		expect(interests.interests[0].subscriber_count).toBe('1');
		expect((await problem(acme(sb.get()).lists.listInterestCategoryInterests(NEWSLETTER_LIST_ID, 'nope'))).status).toBe(404);
	});
});

describe('unknown routes', () => {
	it('answers 404 problem+json for unknown paths and 405 for a wrong method', async () => {
		const { apiKey } = sb.get().accounts.acme;
		const missing = await raw(sb.get(), { path: '/3.0/nothing-here', apiKey });
		expect(missing.status).toBe(404);
		expect(missing.json.title).toBe('Resource Not Found');
		const outside = await raw(sb.get(), { path: '/api/v1/ping', apiKey });
		expect(outside.status).toBe(404);
		const wrongMethod = await raw(sb.get(), { method: 'DELETE', path: '/3.0/ping', apiKey });
		expect(wrongMethod.status).toBe(405);
	});
});
