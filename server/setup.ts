import { parseArgs } from 'node:util';
import { closeDatabase, database } from '../src/lib/server/db';
import { createFirstCommunity } from '../src/lib/server/setup';

const usage = `Usage: npm run setup -- --street 扬子津街道 --community 乐雅社区 --secretary wang
  [--name 王书记] [--phone 13800000000] [--password …]
Creates the first street, community and secretary (for DEMO=0). Prints the initial password.`;

async function main() {
	const { values } = parseArgs({
		options: {
			street: { type: 'string' },
			community: { type: 'string' },
			secretary: { type: 'string' },
			name: { type: 'string' },
			phone: { type: 'string' },
			password: { type: 'string' },
			help: { type: 'boolean' }
		}
	});
	if (values.help || !values.street || !values.community || !values.secretary) {
		console.log(usage);
		process.exit(values.help ? 0 : 2);
	}
	await database().migrate();
	const result = await createFirstCommunity({
		street: values.street,
		community: values.community,
		secretaryUsername: values.secretary,
		secretaryName: values.name,
		secretaryPhone: values.phone,
		password: values.password
	});
	console.log(`Created ${values.street} / ${values.community} (${result.communityId}).`);
	console.log(`Secretary sign-in: ${result.username} / ${result.password}  (shown once; change it after signing in)`);
}

main()
	.catch((error) => {
		console.error(`Setup failed: ${error instanceof Error ? error.message : error}`);
		process.exitCode = 1;
	})
	.finally(() => closeDatabase());
