import type { MailchimpClient } from '../../transport/client';

const checked = new WeakMap<MailchimpClient, Map<string, Promise<unknown>>>();

/**
 * Mailchimp answers an unknown audience and an unknown member with the same 404, so "not in the
 * audience" is only said once the audience is known to exist: a mistyped audience ID is an error,
 * not thousands of silent "not found". One read per audience and execution (its client), shared.
 */
export async function requireAudience(client: MailchimpClient, audienceId: string): Promise<void> {
	let byAudience = checked.get(client);
	if (!byAudience) checked.set(client, (byAudience = new Map()));
	let read = byAudience.get(audienceId);
	if (!read) byAudience.set(audienceId, (read = client.audience(audienceId)));
	await read;
}
