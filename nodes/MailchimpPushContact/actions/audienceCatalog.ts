import type { MailchimpClient } from '../transport/client';
import type { Interest, MergeField } from '../transport/types';

/**
 * The audience's merge fields and interest groups, each fetched at most once per execution
 * and only when needed: a trigger-driven push of one contact whose mapping is fully described
 * by the stored schema, with interests picked as ids, sends no extra request.
 */
export class AudienceCatalog {
	private fields?: Promise<Map<string, MergeField>>;
	private interestList?: Promise<Interest[]>;

	constructor(private readonly client: MailchimpClient, private readonly audienceId: string) {}

	async mergeFields(): Promise<MergeField[]> {
		return [...(await this.loadFields()).values()];
	}

	async mergeField(tag: string): Promise<MergeField | undefined> {
		return (await this.loadFields()).get(tag.toUpperCase());
	}

	interests(): Promise<Interest[]> {
		this.interestList ??= this.client.interests(this.audienceId);
		return this.interestList;
	}

	private loadFields(): Promise<Map<string, MergeField>> {
		this.fields ??= this.client
			.mergeFields(this.audienceId)
			.then((fields) => new Map(fields.map((f) => [f.tag.toUpperCase(), f])));
		return this.fields;
	}
}
