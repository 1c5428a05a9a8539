/**
 * A problem found by domain code, as data: a message key of the catalogue (`messages/*.json`)
 * and its parameters. The domain stays free of Paraglide; whoever shows the problem renders the
 * key in the reader's language (the server for its answers, see `problemText`). A list parameter
 * is joined with the language's list separator.
 */
export type ProblemParams = Readonly<Record<string, string | number | readonly string[]>>;
export type Problem<K extends string = string> = { key: K; params: ProblemParams };

export function problem<K extends string>(key: K, params: ProblemParams = {}): Problem<K> {
	return { key, params };
}
