import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { normalizeEmail } from '../../helpers/email';
import { audienceIdOf, booleanOf } from '../../helpers/parameterValues';
import { forEachConcurrent } from '../../helpers/pool';
import { subscriberHash } from '../../helpers/subscriberHash';
import type { MailchimpClient } from '../../transport/client';
import { connect } from '../../transport/connect';
import { toMailchimpError } from '../../transport/errors';
import { AmbiguousMailchimpError } from '../../transport/retry';
import { MAILCHIMP_CONNECTION_LIMIT } from '../../transport/limiter';
import { ItemParameters } from '../itemParameters';
import { givenEmail, nodeLevelError, outputItems, type ItemRecord } from '../items';
import { done, failed, failedFrom, guarded, type Outcome } from '../outcome';
import { requireAudience } from './requireAudience';

/** An item that names a member: its audience, its address and the address's subscriber hash. */
export interface MemberItem extends ItemRecord {
	email: string;
	audienceId: string;
	subscriberHash: string;
	/** Options → Preview: build the request, send nothing. */
	preview: boolean;
}

export const isMemberItem = (record: ItemRecord): record is MemberItem => !record.outcome && 'preview' in record;

/**
 * The audience and e-mail every member operation starts from, read for the item itself. An item
 * that names no usable member gets its outcome here, keeping what it gave.
 */
export function readMemberItem(params: ItemParameters, itemIndex: number): MemberItem | ItemRecord {
	const given = params.get('email', itemIndex, '');
	const record: ItemRecord = { itemIndex, email: givenEmail(given) };
	const audience = audienceIdOf(params.get('audience', itemIndex, ''));
	if ('problem' in audience) return { ...record, outcome: failed(audience.problem) };
	record.audienceId = audience.id;
	const parsed = normalizeEmail(given);
	if ('problem' in parsed) return { ...record, outcome: failed(parsed.problem) };
	const options = (params.get('options', itemIndex, {}) ?? {}) as { preview?: unknown };
	const preview = booleanOf(options.preview, 'Preview', false);
	const member = { ...record, email: parsed.email, subscriberHash: subscriberHash(parsed.email) };
	if ('problem' in preview) return { ...member, outcome: failed(preview.problem) };
	return { ...member, audienceId: audience.id, preview: preview.value };
}

/** One operation on one member at a time (Mailchimp has no batch call for it, or none worth it). */
export interface MemberOperation<T extends MemberItem> {
	/** The operation's own parameters for the item, after its audience and e-mail. */
	read?(params: ItemParameters, item: MemberItem): T | ItemRecord;
	/**
	 * Write operations: what the item would get (reads allowed, nothing written), with the request
	 * that would be sent as the outcome's `preview`.
	 */
	preview?(client: MailchimpClient, item: T): Promise<Outcome>;
	/** The request(s) for one member; a failure that is not the item's own becomes its error. */
	send(client: MailchimpClient, item: T): Promise<Outcome>;
}

/**
 * Runs a member operation over every item: each item's parameters, up to Mailchimp's 10 requests
 * in flight (the account's limit, shared with every other execution), items naming the same member
 * one after another in item order, and one output item per input item, in order.
 */
export async function executeMemberOperation<T extends MemberItem>(
	ctx: IExecuteFunctions,
	operation: MemberOperation<T>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const params = new ItemParameters(ctx);
	const records: ItemRecord[] = [];
	const members: T[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const base = readMemberItem(params, itemIndex);
		const record = isMemberItem(base) && operation.read ? operation.read(params, base) : base;
		records.push(record);
		if (isMemberItem(record)) members.push(record as T);
	}

	const client = members.length ? await connectFor(ctx, members) : undefined;
	if (client) {
		await forEachMember(members, async (item) => {
			const run = item.preview && operation.preview ? operation.preview : operation.send;
			return run(client, item);
		});
	}
	return outputItems(ctx, records);
}

/**
 * Gives every item the outcome of `work`: items naming the same member one after another, in item
 * order (so they read as sequential runs), up to Mailchimp's 10 requests in flight.
 */
export async function forEachMember<T extends MemberItem>(items: T[], work: (item: T) => Promise<Outcome>): Promise<void> {
	const byMember = new Map<string, T[]>();
	for (const item of items) {
		const key = `${item.audienceId}/${item.subscriberHash}`;
		const same = byMember.get(key);
		if (same) same.push(item);
		else byMember.set(key, [item]);
	}
	await forEachConcurrent([...byMember.values()], MAILCHIMP_CONNECTION_LIMIT, async (sameMember) => {
		for (const item of sameMember) item.outcome = await guarded(() => work(item));
	});
}

/**
 * The execution's client; when the credential can't be used, with "On Error: Continue" every
 * item that was to be sent says why (and undefined is returned), without it the node stops.
 */
export async function connectFor(ctx: IExecuteFunctions, items: ItemRecord[]): Promise<MailchimpClient | undefined> {
	try {
		return await connect(ctx);
	} catch (error) {
		if (!ctx.continueOnFail()) throw nodeLevelError(ctx, error);
		const outcome = failedFrom(error);
		for (const item of items) item.outcome = outcome;
		return undefined;
	}
}

/** How a write that must never be sent twice names itself in its outcome. */
export interface OnceWords {
	/** "the event", "the note" */
	what: string;
	/** "recorded", "added" */
	done: string;
	/** "record it", "add it" */
	doAgain: string;
	/** Where the user can look: "the contact's activity" */
	where: string;
	/** The reason of a `skipped` item whose member is not in the audience. */
	notInAudience: string;
}

/**
 * A write Mailchimp has no idempotent form of (an event, a note). The transport retries it only
 * after a 429; an answer that may have been applied is said in the item's error, never sent again.
 * A member that is not in the audience is skipped (once the audience itself is known to exist).
 */
export async function writeOnce(
	client: MailchimpClient,
	item: MemberItem,
	write: () => Promise<Outcome>,
	words: OnceWords,
	data?: IDataObject,
): Promise<Outcome> {
	try {
		return await write();
	} catch (error) {
		const problem = toMailchimpError(error);
		if (problem instanceof AmbiguousMailchimpError) {
			const answer = problem.status ? `it answered ${problem.status} ${problem.title}` : 'its answer was lost';
			return failed(
				`Mailchimp did not confirm ${words.what} (${answer}), so it may or may not have been ${words.done}. It was not sent again, so as never to ${words.doAgain} twice: check ${words.where} in Mailchimp before running this item again`,
				problem,
			);
		}
		if (problem.status !== 404) throw problem;
		// Mailchimp answers an unknown audience with the same 404: a mistyped ID is an error.
		await requireAudience(client, item.audienceId);
		return done('skipped', undefined, { reason: words.notInAudience, data });
	}
}
