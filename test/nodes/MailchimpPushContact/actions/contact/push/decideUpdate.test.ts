import { decideUpdate, missingRequiredProblem } from '../../../../../../nodes/MailchimpPushContact/actions/contact/push/decideUpdate';

const settings = { updateExisting: true, resubscribe: false, doubleOptIn: false };

describe('decideUpdate', () => {
	it('keeps subscribed and pending members as they are', () => {
		expect(decideUpdate(settings, 'subscribed')).toEqual({ update: true });
		expect(decideUpdate({ ...settings, doubleOptIn: true }, 'subscribed')).toEqual({ update: true });
		expect(decideUpdate(settings, 'pending')).toEqual({ update: true });
	});

	it('skips unsubscribed and cleaned members unless Resubscribe, which sends a re-confirmation', () => {
		expect(decideUpdate(settings, 'unsubscribed')).toEqual({
			skip: 'The contact is unsubscribed; it was left unchanged (turn on "Resubscribe" to send a re-confirmation e-mail)',
		});
		expect(decideUpdate(settings, 'cleaned')).toHaveProperty('skip');
		expect(decideUpdate({ ...settings, resubscribe: true }, 'unsubscribed')).toEqual({ update: true, status: 'pending' });
		expect(decideUpdate({ ...settings, resubscribe: true }, 'cleaned')).toEqual({ update: true, status: 'pending' });
	});

	it('subscribes transactional and archived members as a new contact would join', () => {
		expect(decideUpdate(settings, 'transactional')).toEqual({ update: true, status: 'subscribed' });
		expect(decideUpdate({ ...settings, doubleOptIn: true }, 'archived')).toEqual({ update: true, status: 'pending' });
	});

	it('skips every existing member when Update Existing is off', () => {
		expect(decideUpdate({ ...settings, updateExisting: false }, 'subscribed')).toEqual({
			skip: 'Already in the audience and "Update Existing" is off',
		});
	});
});

describe('missingRequiredProblem', () => {
	it('names the missing fields unless validation is skipped', () => {
		expect(missingRequiredProblem([], false)).toBeUndefined();
		expect(missingRequiredProblem(['COMPANY'], true)).toBeUndefined();
		expect(missingRequiredProblem(['COMPANY', 'LNAME'], false)).toBe(
			'The contact is new to the audience and Mailchimp requires COMPANY, LNAME: map them or turn on "Skip Merge Validation"',
		);
	});
});
