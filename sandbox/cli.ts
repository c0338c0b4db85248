// `node dist/sandbox/cli.js [--port N]`: runs the sandbox until SIGINT/SIGTERM and prints
// the URL and the seeded credentials for manual testing (curl, a real n8n, ...).
import { startSandbox } from './index';

function portArg(argv: string[]): number {
	const i = argv.indexOf('--port');
	const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
	if (raw === undefined) return 0;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${raw}`);
	return port;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ port: portArg(process.argv.slice(2)) });
	const lines = [
		`Mailchimp sandbox listening on ${sandbox.url}`,
		`  API base:        ${sandbox.url}/3.0`,
		`  OAuth metadata:  ${sandbox.url}/oauth2/metadata`,
		...Object.values(sandbox.accounts).flatMap((a) => [
			`  account ${a.name} (dc ${a.dc})`,
			`    API key:      ${a.apiKey}`,
			`    OAuth token:  ${a.accessToken}`,
		]),
		'Press Ctrl+C to stop.',
	];
	console.log(lines.join('\n'));
	const stop = (signal: string) => {
		console.log(`\n${signal}: stopping sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
