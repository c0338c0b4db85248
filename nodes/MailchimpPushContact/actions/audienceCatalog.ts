import type { MailchimpClient } from '../transport/client';
import type { Interest, MemberStatus, MergeField } from '../transport/types';

/**
 * An audience's merge fields and interest groups as Mailchimp holds them now, each read at most
 * once per execution and only when needed. Mailchimp is the source of truth for them: what the
 * editor stored with the workflow only serves the editor.
 */
export class AudienceCatalog {
	private fields?: Promise<Map<string, MergeField>>;
	private fieldsAnswered = false;
	private interestList?: Promise<Interest[]>;
	/** The push's status book (members that are not subscribed), when a bulk push asked for it early. */
	statusBook?: Promise<Map<string, MemberStatus> | undefined>;

	constructor(private readonly client: MailchimpClient, private readonly audienceId: string) {}

	async mergeFields(): Promise<MergeField[]> {
		return [...(await this.loadFields()).values()];
	}

	async mergeField(tag: string): Promise<MergeField | undefined> {
		return (await this.loadFields()).get(tag.toUpperCase());
	}

	/** Asks for the merge fields now, without waiting: whoever reads them later hears of a failure. */
	prefetchFields(): void {
		this.loadFields().catch(() => undefined);
	}

	/** Whether Mailchimp has answered for the merge fields (or failed to): reading them waits for nothing. */
	get fieldsSettled(): boolean {
		return this.fieldsAnswered;
	}

	interests(): Promise<Interest[]> {
		this.interestList ??= this.client.interests(this.audienceId);
		return this.interestList;
	}

	private loadFields(): Promise<Map<string, MergeField>> {
		this.fields ??= this.client
			.mergeFields(this.audienceId)
			.then((fields) => new Map(fields.map((f) => [f.tag.toUpperCase(), f])))
			.finally(() => {
				this.fieldsAnswered = true;
			});
		return this.fields;
	}
}

/** One catalog per audience an execution's items name. */
export class AudienceCatalogs {
	private readonly byAudience = new Map<string, AudienceCatalog>();

	constructor(readonly client: MailchimpClient) {}

	for(audienceId: string): AudienceCatalog {
		let catalog = this.byAudience.get(audienceId);
		if (!catalog) this.byAudience.set(audienceId, (catalog = new AudienceCatalog(this.client, audienceId)));
		return catalog;
	}
}
