import {
	NEWSLETTER_LIST_ID as LIST,
	SEEDED_MEMBERS,
} from '../../../../../../sandbox';
import { mapEach, push, useSandbox, writes } from '../../../fixture';

const sandbox = useSandbox();
const member = (email: string, list = LIST) => sandbox().getMember('acme', list, email)!;
const company = { mergeFields: mapEach({ COMPANY: 'Initech' }) };
const tagNames = (email: string) => member(email).tags.map((t) => t.name).sort();

describe('tags: add or sync', () => {
	it('add keeps the contact\'s other tags; sync makes them exactly the list, on new and existing contacts', async () => {
		const before = tagNames(SEEDED_MEMBERS.subscribed);
		expect(before.length).toBeGreaterThan(0);
		await push({ parameters: { ...company, options: { tags: 'alpha' } }, items: [{ email: SEEDED_MEMBERS.subscribed }] });
		expect(tagNames(SEEDED_MEMBERS.subscribed)).toEqual([...before, 'alpha'].sort());

		await push({
			parameters: { ...company, options: { tags: 'beta, gamma', tagMode: 'sync' } },
			items: [{ email: SEEDED_MEMBERS.subscribed }, { email: 'synced@initech-mail.com' }],
		});
		expect(tagNames(SEEDED_MEMBERS.subscribed)).toEqual(['beta', 'gamma']);
		expect(tagNames('synced@initech-mail.com')).toEqual(['beta', 'gamma']);
	});

	it('sync works in bulk through static segments', async () => {
		const known = Array.from({ length: 30 }, (_, i) => `tagged${i}@initech-mail.com`);
		sandbox().addMembers('acme', LIST, known.map((email) => ({ email_address: email, status: 'subscribed' })));
		await push({ parameters: { ...company, options: { tags: 'old' } }, items: known.map((email) => ({ email })) });
		expect(tagNames(known[7])).toEqual(['old']);
		sandbox().requests.length = 0;
		await push({ parameters: { ...company, options: { tags: 'new', tagMode: 'sync' } }, items: known.map((email) => ({ email })) });
		expect(tagNames(known[7])).toEqual(['new']);
		expect(writes(sandbox()).filter((r) => r.path.endsWith('/tags'))).toHaveLength(0);
	});
});


describe('a repeated address in one push', () => {
	it('in sync mode ends with the last item\'s tags, as if pushed one after another (alone and in bulk)', async () => {
		for (const extra of [0, 40]) {
			sandbox().reset();
			const others = Array.from({ length: extra }, (_, i) => ({ email: `other${i}@initech-mail.com`, tags: 'x' }));
			const run = await push({
				parameters: { ...company, options: { tags: '={{ $json.tags }}', tagMode: 'sync' } },
				items: [{ email: SEEDED_MEMBERS.subscribed, tags: 'first, both' }, ...others, { email: SEEDED_MEMBERS.subscribed, tags: 'second, both' }],
			});
			expect(run.json.every((j) => !j.error)).toBe(true);
			expect(tagNames(SEEDED_MEMBERS.subscribed)).toEqual(['both', 'second']);
		}
	});

	it('in add mode ends with every item\'s tags', async () => {
		const run = await push({
			parameters: { ...company, options: { tags: '={{ $json.tags }}' } },
			items: [{ email: 'twice@initech-mail.com', tags: 'a' }, { email: 'twice@initech-mail.com', tags: 'b' }],
		});
		expect(run.json.map((j) => j.action)).toEqual(['created', 'updated']);
		expect(tagNames('twice@initech-mail.com')).toEqual(['a', 'b']);
	});
});
