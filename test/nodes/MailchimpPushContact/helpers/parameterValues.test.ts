import { audienceIdOf, booleanOf, wholeNumberOf } from '../../../../nodes/MailchimpPushContact/helpers/parameterValues';

describe('audienceIdOf', () => {
	it('takes the resource locator\'s value or a plain id, trimmed', () => {
		expect(audienceIdOf({ __rl: true, mode: 'list', value: 'b7e2a91c4d' })).toEqual({ id: 'b7e2a91c4d' });
		expect(audienceIdOf(' c41d9e7f02 ')).toEqual({ id: 'c41d9e7f02' });
	});

	it('refuses what is empty or could change a request path', () => {
		expect(audienceIdOf({ __rl: true, mode: 'list', value: '' })).toEqual({ problem: 'No audience is chosen: pick one, or give its ID' });
		expect(audienceIdOf('../ping')).toEqual({ problem: '"../ping" is not an audience ID (letters and digits only)' });
		expect(audienceIdOf({ nested: true })).toHaveProperty('problem');
	});
});

describe('booleanOf', () => {
	it('accepts booleans and their text, falls back when empty, refuses anything else by name', () => {
		expect(booleanOf(true, 'X', false)).toEqual({ value: true });
		expect(booleanOf(' FALSE ', 'X', true)).toEqual({ value: false });
		expect(booleanOf(undefined, 'X', true)).toEqual({ value: true });
		expect(booleanOf('yes', 'Double Opt-In', false)).toEqual({ problem: 'Double Opt-In must be true or false, got "yes"' });
		expect(booleanOf(1, 'X', false)).toHaveProperty('problem');
	});
});

describe('wholeNumberOf', () => {
	it('accepts whole numbers in range, as numbers or text; left out is undefined', () => {
		expect(wholeNumberOf(5, 'N', 1, 10)).toEqual({ value: 5 });
		expect(wholeNumberOf(' 7 ', 'N', 1, 10)).toEqual({ value: 7 });
		expect(wholeNumberOf('', 'N', 1, 10)).toEqual({});
	});

	it('refuses zero, negatives, fractions, text and out-of-range values instead of clamping', () => {
		for (const bad of [0, -1, 2.5, 'abc', 11, '1e1', NaN]) {
			expect(wholeNumberOf(bad, 'Batch Size', 1, 10)).toEqual({
				problem: `Batch Size must be a whole number from 1 to 10, got ${JSON.stringify(bad)}`,
			});
		}
	});
});
