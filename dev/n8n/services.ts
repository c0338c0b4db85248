/**
 * Throw-away Redis and PostgreSQL servers for n8n's queue mode, from Debian's packages
 * (dev/n8n/install-system.sh): each on a free loopback port with its data in a temp folder,
 * nothing persisted, stopped by stop(). The packages' own system services are not used.
 */
import { execFileSync } from 'child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ManagedProcess, freePort, sleep } from './host';

export interface Service {
	host: string;
	port: number;
	proc: ManagedProcess;
	stop(): Promise<void>;
}

function which(cmd: string, extra: string[] = []): string {
	for (const dir of [...extra, ...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
		const p = join(dir, cmd);
		if (dir && existsSync(p)) return p;
	}
	throw new Error(`${cmd} not found: run dev/n8n/install-system.sh`);
}

function systemUser(name: string): [number, number] | undefined {
	try {
		const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
		const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
		return [uid, gid];
	} catch {
		return undefined;
	}
}

/** Debian keeps PostgreSQL's server binaries in /usr/lib/postgresql/<major>/bin. */
function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'postgres'))) : [];
	majors.sort((a, b) => Number(b) - Number(a));
	if (!majors.length) throw new Error('PostgreSQL server not found under /usr/lib/postgresql: run dev/n8n/install-system.sh');
	return join(root, majors[0], 'bin');
}

/** Redis on a free loopback port, data in a new temp folder (removed by stop()), log in logDir. */
export async function startRedis(logDir: string): Promise<Service> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-redis-'));
	const port = await freePort();
	const proc = new ManagedProcess(
		'redis',
		which('redis-server'),
		['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
		{ env: process.env, logFile: join(logDir, 'redis.log') },
	);
	await proc.waitForOutput(/Ready to accept connections/, 20000);
	return {
		host: '127.0.0.1',
		port,
		proc,
		stop: async () => {
			await proc.stop(5000);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export interface PostgresService extends Service {
	user: string;
	password: string;
	database: string;
}

/**
 * initdb + postgres on a free loopback port, cluster in a new temp folder (removed by stop()). PostgreSQL refuses to run as root, so when we are root the cluster
 * belongs to the `postgres` system user (created by Debian's package) and runs as that user.
 */
export async function startPostgres(logDir: string): Promise<PostgresService> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pg-'));
	const bin = postgresBinDir();
	const data = join(dir, 'data');
	const sock = join(dir, 'sock');
	mkdirSync(data, { recursive: true });
	mkdirSync(sock, { recursive: true });
	const user = 'n8n';
	const password = 'n8n-e2e';
	const database = 'n8n';
	const pwFile = join(dir, 'pw');
	writeFileSync(pwFile, password);

	const asRoot = process.getuid?.() === 0;
	let uid: number | undefined;
	let gid: number | undefined;
	if (asRoot) {
		const account = systemUser('postgres') ?? systemUser('nobody');
		if (!account) throw new Error('running as root and neither user postgres nor nobody exists');
		[uid, gid] = account;
		for (const p of [dir, data, sock, pwFile]) chownSync(p, uid, gid);
	}
	execFileSync(join(bin, 'initdb'), ['-D', data, '-U', user, '--pwfile', pwFile, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-instructions'], {
		uid,
		gid,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, LC_ALL: 'C.UTF-8' },
	});
	const port = await freePort();
	const env = { ...process.env, LC_ALL: 'C.UTF-8' };
	const proc = new ManagedProcess(
		'postgres',
		join(bin, 'postgres'),
		[
			'-D', data,
			'-h', '127.0.0.1',
			'-p', String(port),
			'-k', sock,
			// Throw-away data: durability off, room for a main, two workers and their pools.
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ env, logFile: join(logDir, 'postgres.log'), uid, gid },
	);
	const deadline = Date.now() + 30000;
	for (;;) {
		if (!proc.isRunning) throw new Error(`postgres exited at start (see ${join(logDir, 'postgres.log')})`);
		try {
			execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-q'], { stdio: 'ignore' });
			break;
		} catch {
			if (Date.now() > deadline) throw new Error('postgres not ready within 30 s');
			await sleep(200);
		}
	}
	execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], {
		env: { ...env, PGPASSWORD: password },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return {
		host: '127.0.0.1',
		port,
		proc,
		user,
		password,
		database,
		stop: async () => {
			await proc.stop(10000);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** n8n's environment for a PostgreSQL database. */
export function postgresEnv(pg: PostgresService): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
	};
}

/** n8n's environment for queue mode on a Redis server. */
export function redisQueueEnv(redis: Service): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}
