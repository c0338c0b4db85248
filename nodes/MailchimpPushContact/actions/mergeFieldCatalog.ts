import type { MailchimpClient } from '../transport/client';
import type { MergeField } from '../transport/types';

/**
 * The audience's merge fields, fetched at most once per execution and only when needed:
 * a trigger-driven push of one contact whose mapping is fully described by the stored
 * schema sends no extra request.
 */
export class MergeFieldCatalog {
	private fields?: Promise<Map<string, MergeField>>;

	constructor(private readonly client: MailchimpClient, private readonly audienceId: string) {}

	async all(): Promise<MergeField[]> {
		return [...(await this.load()).values()];
	}

	async get(tag: string): Promise<MergeField | undefined> {
		return (await this.load()).get(tag.toUpperCase());
	}

	private load(): Promise<Map<string, MergeField>> {
		this.fields ??= this.client
			.mergeFields(this.audienceId)
			.then((fields) => new Map(fields.map((f) => [f.tag.toUpperCase(), f])));
		return this.fields;
	}
}
