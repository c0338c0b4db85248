/**
 * ItemParameters must give exactly what n8n's getNodeParameter() gives, item by item, for the
 * node's real parameter definitions: a probe node with the node's description runs in n8n-core's
 * WorkflowExecute and reads every parameter both ways.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { runWorkflow } from '../../../../dev/engine';
import { credentialFor, credentialTypes, NODE_TYPE, PUSH_NODE, pushWorkflow } from '../../../../dev/package';
import { ItemParameters } from '../../../../nodes/MailchimpPushContact/actions/itemParameters';
import { MailchimpPushContact } from '../../../../nodes/MailchimpPushContact/MailchimpPushContact.node';
import { SANDBOX_ACCOUNTS } from '../../../../sandbox';
import { audience, mapEach } from '../fixture';

const PARAMETERS: Array<[name: string, fallback: unknown]> = [
	['email', ''],
	['mergeFields', {}],
	['options', {}],
];

type Read = { value: unknown } | { error: string };

const read = (get: () => unknown): Read => {
	try {
		return { value: get() };
	} catch (error) {
		return { error: (error as Error).message };
	}
};

/** Our node's description, with an execute that reads each parameter both ways. */
class ParameterProbe implements INodeType {
	description = new MailchimpPushContact().description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let engineCalls = 0;
		const counting = {
			getInputData: () => this.getInputData(),
			getNode: () => this.getNode(),
			getNodeParameter: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
				engineCalls++;
				return this.getNodeParameter(...args);
			},
		} as unknown as IExecuteFunctions;
		const params = new ItemParameters(counting);
		return [
			this.getInputData().map((_, i) => {
				const before = engineCalls;
				const fast = PARAMETERS.map(([name, fallback]) => read(() => params.get(name, i, fallback)));
				const calls = engineCalls - before;
				const engine = PARAMETERS.map(([name, fallback]) => read(() => this.getNodeParameter(name, i, fallback)));
				return { json: { fast, engine, calls } as unknown as IDataObject };
			}),
		];
	}
}

const ITEMS: IDataObject[] = [
	{
		email: 'ann@initech-mail.com',
		first: 'Ann',
		'first name': 'Ann Marie',
		n: 5,
		z: null,
		b: true,
		s: 'text',
		nested: { deep: { v: 'deep value' } },
		arr: ['p', 'q'],
		obj: { k: 1 },
		d: new Date(0) as unknown as IDataObject,
	},
	{},
	{ email: 42, nested: null, arr: [] },
	{ email: ' spaced@initech-mail.com ', nested: 'a string', first: '' },
];

const EXPRESSIONS = [
	'={{ $json.email }}',
	'={{$json.email}}',
	'={{ $json["first name"] }}',
	"={{ $json['first name'] }}",
	'={{ $json.nested.deep.v }}',
	'={{ $json.arr[1] }}',
	'={{ $json.arr.length }}',
	'={{ $json.s.length }}',
	'={{ $json.z }}',
	'={{ $json.n }}',
	'={{ $json.b }}',
	'={{ $json.missing }}',
	'={{ $json.missing.deeper }}',
	'={{ $json.obj }}',
	'={{ $json.d }}',
	'={{ $json.toString }}',
	'={{ $json.constructor }}',
	'={{ $json.__proto__ }}',
	'={{ $json.email }} ',
	'=Dear {{ $json.first }}',
	'={{ $json.first }}{{ $json.n }}',
	'={{ $json.email.toUpperCase() }}',
	'={{ $json?.email }}',
	'plain text',
];

async function probe(expression: string) {
	const credential = credentialFor(SANDBOX_ACCOUNTS.acme);
	const parameters = {
		audience: audience(),
		email: expression,
		mergeFields: mapEach({ FNAME: expression, COMPANY: 'Initech' }),
		options: { tags: expression, language: expression, location: { coordinates: { latitude: expression, longitude: '2' } } },
	};
	const result = await runWorkflow({
		workflow: pushWorkflow(parameters, credential),
		nodeTypes: { [NODE_TYPE]: new ParameterProbe() },
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: ITEMS.map((json) => ({ json })),
	});
	expect(result.status).toBe('success');
	return result.output(PUSH_NODE).map((item) => item.json as unknown as { fast: Read[]; engine: Read[]; calls: number });
}

describe('ItemParameters', () => {
	it.each(EXPRESSIONS)('reads %j exactly as getNodeParameter() does, for every item', async (expression) => {
		const rows = await probe(expression);
		expect(rows).toHaveLength(ITEMS.length);
		for (const { fast, engine } of rows) expect(fast).toStrictEqual(engine);
	});

	it('skips the expression engine for whole {{ $json… }} values that are primitives', async () => {
		const calls = async (expression: string) => (await probe(expression)).map((item) => item.calls);
		// Item 0 holds a string, item 1 nothing (undefined), item 2 a number, item 3 a padded string.
		expect(await calls('={{ $json.email }}')).toEqual([0, 0, 0, 0]);
		expect(await calls('={{ $json["first name"] }}')).toEqual([0, 0, 0, 0]);
		// A missing parent, a string's own methods, a Date: the engine decides, for that item only.
		expect(await calls('={{ $json.nested.deep.v }}')).toEqual([0, 3, 3, 3]);
		expect(await calls('={{ $json.d }}')).toEqual([3, 0, 0, 0]);
		// Any other expression: the engine, for every item.
		expect(await calls('={{ $json.email.toUpperCase() }}')).toEqual([3, 3, 3, 3]);
		expect(await calls('plain text')).toEqual([0, 0, 0, 0]);
	});
});
