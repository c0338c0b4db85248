import type { IExecuteFunctions } from 'n8n-workflow';

import { Pauses } from '../../../../../../nodes/MailchimpPushContact/helpers/pause';
import type { ItemRecord } from '../../../../../../nodes/MailchimpPushContact/actions/items';
import { ReadAhead, READ_AHEAD_LIMIT } from '../../../../../../nodes/MailchimpPushContact/actions/contact/push/readAhead';
import type { ContactDraft, ReadContext } from '../../../../../../nodes/MailchimpPushContact/actions/contact/push/readContact';
import type { ContactSettings } from '../../../../../../nodes/MailchimpPushContact/actions/contact/push/readSettings';
import type { MergeField } from '../../../../../../nodes/MailchimpPushContact/transport/types';

const FNAME = { tag: 'FNAME', name: 'First Name', type: 'text', required: false } as unknown as MergeField;
const SETTINGS: ContactSettings = {
	doubleOptIn: false,
	updateExisting: true,
	resubscribe: false,
	skipMergeValidation: false,
	tagMode: 'add',
	preview: false,
};

/** An audience whose merge fields arrive when the test says so (or fail). */
function audience() {
	let answer!: (fields: MergeField[]) => void;
	let fail!: (error: Error) => void;
	const fields = new Promise<MergeField[]>((resolve, reject) => {
		answer = resolve;
		fail = reject;
	});
	const catalog = {
		fieldsSettled: false,
		mergeFields: async () => {
			const list = await fields;
			return { list, byTag: new Map(list.map((f) => [f.tag, f])), required: list.filter((f) => f.required) };
		},
		interests: async () => [],
	};
	void fields.then(
		() => (catalog.fieldsSettled = true),
		() => (catalog.fieldsSettled = true),
	);
	return { catalog, answer, fail };
}

function setUp() {
	const a = audience();
	const read = {
		ctx: { getInputData: () => [] } as unknown as IExecuteFunctions,
		catalogs: { for: () => a.catalog },
	} as unknown as ReadContext;
	const completed: ItemRecord[] = [];
	const ahead = new ReadAhead(
		read,
		async (record) => {
			completed.push(record);
		},
		new Pauses(),
	);
	return { ...a, ahead, completed };
}

const draft = (itemIndex: number): ContactDraft => ({
	itemIndex,
	email: `c${itemIndex}@initech-mail.com`,
	subscriberHash: `hash${itemIndex}`,
	audienceId: 'b7e2a91c4d',
	settings: SETTINGS,
	options: {},
	mapper: { mappingMode: 'defineBelow', value: { FNAME: `First ${itemIndex}` } },
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadAhead', () => {
	it('keeps reading while the merge fields are on their way, then completes every item in item order', async () => {
		const { ahead, completed, answer } = setUp();
		for (let i = 0; i < 300; i++) await ahead.add(draft(i));
		expect(completed).toHaveLength(0);

		answer([FNAME]);
		await flush();
		await ahead.add(draft(300));
		expect(completed.map((r) => r.itemIndex)).toEqual(Array.from({ length: 301 }, (_, i) => i));
		expect(completed[7]).toMatchObject({ itemIndex: 7, email: 'c7@initech-mail.com', mergeFields: { FNAME: 'First 7' } });
	});

	it('completes an item at once when its audience has answered', async () => {
		const { ahead, completed, answer } = setUp();
		answer([FNAME]);
		await flush();
		await ahead.add(draft(0));
		expect(completed.map((r) => r.itemIndex)).toEqual([0]);
	});

	it(`waits for the audience once ${READ_AHEAD_LIMIT.toLocaleString('en-US')} items are read ahead`, async () => {
		const { ahead, completed, answer } = setUp();
		for (let i = 0; i < READ_AHEAD_LIMIT - 1; i++) await ahead.add(draft(i));
		let added = false;
		const last = ahead.add(draft(READ_AHEAD_LIMIT - 1)).then(() => (added = true));
		await flush();
		expect(added).toBe(false);
		answer([FNAME]);
		await last;
		expect(completed).toHaveLength(READ_AHEAD_LIMIT);
	});

	it('gives every item read ahead the failure of the merge-field read, and drain(true) settles them all', async () => {
		const { ahead, completed, fail } = setUp();
		for (let i = 0; i < 20; i++) await ahead.add(draft(i));
		fail(Object.assign(new Error('Mailchimp is down'), { status: 503 }));
		await ahead.drain(true);
		expect(completed).toHaveLength(20);
		expect(completed.every((r) => r.outcome && !r.outcome.ok)).toBe(true);
		expect(completed.map((r) => r.itemIndex)).toEqual(Array.from({ length: 20 }, (_, i) => i));
	});
});
