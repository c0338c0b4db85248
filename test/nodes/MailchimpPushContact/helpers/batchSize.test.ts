import { MIN_MEMBERS_PER_CALL, membersPerCall } from '../../../../nodes/MailchimpPushContact/helpers/batchSize';

describe('membersPerCall', () => {
	it('uses the Batch Size the user chose, whatever the push', () => {
		expect(membersPerCall(600, 10, 100)).toBe(100);
		expect(membersPerCall(100_000, 10, 500)).toBe(500);
		expect(membersPerCall(3, 10, 1)).toBe(1);
	});

	it('spreads a push over every connection at once while one round of full calls carries it', () => {
		expect(membersPerCall(1_000, 10)).toBe(100);
		expect(membersPerCall(1_202, 10)).toBe(121);
		expect(membersPerCall(5_000, 10)).toBe(500);
		expect(membersPerCall(900, 2)).toBe(450);
		expect(membersPerCall(600, 3)).toBe(200);
	});

	it('never makes calls smaller than the minimum: small pushes use fewer connections', () => {
		expect(MIN_MEMBERS_PER_CALL).toBe(50);
		expect(membersPerCall(200, 10)).toBe(50);
		expect(membersPerCall(30, 10)).toBe(50);
		expect(membersPerCall(2, 10)).toBe(50);
	});

	it('gives every connection about four calls beyond that, never over 500', () => {
		expect(membersPerCall(10_000, 10)).toBe(250);
		expect(membersPerCall(5_001, 10)).toBe(126);
		expect(membersPerCall(1_100, 2)).toBe(138);
		expect(membersPerCall(100_000, 10)).toBe(500);
	});
});
