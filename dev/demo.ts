/**
 * `npm start`: pushes a few contacts through "Mailchimp Push Contact" inside n8n's real
 * execution engine, against the loopback Mailchimp sandbox. No Mailchimp account needed.
 */
import { runWorkflow } from './engine';
import { credentialFor, credentialTypes, nodeTypes, PUSH_NODE, pushWorkflow } from './package';
import { installMailchimpHosts } from './mailchimpHosts';
import { NEWSLETTER_LIST_ID, SANDBOX_ACCOUNTS, SEEDED_MEMBERS, startSandbox } from '../sandbox';

const contacts = [
	{ email: 'peter.gibbons@initech-mail.com', firstName: 'Peter', lastName: 'Gibbons', company: 'Initech', plan: 'pro', birthday: '1971-02-19' },
	{ email: SEEDED_MEMBERS.subscribed, firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', plan: 'Enterprise' },
	{ email: SEEDED_MEMBERS.unsubscribed, firstName: 'Fran', company: 'Acme Mail' },
	{ email: 'samir@initech-mail.com', firstName: 'Samir', company: 'Initech', plan: 'Gold' },
	{ email: 'test@example.com', firstName: 'Fake', company: 'Nowhere' },
];

async function main() {
	const sandbox = await startSandbox();
	// The node calls https://us14.api.mailchimp.com as it would in production; this process answers it from the sandbox.
	installMailchimpHosts(sandbox);
	console.log(`Mailchimp sandbox on ${sandbox.url}, answering https://*.api.mailchimp.com in this process (account "acme", audience "Newsletter" ${NEWSLETTER_LIST_ID})\n`);

	const credential = credentialFor(SANDBOX_ACCOUNTS.acme);
	const workflow = pushWorkflow(
		{
			audience: { __rl: true, mode: 'list', value: NEWSLETTER_LIST_ID, cachedResultName: 'Newsletter' },
			email: '={{ $json.email }}',
			mergeFields: {
				mappingMode: 'defineBelow',
				value: {
					FNAME: '={{ $json.firstName }}',
					LNAME: '={{ $json.lastName }}',
					COMPANY: '={{ $json.company }}',
					PLAN: '={{ $json.plan }}',
					BIRTHDAY: '={{ $json.birthday }}',
				},
			},
			options: { tags: 'n8n-demo' },
		},
		credential,
		{ onError: 'continueRegularOutput' },
	);
	console.log('Workflow: "When contacts arrive" → "Mailchimp Push Contact" (On Error: Continue), 5 contacts in\n');

	const run = await runWorkflow({
		workflow,
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: contacts.map((json) => ({ json })),
	});
	if (run.status !== 'success') throw run.error ?? new Error(`The run ended with status ${run.status}`);

	console.log('What the node output, one item per contact:');
	console.table(
		run.output(PUSH_NODE).map(({ json }) => ({
			email: json.email,
			action: json.action ?? '—',
			status: json.status ?? '—',
			'reason / error': json.reason ?? json.error ?? '',
		})),
	);

	console.log('\nWhat the sandbox audience "Newsletter" now holds:');
	console.table(
		sandbox.listMembers('acme', NEWSLETTER_LIST_ID).map((m) => ({
			email: m.email_address,
			status: m.status,
			FNAME: m.merge_fields.FNAME,
			COMPANY: m.merge_fields.COMPANY,
			PLAN: m.merge_fields.PLAN,
			BIRTHDAY: m.merge_fields.BIRTHDAY,
			tags: m.tags.map((t) => t.name).join(', '),
		})),
	);
	// The contact's lifecycle: a lookup (Get), then an unsubscribe, each its own one-node run.
	const lookup = await runOperation(credential, { operation: 'get' }, [SEEDED_MEMBERS.subscribed, 'peter.gibbons@initech-mail.com', 'nobody@initech-mail.com']);
	console.log('\nGet (a lookup): found, status, and a few of the fields it gives:');
	console.table(lookup.map((json) => ({ email: json.email, found: json.found, status: json.status ?? '—', tags: ((json.tags as string[] | undefined) ?? []).join(', '), language: json.language ?? '' })));
	const unsubscribed = await runOperation(credential, { operation: 'unsubscribe', options: {} }, ['peter.gibbons@initech-mail.com', SEEDED_MEMBERS.unsubscribed, 'nobody@initech-mail.com']);
	console.log('\nUnsubscribe:');
	console.table(unsubscribed.map((json) => ({ email: json.email, action: json.action ?? '—', status: json.status ?? '—', 'reason / error': json.reason ?? json.error ?? '' })));
	const writes = sandbox.requests.filter((r) => r.method !== 'GET').length;
	console.log(`\n${sandbox.requests.length} requests to the sandbox (${writes} writes), at most ${sandbox.peakInFlight('acme')} in flight.`);
	await sandbox.close();
}

/** Runs one operation of the node over the given addresses (On Error: Continue) and returns its output. */
async function runOperation(credential: ReturnType<typeof credentialFor>, parameters: Record<string, unknown>, emails: string[]) {
	const run = await runWorkflow({
		workflow: pushWorkflow(
			{ audience: { __rl: true, mode: 'list', value: NEWSLETTER_LIST_ID, cachedResultName: 'Newsletter' }, email: '={{ $json.email }}', ...parameters },
			credential,
			{ onError: 'continueRegularOutput' },
		),
		nodeTypes: nodeTypes(),
		credentialTypes: credentialTypes(),
		credentials: [credential],
		triggerItems: emails.map((email) => ({ json: { email } })),
	});
	if (run.status !== 'success') throw run.error ?? new Error(`The run ended with status ${run.status}`);
	return run.output(PUSH_NODE).map(({ json }) => json);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
