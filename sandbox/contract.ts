// Contract checks: request bodies are validated against the official Mailchimp schemas in
// test/fixtures/schemas, made stricter in one way and relaxed in one way (both documented
// below). Response validation (for the sandbox's own tests) lives here too, so the schema
// location is resolved in exactly one place.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import type { FieldError } from './types';

export const REQUEST_SCHEMAS = {
	'post-member': 'post-member-body.AddListMembers1.json',
	'put-member': 'put-member-body.AddListMembers2.json',
	'patch-member': 'patch-member-body.AddListMembers3.json',
	'member-tags': 'member-tags-body.MemberTags.json',
	'batch-subscribe': 'batch-subscribe-body.MembersToSubscribeUnsubscribeTofromAListInBatch.json',
	'batches-post': 'batches-post-body.json',
	// Hand-written from Mailchimp's documented fields (see each file's $comment).
	'member-event': 'member-event-body.Events.json',
	'member-note': 'member-note-body.MemberNotes.json',
} as const;

export const RESPONSE_SCHEMAS = {
	'batch-subscribe-response': 'batch-subscribe-response.BatchUpdateListMembers.json',
	'merge-fields-collection': 'merge-fields-collection.CollectionOfMergeFields.json',
	'batch-status': 'batch-status.Batch.json',
	problem: 'problem-detail.ProblemDetailDocument.json',
} as const;

export type RequestSchema = keyof typeof REQUEST_SCHEMAS;
export type ResponseSchema = keyof typeof RESPONSE_SCHEMAS;

/** Walks up from this file (sandbox/ in ts, dist/sandbox/ when compiled) to the repo root. */
export function schemaDir(): string {
	for (let dir = __dirname; ; dir = dirname(dir)) {
		const candidate = join(dir, 'test', 'fixtures', 'schemas');
		if (existsSync(candidate)) return candidate;
		if (dirname(dir) === dir) throw new Error(`test/fixtures/schemas not found above ${__dirname}`);
	}
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function load(file: string): Json {
	const schema = JSON.parse(readFileSync(join(schemaDir(), file), 'utf8')) as Json;
	delete schema.$comment;
	return schema;
}

/**
 * Relaxation (spec bug): merge_fields values are typed `object`, yet Mailchimp takes strings,
 * numbers and address objects. Any JSON value is allowed there.
 */
function relaxMergeFields(node: unknown): void {
	if (Array.isArray(node)) return node.forEach(relaxMergeFields);
	if (typeof node !== 'object' || node === null) return;
	const obj = node as Json;
	if (obj.properties?.merge_fields?.additionalProperties) obj.properties.merge_fields.additionalProperties = {};
	Object.values(obj).forEach(relaxMergeFields);
}

const closed = (schema: Json, extra: Json = {}): Json => ({
	...schema,
	properties: { ...schema.properties, ...extra },
	additionalProperties: false,
});

const STRING_TAGS = { tags: { type: 'array', items: { type: 'string' } } };

/**
 * Strictness: unknown properties are violations (a typo such as `merge_field` must not pass
 * silently) at the top level of every body, in each batch-subscribe member (which may
 * legitimately carry `tags`, undocumented but honoured by Mailchimp) and in each /batches
 * operation.
 */
function stricten(name: RequestSchema, schema: Json): Json {
	const s = closed(schema);
	if (name === 'batch-subscribe') s.properties.members = { ...s.properties.members, items: closed(s.properties.members.items, STRING_TAGS) };
	if (name === 'batches-post') s.properties.operations = { ...s.properties.operations, items: closed(s.properties.operations.items) };
	return s;
}

// RFC 3339 date-time, the format the spec names for timestamp_signup / timestamp_opt.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function newAjv(validateFormats: boolean): Ajv {
	const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats });
	ajv.addFormat('date-time', DATE_TIME);
	return ajv;
}

const requestAjv = newAjv(true);
// Mailchimp itself answers '' for unset timestamps, which the spec's date-time format forbids.
const responseAjv = newAjv(false);
const requestValidators = new Map<RequestSchema, ValidateFunction>();
const responseValidators = new Map<ResponseSchema, ValidateFunction>();

function requestValidator(name: RequestSchema): ValidateFunction {
	let v = requestValidators.get(name);
	if (!v) {
		const schema = stricten(name, load(REQUEST_SCHEMAS[name]));
		relaxMergeFields(schema);
		requestValidators.set(name, (v = requestAjv.compile(schema)));
	}
	return v;
}

/** Field errors for a request body; empty when it satisfies the (adjusted) official schema. */
export function validateRequest(name: RequestSchema, body: unknown): FieldError[] {
	const v = requestValidator(name);
	return v(body) ? [] : (v.errors ?? []).map(toFieldError);
}

/** Same for responses (used by tests to check the sandbox answers like Mailchimp). */
export function validateResponse(name: ResponseSchema, body: unknown): FieldError[] {
	let v = responseValidators.get(name);
	if (!v) {
		const schema = load(RESPONSE_SCHEMAS[name]);
		relaxMergeFields(schema);
		responseValidators.set(name, (v = responseAjv.compile(schema)));
	}
	return v(body) ? [] : (v.errors ?? []).map(toFieldError);
}

const JSON_TYPE = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : Number.isInteger(x) ? 'integer' : typeof x);

function toFieldError(e: ErrorObject): FieldError {
	const path = e.instancePath.split('/').slice(1).join('.');
	const at = (child: string) => (path ? `${path}.${child}` : child);
	switch (e.keyword) {
		case 'additionalProperties': {
			const prop = (e.params as { additionalProperty: string }).additionalProperty;
			return { field: at(prop), message: `Unknown property '${prop}': not in the Mailchimp schema.` };
		}
		case 'required': {
			const prop = (e.params as { missingProperty: string }).missingProperty;
			return { field: at(prop), message: `Required fields were not provided: ${prop}` };
		}
		case 'type':
			return { field: path, message: `Schema describes ${(e.params as { type: string }).type}, ${JSON_TYPE(e.data)} found instead` };
		case 'enum':
			return { field: path, message: `Value must be one of: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` };
		default:
			return { field: path, message: e.message ?? e.keyword };
	}
}
