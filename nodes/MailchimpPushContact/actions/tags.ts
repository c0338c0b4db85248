import { chunk, forEachConcurrent } from '../helpers/pool';
import { MailchimpApiError, toMailchimpError } from '../transport/errors';
import type { Contact } from './contacts';
import type { PushContext } from './context';
import { explainProblem } from './explain';
import type { Outcome } from './outcome';

/** Up to this many contacts, one tags call each; above, tags go in bulk through static segments. */
const PER_MEMBER_LIMIT = 10;
/** Mailchimp takes up to 500 e-mails per static-segment call. */
const SEGMENT_BATCH = 500;

type Tagged = { contact: Contact; outcome: Extract<Outcome, { ok: true }> };

/**
 * Sets the item's tags on every contact the push created or updated whose tags did not go
 * with its create call. The member PUT carries no tags, so existing members need this too.
 * Returns the outcomes that changed (a tag failure fails the item, naming what was written).
 */
export async function applyTags(push: PushContext, due: Tagged[]): Promise<Map<number, Outcome>> {
	const failures = new Map<number, Outcome>();
	const fail = (entry: Tagged, problem: MailchimpApiError) =>
		failures.set(entry.contact.itemIndex, {
			ok: false,
			action: entry.outcome.action,
			status: entry.outcome.status,
			message: `The contact was ${entry.outcome.action}, but its tags could not be set: ${explainProblem(problem)}`,
			problem,
		});

	if (due.length <= PER_MEMBER_LIMIT) {
		await forEachConcurrent(due, push.settings.maxConcurrency, async (entry) => {
			try {
				await push.client.addTags(push.settings.audienceId, entry.contact.hash, entry.contact.tags);
			} catch (error) {
				fail(entry, toMailchimpError(error));
			}
		});
		return failures;
	}

	const byTag = new Map<string, { name: string; entries: Tagged[] }>();
	for (const entry of due) {
		for (const name of entry.contact.tags) {
			const group = byTag.get(name.toLowerCase()) ?? { name, entries: [] };
			group.entries.push(entry);
			byTag.set(name.toLowerCase(), group);
		}
	}
	let segments: Map<string, number>;
	try {
		segments = new Map(
			(await push.client.staticSegments(push.settings.audienceId)).map((s) => [s.name.toLowerCase(), s.id]),
		);
	} catch (error) {
		for (const entry of due) fail(entry, toMailchimpError(error));
		return failures;
	}

	const jobs: Array<{ segmentId: number; entries: Tagged[] }> = [];
	for (const [key, group] of byTag) {
		try {
			const segmentId = segments.get(key) ?? (await push.client.createStaticSegment(push.settings.audienceId, group.name)).id;
			for (const entries of chunk(group.entries, SEGMENT_BATCH)) jobs.push({ segmentId, entries });
		} catch (error) {
			for (const entry of group.entries) fail(entry, toMailchimpError(error));
		}
	}
	await forEachConcurrent(jobs, push.settings.maxConcurrency, async ({ segmentId, entries }) => {
		try {
			const answer = await push.client.addToSegment(
				push.settings.audienceId,
				segmentId,
				entries.map((e) => e.contact.email),
			);
			const rejected = new Map<string, string>();
			for (const error of answer.errors ?? []) {
				for (const email of error.email_addresses ?? []) rejected.set(email.toLowerCase(), error.error ?? 'rejected');
			}
			for (const entry of entries) {
				const reason = rejected.get(entry.contact.email.toLowerCase());
				if (reason) fail(entry, new MailchimpApiError(400, 'Invalid Resource', reason));
			}
		} catch (error) {
			for (const entry of entries) fail(entry, toMailchimpError(error));
		}
	});
	return failures;
}
