/**
 * `npm run dev` (= `npm run build && node dist/dev/n8n/dev.js`): a real n8n with this package, against
 * the Mailchimp sandbox, for trying the node by hand.
 *
 *  1. packs the built package (`npm pack`; with --build it runs `npm run build` first),
 *  2. installs n8n 2.40.7 on Node 24 once (dev/n8n/install-host.sh; ~/.cache, not the system Node),
 *  3. starts the sandbox and n8n (package installed the way n8n installs community packages, pointed at
 *     the sandbox), creates the owner, a credential for the sandbox account `acme` and the example
 *     workflow Webhook → Mailchimp Push Contact, active,
 *  4. prints the editor URL, the login and a curl line; Ctrl-C stops n8n and the sandbox.
 *
 * Options: --port N (n8n's port; default 5678, or a free one when taken), --build (run `npm run build`
 *          first), --verbose (n8n's output on the terminal, not only in its log file).
 * Everything of a run lives in .n8n-dev/dev-XXXXXX/ (user folder, logs); it is not reused.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { ensureHostInstalled, freePort, newRunDir, packPackage, REPO_ROOT } from './host';
import { exampleFiles, loadExample, NEWSLETTER, startStack, type Stack } from './stack';

function arg(name: string): string | undefined {
	const argv = process.argv.slice(2);
	const i = argv.indexOf(`--${name}`);
	if (i >= 0) return argv[i + 1];
	return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function portIsFree(port: number): Promise<boolean> {
	const { createServer } = await import('net');
	return new Promise((res) => {
		const s = createServer();
		s.once('error', () => res(false));
		s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
	});
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const say = (line: string) => console.log(`[dev] ${line}`);

	if (flag('build')) {
		say('building the package (npm run build)');
		const b = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (b.status !== 0) throw new Error('npm run build failed');
	}
	ensureHostInstalled(say);

	const runDir = newRunDir('dev');
	const tarball = packPackage(join(runDir, 'pack'));
	say(`packed ${tarball}`);

	const wanted = Number(arg('port') ?? process.env.N8N_PORT ?? 5678);
	const port = (await portIsFree(wanted)) ? wanted : await freePort();
	if (port !== wanted) say(`port ${wanted} is taken, using ${port}`);

	let stack: Stack | undefined;
	let stopping = false;
	const shutdown = async (why: string) => {
		if (stopping) return;
		stopping = true;
		say(`${why}: stopping n8n and the sandbox…`);
		try {
			await stack?.stop();
			say('stopped; nothing left running');
			process.exit(0);
		} catch (e) {
			console.error(e);
			process.exit(1);
		}
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGHUP', () => void shutdown('SIGHUP'));

	say(`starting the sandbox and n8n (first start runs n8n's database migrations: ~30 s)`);
	stack = await startStack({ packageTarball: tarball, runDir, port, echo: flag('verbose'), log: say });
	if (stopping) return;
	// n8n is up: if it dies on its own, say so and stop the rest.
	void stack.n8n.main.exited.then((code) => {
		if (!stopping) {
			console.error(`[dev] n8n exited unexpectedly (code ${code}); see ${stack!.n8n.main.logFile}`);
			void shutdown('n8n exited');
		}
	});

	// The examples (examples/*.json), imported inactive with the sandbox credential, to open and try.
	const examples: string[] = [];
	for (const file of exampleFiles()) {
		try {
			const { id } = await stack.client.createWorkflow(loadExample(file, stack.credentialId));
			examples.push(`${stack.n8n.baseUrl}/workflow/${id}  (${file})`);
		} catch (e) {
			say(`could not import examples/${file}: ${(e as Error).message}`);
		}
	}

	const { n8n, owner, webhookUrl, workflowId, sandbox } = stack;
	const body = JSON.stringify({ email: 'jane.doe@example-mail.org', firstName: 'Jane', lastName: 'Doe', company: 'Example Co', tags: 'dev' });
	console.log(
		[
			'',
			`n8n ${'2.40.7'} with n8n-nodes-mailchimp-push is running (ready in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
			'',
			`  Editor:     ${n8n.baseUrl}/`,
			`  Login:      ${owner.email} / ${owner.password}`,
			`  Workflow:   ${n8n.baseUrl}/workflow/${workflowId}  (Webhook → Mailchimp Push Contact → audience "${NEWSLETTER.name}", active)`,
			`  Credential: "Mailchimp sandbox (acme)" (type mailchimpPushApi)`,
			...(examples.length ? ['  Examples (inactive):', ...examples.map((e) => `    ${e}`)] : []),
			`  Sandbox:    ${sandbox.url}  (fake Mailchimp API; n8n reaches it as https://*.api.mailchimp.com through dev/mailchimpHosts)`,
			`  Logs:       ${n8n.main.logFile}`,
			'',
			'  Push a contact:',
			`    curl -sS -X POST ${webhookUrl} -H 'content-type: application/json' -d '${body}'`,
			'',
			'Press Ctrl-C to stop n8n and the sandbox.',
		].join('\n'),
	);
}

main().catch((e: unknown) => {
	console.error(`[dev] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
	process.exit(1);
});
