import { matchBatchAnswer } from '../../../../nodes/MailchimpPushContact/helpers/batchAnswer';
import type { Member } from '../../../../nodes/MailchimpPushContact/transport/types';

const member = (email_address: string): Member => ({ id: 'x', email_address, status: 'subscribed' });

describe('matchBatchAnswer', () => {
	const a = { email: 'A@Example.com' };
	const b = { email: 'b@example.com' };
	const c = { email: 'c@example.com' };
	const d = { email: 'd@example.com' };

	it('matches members and errors to entries by address, case-insensitively, and lists the rest as unreported', () => {
		const answer = {
			new_members: [member('a@example.com')],
			updated_members: [member('B@EXAMPLE.COM')],
			errors: [{ email_address: 'c@example.com', error: 'looks fake', error_code: 'ERROR_GENERIC' }],
		};
		const matched = matchBatchAnswer([a, b, c, d], answer);
		expect(matched.created).toEqual([[a, answer.new_members[0]]]);
		expect(matched.updated).toEqual([[b, answer.updated_members[0]]]);
		expect(matched.errors).toEqual([[c, answer.errors[0]]]);
		expect(matched.unreported).toEqual([d]);
	});

	it('ignores addresses it was not asked about, and reports an entry once', () => {
		const matched = matchBatchAnswer([a], { new_members: [member('a@example.com'), member('zz@example.com')], errors: [{ email_address: 'a@example.com', error: 'dup' }] });
		expect(matched.created).toHaveLength(1);
		expect(matched.errors).toHaveLength(0);
		expect(matched.unreported).toHaveLength(0);
	});
});
