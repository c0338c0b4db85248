import { parseTags } from '../../../../nodes/MailchimpPushContact/helpers/tags';

describe('parseTags', () => {
	it('splits on commas, trims, drops empties and case-insensitive duplicates', () => {
		expect(parseTags(' vip, webinar,,Lead , VIP ')).toEqual(['vip', 'webinar', 'Lead']);
	});
	it('takes arrays from expressions', () => expect(parseTags(['a', ' b '])).toEqual(['a', 'b']));
	it('is empty for nothing', () => {
		expect(parseTags(undefined)).toEqual([]);
		expect(parseTags('')).toEqual([]);
	});
});
