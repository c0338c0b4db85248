import type { MailchimpClient } from '../transport/client';
import type { Interest, MemberStatus, MergeField } from '../transport/types';

/** An audience's merge fields, in the shapes every item's reading needs, made once. */
export interface AudienceFields {
	list: MergeField[];
	/** By tag in upper case. */
	byTag: Map<string, MergeField>;
	required: MergeField[];
}

/**
 * An audience's merge fields and interest groups as Mailchimp holds them now, each read at most
 * once per execution and only when needed. Mailchimp is the source of truth for them: what the
 * editor stored with the workflow only serves the editor.
 */
export class AudienceCatalog {
	private fields?: Promise<AudienceFields>;
	private fieldsAnswered = false;
	private interestList?: Promise<Interest[]>;
	/** The push's status book (members that are not subscribed), when a bulk push asked for it early. */
	statusBook?: Promise<Map<string, MemberStatus> | undefined>;

	constructor(private readonly client: MailchimpClient, private readonly audienceId: string) {}

	/** Asks for the merge fields now, without waiting: whoever reads them later hears of a failure. */
	prefetchFields(): void {
		this.mergeFields().catch(() => undefined);
	}

	/** Whether Mailchimp has answered for the merge fields (or failed to): reading them waits for nothing. */
	get fieldsSettled(): boolean {
		return this.fieldsAnswered;
	}

	interests(): Promise<Interest[]> {
		this.interestList ??= this.client.interests(this.audienceId);
		return this.interestList;
	}

	mergeFields(): Promise<AudienceFields> {
		this.fields ??= this.client
			.mergeFields(this.audienceId)
			.then((list) => ({ list, byTag: new Map(list.map((f) => [f.tag.toUpperCase(), f])), required: list.filter((f) => f.required) }))
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
