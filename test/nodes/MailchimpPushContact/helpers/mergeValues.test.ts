import { coerceMergeValue } from '../../../../nodes/MailchimpPushContact/helpers/mergeValues';
import type { MergeField } from '../../../../nodes/MailchimpPushContact/transport/types';

const field = (type: MergeField['type'], options: MergeField['options'] = {}): MergeField => ({
	tag: 'F',
	name: 'Field',
	type,
	required: false,
	options,
});

describe('coerceMergeValue', () => {
	it('skips empty values so Mailchimp keeps what it holds', () => {
		for (const empty of [undefined, null, '']) expect(coerceMergeValue(field('text'), empty)).toEqual({ skip: true });
	});
	it('text-like types become trimmed strings', () => {
		expect(coerceMergeValue(field('text'), '  Ada ')).toEqual({ value: 'Ada' });
		expect(coerceMergeValue(field('phone'), 5551234)).toEqual({ value: '5551234' });
		expect(coerceMergeValue(field('text'), { a: 1 })).toHaveProperty('problem');
	});
	it('numbers accept numeric strings', () => {
		expect(coerceMergeValue(field('number'), '1,250.5')).toEqual({ value: 1250.5 });
		expect(coerceMergeValue(field('number'), 7)).toEqual({ value: 7 });
		expect(coerceMergeValue(field('number'), 'seven')).toEqual({ problem: 'expects a number written like 1234.5 or 1,234.5, got "seven"' });
	});
	it('numbers: plain decimals and unambiguous thousands separators pass, nothing is guessed', () => {
		for (const [text, n] of [[' 12.5 ', 12.5], ['-3', -3], ['.5', 0.5], ['1,234,567', 1234567], ['1,234.5', 1234.5], ['+0', 0]] as const) {
			expect(coerceMergeValue(field('number'), text)).toEqual({ value: n });
		}
		for (const text of ['12,5', '1,234', '1.234,5', '1,23.4', '0x10', '1e3', 'Infinity', '12 000', '--1', '.', '1.2.3']) {
			expect(coerceMergeValue(field('number'), text)).toEqual({ problem: `expects a number written like 1234.5 or 1,234.5, got "${text}"` });
		}
		expect(coerceMergeValue(field('number'), { n: 1 })).toEqual({ problem: 'expects a number written like 1234.5 or 1,234.5, got an object' });
		expect(coerceMergeValue(field('number'), Infinity)).toHaveProperty('problem');
	});
	it('white space alone is empty for every type: never sent', () => {
		for (const type of ['text', 'number', 'date', 'birthday', 'address', 'dropdown', 'phone', 'url', 'zip'] as const) {
			expect(coerceMergeValue(field(type), '  \t ')).toEqual({ skip: true });
		}
	});
	it('address parts must be text or numbers', () => {
		const address = { addr1: '1 Main St', city: { name: 'Paris' }, state: 'IDF', zip: 75001 };
		expect(coerceMergeValue(field('address'), address)).toEqual({ problem: 'address part "city" must be text, got an object' });
		expect(coerceMergeValue(field('address'), { ...address, city: 'Paris', addr2: '   ' })).toEqual({
			value: { addr1: '1 Main St', city: 'Paris', state: 'IDF', zip: '75001' },
		});
	});
	it('dates: Unix times in seconds or milliseconds', () => {
		const date = field('date', { date_format: 'YYYY-MM-DD' });
		expect(coerceMergeValue(date, 1_700_000_000)).toEqual({ value: '2023-11-14' });
		expect(coerceMergeValue(date, 1_700_000_000_000)).toEqual({ value: '2023-11-14' });
	});
	it('dates follow the field date_format', () => {
		expect(coerceMergeValue(field('date', { date_format: 'DD/MM/YYYY' }), '2026-03-09')).toEqual({ value: '09/03/2026' });
		expect(coerceMergeValue(field('date', { date_format: 'MM/DD/YYYY' }), '03/09/2026')).toEqual({ value: '03/09/2026' });
		expect(coerceMergeValue(field('date', { date_format: 'MM/DD/YYYY' }), 'soon')).toHaveProperty('problem');
	});
	it('birthdays drop the year, MM/DD or DD/MM', () => {
		expect(coerceMergeValue(field('birthday', { date_format: 'MM/DD' }), '1990-05-17')).toEqual({ value: '05/17' });
		expect(coerceMergeValue(field('birthday', { date_format: 'DD/MM' }), '1990-05-17T10:00:00Z')).toEqual({ value: '17/05' });
		expect(coerceMergeValue(field('birthday', { date_format: 'MM/DD' }), '05/17')).toEqual({ value: '05/17' });
	});
	it('addresses become Mailchimp address objects, with common key spellings', () => {
		expect(
			coerceMergeValue(field('address'), { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: 62701, country: 'US' }),
		).toEqual({ value: { addr1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' } });
		expect(coerceMergeValue(field('address'), { addr1: '1 Main St', city: 'Springfield' })).toEqual({
			problem: 'is an incomplete address: state, zip missing',
		});
	});
	it('dropdown and radio values must be a choice (case-insensitively, sent as Mailchimp spells it)', () => {
		const plan = field('dropdown', { choices: ['Free', 'Pro', 'Enterprise'] });
		expect(coerceMergeValue(plan, 'pro')).toEqual({ value: 'Pro' });
		expect(coerceMergeValue(plan, 'Gold')).toEqual({ problem: 'must be one of "Free", "Pro", "Enterprise", got "Gold"' });
	});
});
