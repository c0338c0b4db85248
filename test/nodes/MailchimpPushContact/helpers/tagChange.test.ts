import { sequentialTagChange } from '../../../../nodes/MailchimpPushContact/helpers/tagChange';

describe('sequentialTagChange', () => {
	it('one item in add mode adds its tags and removes nothing', () => {
		expect(sequentialTagChange([{ tags: ['a', 'b'], mode: 'add', current: ['x'] }])).toEqual({ add: ['a', 'b'], remove: [] });
	});

	it('one item in sync mode removes every other tag, case-insensitively', () => {
		expect(sequentialTagChange([{ tags: ['VIP'], mode: 'sync', current: ['vip', 'old', 'Other'] }])).toEqual({
			add: ['VIP'],
			remove: ['old', 'Other'],
		});
	});

	it('tags the create call carried are not sent again', () => {
		expect(sequentialTagChange([{ tags: ['a'], mode: 'add', applied: true }])).toEqual({ add: [], remove: [] });
	});

	it('a repeated address ends with the last sync item\'s tags, as if pushed one after another', () => {
		expect(
			sequentialTagChange([
				{ tags: ['first'], mode: 'sync', current: ['old'] },
				{ tags: ['second'], mode: 'sync', current: ['old'] },
			]),
		).toEqual({ add: ['second'], remove: ['old', 'first'] });
	});

	it('add after sync keeps both; sync after add drops the added ones it does not list', () => {
		expect(
			sequentialTagChange([
				{ tags: ['s'], mode: 'sync', current: ['old'] },
				{ tags: ['a'], mode: 'add' },
			]),
		).toEqual({ add: ['s', 'a'], remove: ['old'] });
		expect(
			sequentialTagChange([
				{ tags: ['a'], mode: 'add', current: [] },
				{ tags: ['s'], mode: 'sync' },
			]),
		).toEqual({ add: ['s'], remove: ['a'] });
	});
});
