/**
 * Mailchimp answers errors as problem+json ({type, title, status, detail, errors}).
 * The SDK rejects with superagent's Error, which also carries the request (and so the
 * Authorization header): only the problem document is kept, never the raw error.
 */
export interface FieldProblem {
	field: string;
	message: string;
}

export class MailchimpApiError extends Error {
	constructor(
		/** HTTP status; 0 when no response arrived (connection dropped, timeout). */
		readonly status: number,
		readonly title: string,
		readonly detail: string,
		readonly fieldErrors: FieldProblem[] = [],
		/** Network error code such as ECONNRESET, when no response arrived. */
		readonly code?: string,
	) {
		super(detail ? `${title}: ${detail}` : title);
		this.name = 'MailchimpApiError';
	}

	/** Worth trying again: rate limited, a server fault, or no answer at all. */
	get retryable(): boolean {
		if (this.code === 'UNEXPECTED') return false;
		return this.status === 0 || this.status === 429 || this.status >= 500;
	}

	/** The problem document, safe to show and to put on an item. */
	toJSON(): Record<string, unknown> {
		return {
			status: this.status,
			title: this.title,
			detail: this.detail,
			...(this.fieldErrors.length ? { errors: this.fieldErrors } : {}),
		};
	}
}

interface SuperagentLikeError {
	status?: number;
	code?: string;
	timeout?: number;
	message?: string;
	response?: { status?: number; body?: unknown; text?: string };
}

export function toMailchimpError(error: unknown): MailchimpApiError {
	if (error instanceof MailchimpApiError) return error;
	const e = (error ?? {}) as SuperagentLikeError;
	const status = e.response?.status ?? e.status ?? 0;
	// Node's own ERR_* codes (an invalid header, a bad argument) are refusals before sending, not network faults.
	if (!status && !e.timeout && (!e.code || e.code.startsWith('ERR_'))) {
		// Not an HTTP or network failure: a bug or an SDK argument error; keep its message.
		return new MailchimpApiError(0, 'Unexpected error', e.message ?? String(error), [], 'UNEXPECTED');
	}
	if (!status) {
		const code = e.timeout ? 'ETIMEDOUT' : (e.code ?? 'ECONNRESET');
		return new MailchimpApiError(0, 'No response from Mailchimp', describeNetworkCode(code), [], code);
	}
	const body = problemBody(e.response);
	const title = stringOr(body.title, status === 429 ? 'Too Many Requests' : `HTTP ${status}`);
	const detail = stringOr(body.detail, '');
	const fieldErrors = Array.isArray(body.errors)
		? body.errors
				.filter((f): f is FieldProblem => !!f && typeof f === 'object')
				.map((f) => ({ field: String(f.field ?? ''), message: String(f.message ?? '') }))
		: [];
	return new MailchimpApiError(status, title, detail, fieldErrors);
}

function problemBody(response: SuperagentLikeError['response']): Record<string, any> {
	if (response?.body && typeof response.body === 'object' && Object.keys(response.body).length) {
		return response.body as Record<string, unknown>;
	}
	try {
		const parsed = JSON.parse(response?.text ?? '');
		return parsed && typeof parsed === 'object' ? parsed : {};
	} catch {
		return {};
	}
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value ? value : fallback;
}

function describeNetworkCode(code: string): string {
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return 'The request timed out';
	if (code === 'ECONNREFUSED') return 'The connection was refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The Mailchimp host name could not be resolved';
	return `The connection was dropped (${code})`;
}
