// Builders for Mailchimp's application/problem+json errors. Titles and details are copied
// from real Mailchimp answers where known, because clients branch on `status` + `title`.
import { randomUUID } from 'crypto';
import type { FieldError } from './types';

export const PROBLEM_TYPE = 'https://mailchimp.com/developer/marketing/docs/errors/';
const VALIDATION_DETAIL = "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

/** Thrown anywhere inside a handler; the router turns it into the HTTP answer. */
export class ApiProblem extends Error {
	constructor(
		readonly status: number,
		readonly title: string,
		readonly detail: string,
		readonly errors?: FieldError[],
	) {
		super(`${status} ${title}: ${detail}`);
	}

	toBody(): Record<string, unknown> {
		const body: Record<string, unknown> = {
			type: PROBLEM_TYPE,
			title: this.title,
			status: this.status,
			detail: this.detail,
			instance: randomUUID(),
		};
		if (this.errors) body.errors = this.errors;
		return body;
	}
}

export const notFound = () => new ApiProblem(404, 'Resource Not Found', 'The requested resource could not be found.');

export const methodNotAllowed = () =>
	new ApiProblem(405, 'Method Not Allowed', "The requested method and resource are not compatible. See the Allow header for this resource's available methods.");

export const invalidResource = (errors: FieldError[], detail = VALIDATION_DETAIL) => new ApiProblem(400, 'Invalid Resource', detail, errors);

export const invalidResourceDetail = (detail: string) => new ApiProblem(400, 'Invalid Resource', detail);

export const mergeFieldsInvalid = (errors: FieldError[]) => invalidResource(errors, 'Your merge fields were invalid.');

export const fakeEmail = (email: string) =>
	invalidResourceDetail(`${email} looks fake or invalid, please enter a real email address.`);

export const malformedEmail = () => invalidResourceDetail('Please provide a valid email address.');

export const memberExists = (email: string) =>
	new ApiProblem(400, 'Member Exists', `${email} is already a list member. Use PUT to insert or update list members.`);

export const forgottenEmail = (email: string) =>
	new ApiProblem(
		400,
		'Forgotten Email Not Subscribed',
		`${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
	);

export const complianceState = (email: string) =>
	new ApiProblem(
		400,
		'Member In Compliance State',
		`${email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
	);

/**
 * DELETE (archive) of a cleaned, pending or already archived member. Status, title and detail as
 * reported from real answers (amro/gibbon#320, 2022): 405 although the method is allowed for others.
 */
export const cannotArchive = () =>
	new ApiProblem(405, 'Method Not Allowed', 'This list member cannot be removed. Can not archive a contact that is bounced, pending or archived');

/**
 * E-mail change to an address that already is a member (any status, archived included). Wording as
 * reported from a real answer (brandonseydel/MailChimp.Net#201): Invalid Resource, not "Member Exists".
 */
export const emailInUse = (email: string, status: string) =>
	invalidResourceDetail(`"${email}" is already in this list with a status of "${status}".`);

export const badRequest = (detail: string) => new ApiProblem(400, 'Bad Request', detail);

export const jsonParse = () => new ApiProblem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.');

export const apiKeyMissing = () => new ApiProblem(401, 'API Key Missing', 'Your request did not include an API key.');

export const apiKeyInvalid = () =>
	new ApiProblem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

export const tooManyRequests = (limit: number) =>
	new ApiProblem(429, 'Too Many Requests', `You have exceeded the limit of ${limit} simultaneous connections.`);

export const internalError = () =>
	new ApiProblem(500, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');

export const serviceUnavailable = () =>
	new ApiProblem(503, 'Service Unavailable', 'The service is temporarily unavailable. Please try again later.');
