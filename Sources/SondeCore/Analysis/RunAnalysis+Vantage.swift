extension RunAnalysis {
    /// One comparison of the providers over runs of one plan made from several vantage points
    /// (`VantagePooling`): the headline, comparison, totals and verdicts over every vantage
    /// point's attempts pooled per provider, plus the per-vantage rows and the within-vantage
    /// spread ratios (`vantages`). `settings` are the newest run's (`check` has confirmed that
    /// every member has the same plan); every member's notes are kept once.
    public init(pooling members: [VantagePooling.Member], settings: StoredSettings,
                baseline: String? = nil) throws(VarianceAnalysis.Problem) {
        let parts = VantagePooling.pool(members)
        try self.init(parts, settings: settings, baseline: baseline)
        var pooledRatios: [String: RatioEstimate] = [:]
        for comparison in variance?.comparisons(.provider) ?? [] { pooledRatios[comparison.name] = comparison.spread.varianceRatio }
        vantages = VantageAnalysis(members, options: variance?.options, pooled: pooledRatios)
        var notes: [String] = []
        for note in members.flatMap(\.settings.notes) where !notes.contains(note) { notes.append(note) }
        let ordered = members.sorted { $0.vantage < $1.vantage }
        let list = ordered.map { "\($0.vantage) (run \($0.record.info.id))" }.joined(separator: ", ")
        var pooling = "\(members.count) runs of one plan from vantage points \(list) are pooled into one comparison: "
            + "a provider (same name, kind and region; its endpoint may differ per vantage point) contributes every vantage "
            + "point's attempts to the totals, comparison and verdicts, so its pooled spread includes the differences between "
            + "vantage points; the per-vantage section shows each vantage point and the spread within them."
        if !parts.heartbeats.isEmpty || !parts.loadIntervals.isEmpty || !parts.llm.isEmpty || !parts.provisions.isEmpty {
            pooling += " Heartbeats, load, LLM requests and provisioning are sequences seen by one observer and are not pooled: "
                + "they are shown per vantage point as 'provider @ vantage'"
            pooling += parts.heartbeats.isEmpty ? "." : ", and the training verdicts carry no interruption figures (see the availability section)."
        }
        if !(settings.config?.workloads.isEmpty ?? true) {
            pooling += " The decision section (workloads) is made per run: sonde report --run ID."
        }
        notes.append(pooling)
        self.notes = notes
    }
}
