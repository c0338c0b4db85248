import { chunk, forEachConcurrent } from '../helpers/pool';
import { MailchimpApiError, toMailchimpError } from '../transport/errors';
import type { ContactRef } from './contacts';
import type { PushContext } from './context';
import { explainProblem } from './explain';
import type { Outcome } from './outcome';

/** Up to this many contacts, one tags call each; above, tags go in bulk through static segments. */
const PER_MEMBER_LIMIT = 10;
/** Mailchimp takes up to 500 e-mails per static-segment call. */
const SEGMENT_BATCH = 500;

export type TagMode = 'add' | 'sync';

export type Tagged = { contact: ContactRef; outcome: Extract<Outcome, { ok: true }> };

/** What a contact's tags need: the item's tags, and in "sync" mode the removal of any other. */
export function tagChange(entry: Tagged, mode: TagMode): { add: string[]; remove: string[] } {
	const add = entry.outcome.tagsApplied ? [] : entry.contact.tags;
	const keep = new Set(entry.contact.tags.map((t) => t.toLowerCase()));
	const remove = mode === 'sync' ? (entry.outcome.currentTags ?? []).filter((t) => !keep.has(t.toLowerCase())) : [];
	return { add, remove };
}

/**
 * Sets the item's tags on every contact the push created or updated, new and existing alike
 * (the member PUT carries no tags). Returns the outcomes that changed: a tag failure fails the
 * item, saying what was written.
 */
export async function applyTags(push: PushContext, due: Tagged[]): Promise<Map<number, Outcome>> {
	const { settings, client } = push;
	const failures = new Map<number, Outcome>();
	const fail = (entry: Tagged, problem: MailchimpApiError) =>
		failures.set(entry.contact.itemIndex, {
			ok: false,
			action: entry.outcome.action,
			status: entry.outcome.status,
			message: `The contact was ${entry.outcome.action}, but its tags could not be set: ${explainProblem(problem)}`,
			problem,
		});
	const changes = due
		.map((entry) => ({ entry, ...tagChange(entry, settings.tagMode) }))
		.filter((c) => c.add.length || c.remove.length);

	if (changes.length <= PER_MEMBER_LIMIT) {
		await forEachConcurrent(changes, settings.maxConcurrency, async ({ entry, add, remove }) => {
			try {
				await client.setTags(settings.audienceId, entry.contact.hash, add, remove);
			} catch (error) {
				fail(entry, toMailchimpError(error));
			}
		});
		return failures;
	}

	// In bulk: one static-segment call per tag and direction per 500 contacts.
	const groups = new Map<string, { name: string; direction: 'members_to_add' | 'members_to_remove'; entries: Tagged[] }>();
	for (const { entry, add, remove } of changes) {
		for (const [names, direction] of [
			[add, 'members_to_add'],
			[remove, 'members_to_remove'],
		] as const) {
			for (const name of names) {
				const key = `${direction}:${name.toLowerCase()}`;
				const group = groups.get(key) ?? { name, direction, entries: [] };
				group.entries.push(entry);
				groups.set(key, group);
			}
		}
	}
	let segments: Map<string, number>;
	try {
		segments = new Map((await client.staticSegments(settings.audienceId)).map((s) => [s.name.toLowerCase(), s.id]));
	} catch (error) {
		for (const { entry } of changes) fail(entry, toMailchimpError(error));
		return failures;
	}

	const jobs: Array<{ segmentId: number; direction: 'members_to_add' | 'members_to_remove'; entries: Tagged[] }> = [];
	for (const group of groups.values()) {
		try {
			let segmentId = segments.get(group.name.toLowerCase());
			if (segmentId === undefined) {
				segmentId = await createTag(push, group.name);
				segments.set(group.name.toLowerCase(), segmentId);
			}
			for (const entries of chunk(group.entries, SEGMENT_BATCH)) jobs.push({ segmentId, direction: group.direction, entries });
		} catch (error) {
			for (const entry of group.entries) fail(entry, toMailchimpError(error));
		}
	}
	await forEachConcurrent(jobs, settings.maxConcurrency, async ({ segmentId, direction, entries }) => {
		try {
			const answer = await client.updateSegment(settings.audienceId, segmentId, {
				[direction]: entries.map((e) => e.contact.email),
			});
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

/**
 * Creates the static segment behind a new tag. Creating is not idempotent: when the answer to
 * an attempt that did create it was lost, the retry is refused as a duplicate, so a refusal is
 * checked against the audience's segments before it counts as a failure.
 */
async function createTag(push: PushContext, name: string): Promise<number> {
	const { client, settings } = push;
	try {
		return (await client.createStaticSegment(settings.audienceId, name)).id;
	} catch (error) {
		const existing = (await client.staticSegments(settings.audienceId)).find((s) => s.name.toLowerCase() === name.toLowerCase());
		if (existing) return existing.id;
		throw error;
	}
}
