import { membersPerCall } from '../../../../nodes/MailchimpPushContact/helpers/batchSize';

describe('membersPerCall', () => {
	it('uses the Batch Size the user chose, whatever the push', () => {
		expect(membersPerCall(600, 10, 100)).toBe(100);
		expect(membersPerCall(100_000, 10, 500)).toBe(500);
		expect(membersPerCall(3, 10, 1)).toBe(1);
	});

	it('fills calls while one round of full calls carries the push', () => {
		expect(membersPerCall(1_202, 10)).toBe(500);
		expect(membersPerCall(5_000, 10)).toBe(500);
		expect(membersPerCall(900, 2)).toBe(500);
	});

	it('gives every connection about four calls beyond that, never over 500', () => {
		expect(membersPerCall(10_000, 10)).toBe(250);
		expect(membersPerCall(5_001, 10)).toBe(126);
		expect(membersPerCall(1_100, 2)).toBe(138);
		expect(membersPerCall(100_000, 10)).toBe(500);
	});
});
