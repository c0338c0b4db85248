import type { INodeProperties } from 'n8n-workflow';

/** Options → Preview: every write operation can show what it would send, and send nothing. */
export const previewOption: INodeProperties = {
	displayName: 'Preview (Dry Run)',
	name: 'preview',
	type: 'boolean',
	default: false,
	description:
		'Whether to only build and check what would be sent for each item and output it (with what Mailchimp holds now), without writing to Mailchimp',
};

/** The Options of a write operation that has no other option. */
export const previewOnlyOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [previewOption],
};
