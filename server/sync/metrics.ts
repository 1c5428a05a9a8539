/** Counters and a latency summary of the sync server, rendered as Prometheus text. */
export class SyncMetrics {
	connections = 0;
	docsLoaded = 0;
	updatesAccepted = 0;
	updatesRefused = 0;
	updatesDeferred = 0;
	malformedMessages = 0;
	bytesIn = 0;
	bytesOut = 0;
	broadcastFanOut = 0;
	persistedUpdates = 0;
	persistFailures = 0;
	pendingWrites = 0;
	writesSetAside = 0;
	compactions = 0;
	tasksArchived = 0;
	archivedPathReads = 0;
	upgradesRefused = new Map<number, number>();
	// Fixed buckets (seconds) keep this tiny and mergeable across scrapes.
	readonly #buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
	readonly #bucketCounts = new Array<number>(this.#buckets.length).fill(0);
	#latencyCount = 0;
	#latencySum = 0;

	observePersistLatency(seconds: number): void {
		this.#latencyCount++;
		this.#latencySum += seconds;
		this.#buckets.forEach((limit, index) => {
			if (seconds <= limit) this.#bucketCounts[index]++;
		});
	}

	refusedUpgrade(status: number): void {
		this.upgradesRefused.set(status, (this.upgradesRefused.get(status) ?? 0) + 1);
	}

	render(): string {
		const lines: string[] = [];
		const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
			lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
		};
		metric('sync_connections', 'gauge', 'Open sync WebSocket connections.', this.connections);
		metric('sync_docs_loaded', 'gauge', 'Community documents held in memory.', this.docsLoaded);
		metric('sync_updates_accepted_total', 'counter', 'Incoming updates applied.', this.updatesAccepted);
		metric('sync_updates_refused_total', 'counter', 'Incoming updates refused by the write rules.', this.updatesRefused);
		metric('sync_updates_deferred_total', 'counter', 'Updates ahead of the sender’s own unsent changes, left for its sync step 2.', this.updatesDeferred);
		metric('sync_malformed_messages_total', 'counter', 'Messages that could not be decoded (connection closed 4400).', this.malformedMessages);
		metric('sync_bytes_in_total', 'counter', 'WebSocket payload bytes received.', this.bytesIn);
		metric('sync_bytes_out_total', 'counter', 'WebSocket payload bytes sent.', this.bytesOut);
		metric('sync_broadcast_fanout_total', 'counter', 'Messages sent to other clients by broadcasts.', this.broadcastFanOut);
		metric('sync_persisted_updates_total', 'counter', 'Updates appended to the log.', this.persistedUpdates);
		metric('sync_persist_failures_total', 'counter', 'Failed group commits (data kept in memory and retried).', this.persistFailures);
		metric('sync_pending_writes', 'gauge', 'Accepted updates not yet stored.', this.pendingWrites);
		metric('sync_writes_set_aside_total', 'counter', 'Accepted updates the database refused on their own, set aside so they block nobody.', this.writesSetAside);
		metric('sync_compactions_total', 'counter', 'Log compactions into snapshots.', this.compactions);
		metric('sync_tasks_archived_total', 'counter', 'Closed tasks removed from live documents by archiving.', this.tasksArchived);
		metric('sync_archived_path_reads_total', 'counter', 'Reads of archived tasks’ paths, for late marks (at most one per document per 10 s).', this.archivedPathReads);
		lines.push('# HELP sync_upgrades_refused_total Upgrades refused, by HTTP status or close code.', '# TYPE sync_upgrades_refused_total counter');
		for (const [code, value] of this.upgradesRefused) lines.push(`sync_upgrades_refused_total{code="${code}"} ${value}`);
		lines.push('# HELP sync_persist_seconds Time from acceptance to durable storage.', '# TYPE sync_persist_seconds histogram');
		this.#buckets.forEach((limit, index) => lines.push(`sync_persist_seconds_bucket{le="${limit}"} ${this.#bucketCounts[index]}`));
		lines.push(`sync_persist_seconds_bucket{le="+Inf"} ${this.#latencyCount}`);
		lines.push(`sync_persist_seconds_sum ${this.#latencySum}`, `sync_persist_seconds_count ${this.#latencyCount}`);
		return lines.join('\n') + '\n';
	}
}
