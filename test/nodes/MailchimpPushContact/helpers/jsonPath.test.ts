import { jsonPathOf, readJsonPath } from '../../../../nodes/MailchimpPushContact/helpers/jsonPath';

describe('jsonPathOf', () => {
	it.each([
		['={{ $json.email }}', ['email']],
		['={{$json.email}}', ['email']],
		['={{ $json.body.contact.email }}', ['body', 'contact', 'email']],
		['={{ $json["first name"] }}', ['first name']],
		["={{ $json['first name'].x }}", ['first name', 'x']],
		['={{ $json.list[0] }}', ['list', '0']],
		['={{ $json.$id }}', ['$id']],
	])('reads the path of %s', (expression, path) => expect(jsonPathOf(expression)).toEqual(path));

	it.each([
		'{{ $json.email }}', // not an expression: no leading "="
		'={{ $json }}',
		'={{ $json.email }} ',
		'=x{{ $json.email }}',
		'={{ $json.a }}{{ $json.b }}',
		'={{ $json.email.trim() }}',
		'={{ $json?.email }}',
		'={{ $json[key] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json["}}"] }}',
		'={{ $json.constructor }}',
		'={{ $json.__proto__ }}',
		'={{ $json.a.prototype }}',
		'={{ $("Webhook").item.json.email }}',
		'={{ $input.item.json.email }}',
	])('leaves %s to the engine', (expression) => expect(jsonPathOf(expression)).toBeUndefined());

	it('ignores values that are not strings', () => expect(jsonPathOf(5)).toBeUndefined());
});

describe('readJsonPath', () => {
	const json = { a: { b: 'x', n: 0, z: null, list: ['p'] }, s: 'text', d: new Date(0), o: { k: 1 } };

	it('reads primitives through plain objects and arrays', () => {
		expect(readJsonPath(json, ['a', 'b'])).toEqual({ value: 'x' });
		expect(readJsonPath(json, ['a', 'n'])).toEqual({ value: 0 });
		expect(readJsonPath(json, ['a', 'z'])).toEqual({ value: null });
		expect(readJsonPath(json, ['a', 'list', '0'])).toEqual({ value: 'p' });
		expect(readJsonPath(json, ['a', 'list', 'length'])).toEqual({ value: 1 });
		expect(readJsonPath(json, ['missing'])).toEqual({ value: undefined });
	});

	it('gives up (undefined) where only the engine knows the answer', () => {
		expect(readJsonPath(json, ['missing', 'x'])).toBeUndefined(); // a missing parent
		expect(readJsonPath(json, ['a', 'z', 'x'])).toBeUndefined(); // a null parent
		expect(readJsonPath(json, ['s', 'length'])).toBeUndefined(); // a string's property
		expect(readJsonPath(json, ['toString'])).toBeUndefined(); // inherited
		expect(readJsonPath(json, ['d'])).toBeUndefined(); // a Date
		expect(readJsonPath(json, ['o'])).toBeUndefined(); // an object
	});
});
