import * as v from 'valibot';

const portSchema = v.pipe(
	v.string(),
	v.transform(Number),
	v.integer(),
	v.minValue(0),
	v.maxValue(65535)
);

const envSchema = v.object({
	PORT: v.optional(portSchema, '3000'),
	HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
	ORIGIN: v.optional(v.pipe(v.string(), v.url())),
	REDIS_URL: v.optional(v.pipe(v.string(), v.regex(/^rediss?:\/\//)))
});

export type ServerConfig = {
	port: number;
	host: string;
	origin: string | undefined;
	redisUrl: string | undefined;
};

/** Reads the server's environment once and fails fast, naming the variable that is wrong. */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
	const present = Object.fromEntries(
		Object.entries(env).filter(([key, value]) => key in envSchema.entries && value?.trim())
	);
	const result = v.safeParse(envSchema, present);
	if (!result.success) {
		const issue = result.issues[0];
		const name = v.getDotPath(issue) ?? 'environment';
		throw new Error(`Invalid ${name}=${JSON.stringify(env[name])}: ${issue.message}`);
	}
	const { PORT, HOST, ORIGIN, REDIS_URL } = result.output;
	return { port: PORT, host: HOST, origin: ORIGIN, redisUrl: REDIS_URL };
}
