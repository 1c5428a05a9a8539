// `npm run bench`: no benchmark exists yet; the sync-server issue adds the first one.
console.log('No benchmarks yet: the sync server issue adds them (see bench/).');
