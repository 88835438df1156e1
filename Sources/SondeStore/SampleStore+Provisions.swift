import SondeCore

extension SampleStore {
    /// A machine some run created and nobody has confirmed destroyed: what `sonde provision cleanup` acts on.
    public struct OpenProvision: Sendable, Equatable {
        public var runID: String
        public var runRowID: Int64
        public var providerID: Int64
        /// The run's configuration as written (`${ENV}` unresolved): it names the adapter that can destroy the machine.
        public var configText: String
        public var record: ProvisionRecord
    }

    /// Inserts or updates one attempt's row. Called at every phase, each call its own committed
    /// transaction, so the provider-side id survives a `kill -9` the moment it is known.
    public func saveProvision(_ record: ProvisionRecord, runRowID: Int64, providerID: Int64, adapter: String) throws(StoreError) {
        let statement = try db.prepare("""
            INSERT INTO provisions(run_id, provider_id, attempt, adapter, resource_id, requested_ns, accepted_ns, running_ns,
                                   reachable_ns, torn_down_ns, outcome, error_class, detail, leaked, endpoint, teardown_requested_ns,
                                   attempt_key, possibly_leaked, bid_amount_per_block, bid_denom, price_per_hour, price_currency)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, provider_id, attempt) DO UPDATE SET
                resource_id = excluded.resource_id, accepted_ns = excluded.accepted_ns, running_ns = excluded.running_ns,
                reachable_ns = excluded.reachable_ns, torn_down_ns = excluded.torn_down_ns, outcome = excluded.outcome,
                error_class = excluded.error_class, detail = excluded.detail, leaked = excluded.leaked, endpoint = excluded.endpoint,
                teardown_requested_ns = excluded.teardown_requested_ns, attempt_key = excluded.attempt_key,
                possibly_leaked = excluded.possibly_leaked, bid_amount_per_block = excluded.bid_amount_per_block,
                bid_denom = excluded.bid_denom, price_per_hour = excluded.price_per_hour, price_currency = excluded.price_currency
            """)
        statement.bind(1, runRowID)
        statement.bind(2, providerID)
        statement.bind(3, Int64(record.attempt))
        statement.bind(4, adapter)
        statement.bind(5, record.providerResourceID)
        statement.bind(6, record.requestedNs)
        statement.bind(7, record.acceptedNs)
        statement.bind(8, record.runningNs)
        statement.bind(9, record.reachableNs)
        statement.bind(10, record.tornDownNs)
        statement.bind(11, record.outcome?.rawValue)
        statement.bind(12, record.errorClass?.rawValue)
        statement.bind(13, record.detail)
        statement.bind(14, Int64(record.leaked ? 1 : 0))
        statement.bind(15, record.endpoint)
        statement.bind(16, record.teardownRequestedNs)
        statement.bind(17, record.attemptKey)
        statement.bind(18, Int64(record.possiblyLeaked ? 1 : 0))
        statement.bind(19, record.bidPrice?.amountPerBlock)
        statement.bind(20, record.bidPrice?.denom)
        statement.bind(21, record.bidPrice?.perHour)
        statement.bind(22, record.bidPrice?.currency)
        try statement.step()
    }

    /// Every attempt of the run `runID`, by provider then attempt.
    public func provisions(runID: String) throws(StoreError) -> [ProvisionRecord] {
        let statement = try db.prepare("""
            SELECT \(Self.provisionColumns) FROM provisions v JOIN runs r ON r.id = v.run_id JOIN providers p ON p.id = v.provider_id
            WHERE r.uuid = ? ORDER BY v.provider_id, v.attempt
            """)
        statement.bind(1, runID)
        var records: [ProvisionRecord] = []
        while try statement.step() { records.append(Self.provisionRecord(statement)) }
        return records
    }

    /// Machines that may still exist, from runs that are no longer running (finished, or marked
    /// interrupted because their process died): those with a provider-side id and no teardown
    /// time, those marked possibly leaked, and attempts whose run died during create (an identity,
    /// no id, no outcome), which only a lookup by the identity can settle.
    public func openProvisions() throws(StoreError) -> [OpenProvision] {
        let statement = try db.prepare("""
            SELECT \(Self.provisionColumns), r.uuid, r.id, v.provider_id, r.config_text
            FROM provisions v JOIN runs r ON r.id = v.run_id JOIN providers p ON p.id = v.provider_id
            WHERE r.status != 'running' AND ((v.resource_id IS NOT NULL AND v.torn_down_ns IS NULL) OR v.possibly_leaked != 0
                   OR (v.resource_id IS NULL AND v.outcome IS NULL AND v.attempt_key IS NOT NULL))
            ORDER BY r.started_at_ns, v.provider_id, v.attempt
            """)
        var open: [OpenProvision] = []
        while try statement.step() {
            open.append(OpenProvision(runID: statement.string(21) ?? "", runRowID: statement.int64(22) ?? 0,
                                      providerID: statement.int64(23) ?? 0, configText: statement.string(24) ?? "",
                                      record: Self.provisionRecord(statement)))
        }
        return open
    }

    /// The adapter recorded for an attempt.
    public func provisionAdapter(runRowID: Int64, providerID: Int64, attempt: Int) throws(StoreError) -> String? {
        let statement = try db.prepare("SELECT adapter FROM provisions WHERE run_id = ? AND provider_id = ? AND attempt = ?")
        statement.bind(1, runRowID)
        statement.bind(2, providerID)
        statement.bind(3, Int64(attempt))
        return try statement.step() ? statement.string(0) : nil
    }

    private static let provisionColumns = """
        p.name, v.attempt, v.resource_id, v.requested_ns, v.accepted_ns, v.running_ns, v.reachable_ns, v.torn_down_ns,
        v.outcome, v.error_class, v.detail, v.leaked, v.endpoint, v.adapter, v.teardown_requested_ns, v.attempt_key,
        v.possibly_leaked, v.bid_amount_per_block, v.bid_denom, v.price_per_hour, v.price_currency
        """

    private static func provisionRecord(_ s: any StoreStatement) -> ProvisionRecord {
        var record = ProvisionRecord(provider: s.string(0) ?? "", attempt: Int(s.int64(1) ?? 0), requestedNs: s.int64(3) ?? 0,
                        providerResourceID: s.string(2), acceptedNs: s.int64(4), runningNs: s.int64(5), reachableNs: s.int64(6),
                        tornDownNs: s.int64(7), outcome: s.string(8).flatMap(ProvisionOutcome.init(rawValue:)),
                        errorClass: s.string(9).flatMap(ErrorClass.init(rawValue:)), detail: s.string(10),
                        leaked: (s.int64(11) ?? 0) != 0, endpoint: s.string(12))
        record.teardownRequestedNs = s.int64(14)
        record.attemptKey = s.string(15)
        record.possiblyLeaked = (s.int64(16) ?? 0) != 0
        if let amount = s.double(17), let denom = s.string(18) {
            record.bidPrice = BidPrice(amountPerBlock: amount, denom: denom, perHour: s.double(19), currency: s.string(20))
        }
        return record
    }
}

extension SampleStore {
    /// Writes a sign of life for a run whose work is long waits (provisioning polls), so that
    /// other commands do not take it for orphaned.
    public func markAlive(runRowID: Int64, nowNs: Int64) throws(StoreError) {
        let statement = try db.prepare("UPDATE runs SET heartbeat_ns = ? WHERE id = ?")
        statement.bind(1, nowNs)
        statement.bind(2, runRowID)
        try statement.step()
    }
}
