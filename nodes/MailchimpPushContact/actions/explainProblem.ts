import { MailchimpApiError, type FieldProblem } from '../transport/errors';
import type { BatchSubscribeError } from '../transport/types';

/**
 * Mailchimp's problem in plain words: its title and detail, the field messages of a
 * merge-field problem, and what the user can do about it. Branches on status and title only.
 */
export function explainProblem(problem: MailchimpApiError): string {
	const fields = problem.fieldErrors.map((f) => `${f.field ? `${f.field}: ` : ''}${f.message}`).join('; ');
	const base = [`${problem.title}${problem.detail ? ` — ${problem.detail}` : ''}`, fields].filter(Boolean).join(' ');
	const advice = hint(problem);
	return advice ? `${base} (${advice})` : base;
}

function hint(problem: MailchimpApiError): string {
	switch (problem.title) {
		case 'Member In Compliance State':
			return 'the contact unsubscribed, bounced or is under compliance review; turn on "Resubscribe" to send a re-confirmation e-mail, the only way back Mailchimp allows';
		case 'Forgotten Email Not Subscribed':
			return 'the contact was permanently deleted; it can only come back by signing up again through a Mailchimp form';
		case 'API Key Invalid':
			return 'check the credential';
		case 'Resource Not Found':
			return 'check the audience';
	}
	if (problem.status === 0 || problem.status === 429 || problem.status >= 500) {
		return 'Mailchimp did not accept the request after several retries; try again later';
	}
	if (/looks fake or invalid/i.test(problem.detail)) return 'Mailchimp refuses addresses that look fake';
	return '';
}

/**
 * Batch subscribe reports per-member errors as {error, error_code, field, field_message}
 * with no title. They are read into the same shape a single-member call answers, so an item
 * reads the same whichever way it was sent.
 */
export function problemFromBatchError(error: BatchSubscribeError): MailchimpApiError {
	const fieldErrors: FieldProblem[] = error.field ? [{ field: error.field, message: error.field_message ?? '' }] : [];
	return new MailchimpApiError(400, batchErrorTitle(error), error.error ?? '', fieldErrors);
}

function batchErrorTitle(error: BatchSubscribeError): string {
	if (error.error_code === 'ERROR_CONTACT_EXISTS') return 'Member Exists';
	if (/permanently deleted/i.test(error.error)) return 'Forgotten Email Not Subscribed';
	if (/compliance state/i.test(error.error)) return 'Member In Compliance State';
	return 'Invalid Resource';
}
