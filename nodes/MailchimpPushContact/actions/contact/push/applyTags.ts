import { chunk, forEachConcurrent } from '../../../helpers/pool';
import { MailchimpApiError, toMailchimpError } from '../../../transport/errors';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';

/** Up to this many members, one tags call each; above, tags go in bulk through static segments. */
const PER_MEMBER_LIMIT = 10;
/** Mailchimp takes up to 500 e-mails per static-segment call. */
const SEGMENT_BATCH = 500;

/** A member's net tag change, and the items (one or more, in order) that asked for it. */
export interface TagJob {
	contacts: Contact[];
	add: string[];
	remove: string[];
}

type Direction = 'members_to_add' | 'members_to_remove';

/**
 * Sets the tags of members the push created or updated (the member PUT carries no tags).
 * Returns the items whose tags could not be set, with Mailchimp's problem; their writes stand.
 */
export async function applyTags(group: PushGroup, jobs: TagJob[]): Promise<Map<Contact, MailchimpApiError>> {
	const { client, audienceId, execution } = group;
	const failures = new Map<Contact, MailchimpApiError>();
	const fail = (job: TagJob, error: unknown) => {
		for (const contact of job.contacts) failures.set(contact, toMailchimpError(error));
	};

	if (jobs.length <= PER_MEMBER_LIMIT) {
		await forEachConcurrent(jobs, execution.maxConcurrency, async (job) => {
			try {
				await client.setTags(audienceId, job.contacts[0].subscriberHash, job.add, job.remove);
			} catch (error) {
				fail(job, error);
			}
		});
		return failures;
	}

	// In bulk: one static-segment call per tag and direction per 500 members.
	const groups = new Map<string, { name: string; direction: Direction; jobs: TagJob[] }>();
	for (const job of jobs) {
		for (const [names, direction] of [
			[job.add, 'members_to_add'],
			[job.remove, 'members_to_remove'],
		] as const) {
			for (const name of names) {
				const key = `${direction}:${name.toLowerCase()}`;
				const entry = groups.get(key) ?? { name, direction, jobs: [] };
				entry.jobs.push(job);
				groups.set(key, entry);
			}
		}
	}
	let segments: Map<string, number>;
	try {
		segments = new Map((await client.staticSegments(audienceId)).map((s) => [s.name.toLowerCase(), s.id]));
	} catch (error) {
		for (const job of jobs) fail(job, error);
		return failures;
	}

	const calls: Array<{ segmentId: number; direction: Direction; jobs: TagJob[] }> = [];
	for (const entry of groups.values()) {
		try {
			let segmentId = segments.get(entry.name.toLowerCase());
			if (segmentId === undefined) {
				segmentId = await createTag(group, entry.name);
				segments.set(entry.name.toLowerCase(), segmentId);
			}
			for (const part of chunk(entry.jobs, SEGMENT_BATCH)) calls.push({ segmentId, direction: entry.direction, jobs: part });
		} catch (error) {
			for (const job of entry.jobs) fail(job, error);
		}
	}
	await forEachConcurrent(calls, execution.maxConcurrency, async ({ segmentId, direction, jobs: part }) => {
		try {
			const answer = await client.updateSegment(audienceId, segmentId, {
				[direction]: part.map((job) => job.contacts[0].email),
			});
			const rejected = new Map<string, string>();
			for (const error of answer.errors ?? []) {
				for (const email of error.email_addresses ?? []) rejected.set(email.toLowerCase(), error.error ?? 'rejected');
			}
			for (const job of part) {
				const reason = rejected.get(job.contacts[0].email.toLowerCase());
				if (reason) fail(job, new MailchimpApiError(400, 'Invalid Resource', reason));
			}
		} catch (error) {
			for (const job of part) fail(job, error);
		}
	});
	return failures;
}

/**
 * Creates the static segment behind a new tag. Creating is not idempotent: when the answer to
 * an attempt that did create it was lost, the retry is refused as a duplicate, so a refusal is
 * checked against the audience's segments before it counts as a failure.
 */
async function createTag(group: PushGroup, name: string): Promise<number> {
	const { client, audienceId } = group;
	try {
		return (await client.createStaticSegment(audienceId, name)).id;
	} catch (error) {
		const existing = (await client.staticSegments(audienceId)).find((s) => s.name.toLowerCase() === name.toLowerCase());
		if (existing) return existing.id;
		throw toMailchimpError(error);
	}
}
