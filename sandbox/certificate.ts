// The sandbox's TLS identity: a throw-away CA and a certificate it signs for Mailchimp's host
// names, made in memory at start-up and never written anywhere. Only a process that installs
// dev/mailchimpHosts trusts the CA, and only for the connections it sends to the sandbox.
import { generate } from 'selfsigned';

export interface SandboxCertificate {
	/** PEM of the CA to trust. */
	ca: string;
	/** PEM of the server's private key and of its certificate (signed by the CA). */
	key: string;
	cert: string;
}

/** The names real traffic uses (API, OAuth metadata); the harness also reaches 127.0.0.1. */
export const SANDBOX_HOST_NAMES = ['*.api.mailchimp.com', 'login.mailchimp.com'];
const LOOPBACK_IP = '127.0.0.1';
const DAY_MS = 24 * 60 * 60 * 1000;

let made: Promise<SandboxCertificate> | undefined;

/**
 * One identity per process (every sandbox a process starts serves it). ECDSA P-256 through
 * Node's WebCrypto: a few milliseconds to make and a cheap handshake, which the benchmark
 * measures along with everything else.
 */
export function sandboxCertificate(): Promise<SandboxCertificate> {
	made ??= makeCertificate().catch((error: unknown) => {
		made = undefined;
		throw error;
	});
	return made;
}

async function makeCertificate(): Promise<SandboxCertificate> {
	const validity = { notBeforeDate: new Date(Date.now() - DAY_MS), notAfterDate: new Date(Date.now() + 7 * DAY_MS) };
	const ca = await generate([{ name: 'commonName', value: 'n8n-nodes-mailchimp-push sandbox CA (throw-away)' }], {
		keyType: 'ec',
		algorithm: 'sha256',
		...validity,
		extensions: [
			{ name: 'basicConstraints', cA: true, critical: true },
			{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
		],
	});
	const leaf = await generate([{ name: 'commonName', value: SANDBOX_HOST_NAMES[0] }], {
		keyType: 'ec',
		algorithm: 'sha256',
		...validity,
		ca: { key: ca.private, cert: ca.cert },
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true, critical: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{ name: 'subjectAltName', altNames: [...SANDBOX_HOST_NAMES.map((value) => ({ type: 2 as const, value })), { type: 7 as const, ip: LOOPBACK_IP }] },
		],
	});
	// The CA's key is dropped here: nothing else can ever be signed with it.
	return { ca: ca.cert, key: leaf.private, cert: leaf.cert };
}
