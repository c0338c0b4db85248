import { autoMapMergeFields, normalizeKey } from '../../../../nodes/MailchimpPushContact/helpers/autoMap';
import type { MergeField } from '../../../../nodes/MailchimpPushContact/transport/types';

const f = (tag: string, name: string): MergeField => ({ tag, name, type: 'text', required: false });
const fields = [f('FNAME', 'First Name'), f('LNAME', 'Last Name'), f('COMPANY', 'Company'), f('SCORE', 'Lead Score')];

describe('autoMapMergeFields', () => {
	it('matches by tag, by name and by common spellings', () => {
		expect(autoMapMergeFields({ FNAME: 'Ada', last_name: 'Lovelace', 'Lead Score': 9, org: 'x' }, fields)).toEqual({
			FNAME: 'Ada',
			LNAME: 'Lovelace',
			SCORE: 9,
		});
		expect(autoMapMergeFields({ firstName: 'Ada', surname: 'L', organization: 'Analytical' }, fields)).toEqual({
			FNAME: 'Ada',
			LNAME: 'L',
			COMPANY: 'Analytical',
		});
	});
	it('prefers the tag over a name or alias when both are present', () => {
		expect(autoMapMergeFields({ first_name: 'alias', fname: 'tag' }, fields)).toEqual({ FNAME: 'tag' });
	});
	it('normalises case and punctuation', () => {
		expect(normalizeKey('First Name')).toBe('firstname');
		expect(normalizeKey('first_name')).toBe('firstname');
	});
});
