#!/usr/bin/env node
// `npm run scan [-- <tarball>]`: n8n's community-package scanner (@n8n/scan-community-package),
// the gate n8n runs before it verifies a package, run offline. Its CLI downloads the package
// and its source from npm and GitHub; this calls the same analyser on what is here instead:
// the source (package.json, nodes/, credentials/: its SOURCE_FILE_PATTERNS, all rule sets) and
// the packed tarball (its compiled .js and package.json, as the CLI's second leg does).
//
// Any finding fails, except the two the user's chosen stack makes unavoidable (README,
// "Development"): the official SDK as the one runtime dependency, and its import in transport/.
// Written as an ES module because the scanner is one. Needs `npm run build` first (the tarball).
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { basename, dirname, join, relative, resolve, sep } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SDK = '@mailchimp/mailchimp_marketing';

const require = createRequire(import.meta.url);
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const fromScanner = createRequire(scannerFile);
// Loading the scanner makes a temp folder for downloads it will not do here: removed at exit.
fromScanner('tmp').setGracefulCleanup();
const { buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);
// The scanner's own ESLint 9 and glob (the repo's eslint is 8, for `npm run lint`).
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');
const scannerVersion = JSON.parse(readFileSync(join(dirname(scannerFile), '..', 'package.json'), 'utf8')).version;

/** The scanner's analyzePackage, returning each error instead of formatted text. */
async function analyse(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (!files.length) throw new Error(`no files to scan in ${dir}`);
	const results = await eslint.lintFiles(files);
	// The scanner fails a package on errors (severity 2), fatal parse errors included.
	const findings = results.flatMap((r) =>
		r.messages
			.filter((m) => m.severity === 2)
			.map((m) => ({ file: relative(dir, r.filePath).split(sep).join('/'), line: m.line ?? 0, column: m.column ?? 0, rule: m.ruleId ?? '(parse error)', message: m.message })),
	);
	return { files: files.length, findings };
}

/** Why a finding may stay, or undefined when it must be fixed. */
function allowance(finding, packageJson) {
	const rule = finding.rule.replace('@n8n/community-nodes/', '');
	if (rule === 'no-runtime-dependencies' && finding.file === 'package.json') {
		const deps = Object.keys(packageJson.dependencies ?? {});
		if (deps.length === 1 && deps[0] === SDK) {
			return `the official Mailchimp SDK (${SDK}) is the stack the user chose; it is the package's only runtime dependency`;
		}
	}
	// "Import of" in the TypeScript source, "Require of" in the compiled tarball.
	const sdkImport = new RegExp(`^(Import|Require) of '${SDK.replace('/', '\\/')}(/[^']*)?' is not allowed`);
	if (rule === 'no-restricted-imports' && sdkImport.test(finding.message) && /(^|\/)nodes\/MailchimpPushContact\/transport\//.test(finding.file)) {
		return `importing that SDK is what using it means; only transport/ does`;
	}
	return undefined;
}

function report(title, result, packageJson) {
	console.log(`== ${title}: ${result.files} files`);
	let failed = 0;
	for (const f of result.findings) {
		const where = `${f.file}:${f.line}:${f.column}`;
		const allowed = allowance(f, packageJson);
		if (allowed) {
			console.log(`  allowed  ${where}  ${f.rule}: ${f.message}\n           allowed, because ${allowed}`);
		} else {
			failed++;
			console.log(`  FINDING  ${where}  ${f.rule}: ${f.message}`);
		}
	}
	if (!result.findings.length) console.log('  no findings');
	return failed;
}

function packTarball(into) {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	return join(into, JSON.parse(out)[0].filename);
}

const work = mkdtempSync(join(tmpdir(), 'scan-community-package-'));
let failed = 0;
try {
	console.log(`@n8n/scan-community-package ${scannerVersion}, offline`);
	const sourcePackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	failed += report(`source (${SOURCE_FILE_PATTERNS.join(', ')})`, await analyse(ROOT, SOURCE_FILE_PATTERNS), sourcePackage);

	const tarball = process.argv[2] ? resolve(process.argv[2]) : packTarball(work);
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	if (!existsSync(join(unpacked, 'dist', 'nodes'))) throw new Error(`${tarball} holds no dist/nodes: run npm run build first`);
	const packedPackage = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	failed += report(`packed tarball (${basename(tarball)}: **/*.js, package.json)`, await analyse(unpacked, ['**/*.js', 'package.json']), packedPackage);
} finally {
	rmSync(work, { recursive: true, force: true });
}
console.log(failed ? `scan: ${failed} finding(s) to fix` : 'scan: passed (no findings but the allowed ones)');
process.exit(failed ? 1 : 0);
