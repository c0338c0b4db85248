import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { connect } from '../transport/connect';
import type { MergeField, MergeFieldType } from '../transport/types';

/** How each merge field type shows in n8n's mapper. Dates are converted at push time. */
const FIELD_TYPES: Record<MergeFieldType, FieldType> = {
	text: 'string',
	number: 'number',
	address: 'object',
	phone: 'string',
	date: 'dateTime',
	url: 'url',
	imageurl: 'url',
	radio: 'options',
	dropdown: 'options',
	birthday: 'dateTime',
	zip: 'string',
};

/** The selected audience's merge fields (all of them, paged), typed, with their choices. */
export async function getMergeFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const audienceId = this.getNodeParameter('audience', undefined, { extractValue: true }) as string;
	if (!audienceId) return { fields: [] };
	const client = await connect(this);
	return { fields: (await client.mergeFields(audienceId)).map(toMapperField) };
}

export function toMapperField(field: MergeField): ResourceMapperField {
	const mapped: ResourceMapperField = {
		id: field.tag,
		displayName: displayName(field),
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: FIELD_TYPES[field.type] ?? 'string',
	};
	if (mapped.type === 'options') {
		mapped.options = (field.options?.choices ?? []).map((choice) => ({ name: choice, value: choice }));
	}
	return mapped;
}

/** "Birthday (BIRTHDAY, MM/DD)": the tag, and the format Mailchimp will be sent for dates. */
function displayName(field: MergeField): string {
	const format = field.type === 'date' || field.type === 'birthday' ? field.options?.date_format : undefined;
	return `${field.name} (${[field.tag, format].filter(Boolean).join(', ')})`;
}
