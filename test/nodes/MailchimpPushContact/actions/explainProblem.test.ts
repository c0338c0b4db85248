import { explainProblem, problemFromBatchError } from '../../../../nodes/MailchimpPushContact/actions/explainProblem';
import { MailchimpApiError } from '../../../../nodes/MailchimpPushContact/transport/errors';

describe('explainProblem', () => {
	it('gives Mailchimp\'s title, detail and field messages, with what the user can do', () => {
		const problem = new MailchimpApiError(400, 'Invalid Resource', 'Your merge fields were invalid.', [{ field: 'COMPANY', message: 'Please enter a value' }]);
		expect(explainProblem(problem)).toBe('Invalid Resource — Your merge fields were invalid. COMPANY: Please enter a value');
		expect(explainProblem(new MailchimpApiError(400, 'Member In Compliance State', 'x is in a compliance state'))).toMatch(/turn on "Resubscribe"/);
		expect(explainProblem(new MailchimpApiError(401, 'API Key Invalid', 'Your API key may be invalid'))).toMatch(/\(check the credential\)$/);
		expect(explainProblem(new MailchimpApiError(503, 'Service Unavailable', ''))).toBe(
			'Service Unavailable (Mailchimp did not accept the request after several retries; try again later)',
		);
	});
});

describe('problemFromBatchError', () => {
	it('reads batch-subscribe errors as the titles a single call answers', () => {
		expect(problemFromBatchError({ email_address: 'a@b.c', error: 'a@b.c is already a list member', error_code: 'ERROR_CONTACT_EXISTS' }).title).toBe('Member Exists');
		expect(problemFromBatchError({ email_address: 'a@b.c', error: 'a@b.c was permanently deleted and cannot be re-imported' }).title).toBe(
			'Forgotten Email Not Subscribed',
		);
		const fieldProblem = problemFromBatchError({ email_address: 'a@b.c', error: 'invalid', field: 'PLAN', field_message: 'not a choice' });
		expect(fieldProblem).toMatchObject({ status: 400, title: 'Invalid Resource', fieldErrors: [{ field: 'PLAN', message: 'not a choice' }] });
	});
});
