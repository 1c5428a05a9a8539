import * as v from 'valibot';

/** What went wrong with an input, short and in the field's terms, for the `detail` of a 400. */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues
		.slice(0, 3)
		.map((issue) => {
			const path = v.getDotPath(issue);
			return path ? `${path}: ${issue.message}` : issue.message;
		})
		.join('; ');
}
