import { format } from 'util';
import type { Logger, LogMetadata } from 'n8n-workflow';

/** Log levels of the engine's logger, most quiet first. */
export const ENGINE_LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type EngineLogLevel = (typeof ENGINE_LOG_LEVELS)[number];

/** Environment variable that sets how much of n8n-core's logging reaches stderr. */
export const LOG_LEVEL_ENV = 'N8N_DEV_ENGINE_LOG_LEVEL';

/**
 * Default 'error': n8n-core's info/debug chatter stays quiet, but an error n8n-core only logs
 * (e.g. a failing close function or a problem it reports outside any node) still shows.
 * Node execution errors are not logged at this level: they are returned in the RunResult.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): EngineLogLevel {
	const raw = env[LOG_LEVEL_ENV]?.trim().toLowerCase();
	if (!raw) return 'error';
	if ((ENGINE_LOG_LEVELS as readonly string[]).includes(raw)) return raw as EngineLogLevel;
	throw new Error(
		`${LOG_LEVEL_ENV}="${env[LOG_LEVEL_ENV]}" is not a log level; use one of ${ENGINE_LOG_LEVELS.join(', ')}`,
	);
}

const rank = (level: EngineLogLevel) => ENGINE_LOG_LEVELS.indexOf(level);

/**
 * Stand-in for n8n's winston-based Logger (@n8n/backend-common), registered in the DI container
 * and in n8n-workflow's LoggerProxy. Writes to stderr so stdout stays the caller's.
 */
export class EngineLogger implements Logger {
	/** Shared by a logger and all its scoped children, so one setLevel() governs them all. */
	private readonly state: { level: EngineLogLevel };

	constructor(
		level: EngineLogLevel | { level: EngineLogLevel },
		private readonly scopes: readonly string[] = [],
	) {
		this.state = typeof level === 'string' ? { level } : level;
	}

	get level(): EngineLogLevel {
		return this.state.level;
	}

	setLevel(level: EngineLogLevel) {
		this.state.level = level;
	}

	/** Same contract as n8n's Logger.scoped(): a child logger tagged with the given scopes. */
	scoped(scopes: string | string[]): EngineLogger {
		return new EngineLogger(this.state, [...this.scopes, ...([] as string[]).concat(scopes)]);
	}

	isEnabled(level: Exclude<EngineLogLevel, 'silent'>) {
		return rank(level) <= rank(this.state.level);
	}

	error(message: string, metadata?: LogMetadata) {
		this.write('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.write('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.write('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.write('debug', message, metadata);
	}

	private write(level: Exclude<EngineLogLevel, 'silent'>, message: string, metadata?: LogMetadata) {
		if (!this.isEnabled(level)) return;
		const scope = this.scopes.length ? `[${this.scopes.join(',')}] ` : '';
		const meta = metadata && Object.keys(metadata).length ? [metadata] : [];
		process.stderr.write(`${format(`[n8n ${level}] ${scope}${message}`, ...meta)}\n`);
	}
}
