import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { audienceLocator, emailProperty } from '../common.descriptions';
import * as addNote from './addNote.operation';
import * as archive from './archive.operation';
import * as changeEmail from './changeEmail.operation';
import * as deletePermanently from './deletePermanently.operation';
import * as get from './get.operation';
import * as push from './push.operation';
import * as recordEvent from './recordEvent.operation';
import * as unsubscribe from './unsubscribe.operation';

/** The contact's operations: each file holds its parameters and its execute. */
export const operations = {
	push,
	archive,
	get,
	unsubscribe,
	deletePermanently,
	changeEmail,
	recordEvent,
	addNote,
} satisfies Record<string, { description: INodeProperties[]; execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> }>;

export type Operation = keyof typeof operations;

export const description: INodeProperties[] = [
	// One resource, never shown: n8n describes each operation of the node's AI-tool variant by its
	// `action` only when `operation` belongs to a resource (else every tool reads the same).
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'hidden',
		noDataExpression: true,
		default: 'contact',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add Note',
				value: 'addNote',
				description: 'Add a note to the contact\'s profile, for whoever reads it in Mailchimp',
				action: 'Add a note to a contact',
			},
			{
				name: 'Archive',
				value: 'archive',
				description: 'Archive the contact: it stays in the audience, unbilled, and can be pushed back later',
				action: 'Archive a contact',
			},
			{
				name: 'Change Email',
				value: 'changeEmail',
				description: 'Move the contact to a new address, keeping its history, fields, tags and status',
				action: 'Change the email address of a contact',
			},
			{
				name: 'Create or Update',
				value: 'push',
				description: 'Create contacts, or update them when already in the audience (a true upsert)',
				action: 'Create or update a contact',
			},
			{
				name: 'Delete Permanently',
				value: 'deletePermanently',
				description: 'Erase the contact for good (GDPR): Mailchimp refuses the address from then on',
				action: 'Delete a contact permanently',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Look the contact up: its status, fields, tags, interests and permissions',
				action: 'Get a contact',
			},
			{
				name: 'Record Event',
				value: 'recordEvent',
				description: 'Record something the contact did: it can start a Customer Journey and segment the audience',
				action: 'Record an event for a contact',
			},
			{
				name: 'Unsubscribe',
				value: 'unsubscribe',
				description: 'Unsubscribe the contact, or add it as unsubscribed so it can never be imported as subscribed',
				action: 'Unsubscribe a contact',
			},
		],
		default: 'push',
	},
	audienceLocator,
	emailProperty,
	...push.description,
	...archive.description,
	...get.description,
	...unsubscribe.description,
	...deletePermanently.description,
	...changeEmail.description,
	...recordEvent.description,
	...addNote.description,
];
