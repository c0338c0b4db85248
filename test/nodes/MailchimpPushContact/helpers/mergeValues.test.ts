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
		expect(coerceMergeValue(field('number'), 'seven')).toEqual({ problem: 'expects a number, got "seven"' });
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
