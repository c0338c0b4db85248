import { forEachConcurrent } from '../../../helpers/pool';
import { sequentialTagChange } from '../../../helpers/tagChange';
import type { MailchimpApiError } from '../../../transport/errors';
import type { MemberStatus } from '../../../transport/types';
import { explainProblem } from '../../explainProblem';
import { done, failedAfter, guarded, type Done, type Outcome } from '../../outcome';
import { applyTags, type TagJob } from './applyTags';
import { CreatePipeline } from './createPipeline';
import { pushExisting } from './pushExisting';
import type { PushGroup } from './pushGroup';
import type { Contact } from './readContact';
import { statusBookOf } from '../readStatusBook';
import { triggerWelcome, welcomeDue, type WelcomeResult } from './triggerWelcome';
import { updateSubscribed } from './updateSubscribed';

/**
 * The push of one group's contacts (one audience, one Skip Merge Validation): contacts are
 * added as the items are read, and finish() settles every one:
 * 1. create the new ones (one call alone; in bulk, batch subscribe calls leave while the items
 *    are still being read);
 * 2. update those already in the audience, and those that can't be created without a required
 *    merge field (in bulk, a status book spares one GET per contact, and the subscribed ones are
 *    updated 500 per batch call);
 * 3. repeated addresses, after their first occurrence, one after another, as sequential pushes;
 * 4. tags: one net change per member, as if its items were pushed one after another;
 * 5. the welcome journey for the contacts this push created, whatever became of their tags.
 */
export class ContactPush {
	/** The contacts the steps after the writes concern: tags to set, a welcome journey to start. */
	private readonly followUps: Contact[] = [];
	private readonly needsRead: Contact[] = [];
	private readonly seen = new Set<string>();
	/** Later items naming a member an earlier item of this push already named, in item order. */
	private readonly repeats = new Map<string, Contact[]>();
	private readonly creates: CreatePipeline;

	constructor(private readonly group: PushGroup) {
		this.creates = new CreatePipeline(group);
	}

	async add(contact: Contact): Promise<void> {
		const { settings } = contact;
		if (contact.tags.length || settings.tagMode === 'sync' || settings.welcomeJourney) this.followUps.push(contact);
		if (this.seen.has(contact.subscriberHash)) {
			const later = this.repeats.get(contact.subscriberHash);
			if (later) later.push(contact);
			else this.repeats.set(contact.subscriberHash, [contact]);
			return;
		}
		this.seen.add(contact.subscriberHash);
		if (this.group.skipMergeValidation || contact.missingRequired.length === 0) await this.creates.add(contact);
		else this.needsRead.push(contact);
	}

	async finish(): Promise<void> {
		const { group } = this;
		const { maxConcurrency } = group.execution;
		const existing = await this.creates.finish();
		const known = await this.statusesInBulk(existing);
		const one = [...existing.filter((c) => !c.outcome), ...this.needsRead];
		await forEachConcurrent(one, maxConcurrency, async (contact) => {
			contact.outcome = await guarded(() => pushExisting(group, contact, known.get(contact)));
		});
		await forEachConcurrent([...this.repeats.values()], maxConcurrency, async (sameAddress) => {
			for (const contact of sameAddress) contact.outcome = await guarded(() => pushExisting(group, contact));
		});
		await this.followUp();
	}

	/**
	 * Contacts found in the audience, in bulk: their statuses from one paged read of the members
	 * that are not subscribed, and the subscribed ones updated through batch subscribe.
	 */
	private async statusesInBulk(existing: Contact[]): Promise<Map<Contact, MemberStatus>> {
		const known = new Map<Contact, MemberStatus>();
		const updatable = existing.filter((c) => c.settings.updateExisting);
		// Without the book (few contacts, or listing failed) each contact is read before its update.
		const book = await statusBookOf(this.group, updatable.length);
		if (!book) return known;
		for (const contact of existing) known.set(contact, book.get(contact.subscriberHash) ?? 'subscribed');
		const subscribed = updatable.filter((c) => known.get(c) === 'subscribed' && !c.profile.marketing_permissions);
		for (const contact of await updateSubscribed(this.group, subscribed)) known.delete(contact);
		return known;
	}

	/** Tags, then the welcome journey; a failure of either is reported beside the write, never instead of it. */
	private async followUp(): Promise<void> {
		const { group } = this;
		const written = new Map<Contact, Done>();
		for (const contact of this.followUps) {
			const outcome = contact.outcome;
			if (outcome?.ok && outcome.action !== 'skipped') written.set(contact, outcome);
		}

		const byMember = new Map<string, Contact[]>();
		for (const contact of written.keys()) {
			const list = byMember.get(contact.subscriberHash) ?? [];
			list.push(contact);
			byMember.set(contact.subscriberHash, list);
		}
		const jobs: TagJob[] = [];
		for (const contacts of byMember.values()) {
			contacts.sort((a, b) => a.itemIndex - b.itemIndex);
			const change = sequentialTagChange(
				contacts.map((c) => ({ tags: c.tags, mode: c.settings.tagMode, applied: c.tagsApplied, current: c.currentTags })),
			);
			if (change.add.length || change.remove.length) jobs.push({ contacts, ...change });
		}
		const tagFailures = await applyTags(group, jobs);

		const welcomes = new Map<Contact, WelcomeResult>();
		const due = [...written].filter(([contact, outcome]) => welcomeDue(contact, outcome)).map(([contact]) => contact);
		await forEachConcurrent(due, group.execution.maxConcurrency, async (contact) => {
			welcomes.set(contact, await triggerWelcome(group, contact));
		});

		for (const [contact, outcome] of written) {
			contact.outcome = settle(contact, outcome, welcomes.get(contact), tagFailures.get(contact));
		}
	}
}

function settle(contact: Contact, written: Done, welcome: WelcomeResult | undefined, tagFailure?: MailchimpApiError): Outcome {
	let outcome: Done = written;
	if (contact.settings.welcomeJourney) {
		const triggered = !!welcome && 'triggered' in welcome && welcome.triggered;
		outcome = done(written.action, written.status, { reason: written.reason, welcomeJourneyTriggered: triggered });
	}
	const problems: string[] = [];
	if (tagFailure) problems.push(`The contact was ${written.action}, but its tags could not be set: ${explainProblem(tagFailure)}`);
	if (welcome && 'message' in welcome) problems.push(welcome.message);
	if (!problems.length) return outcome;
	return failedAfter(outcome, problems.join('. '), tagFailure ?? (welcome as { problem: MailchimpApiError }).problem);
}
