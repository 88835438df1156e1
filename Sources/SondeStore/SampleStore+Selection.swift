import SondeCore

extension SampleStore {
    /// The runs `selection` picks, newest first; "nothing matches" and "ambiguous prefix" are
    /// `.notFound` errors that name what was asked for.
    public func runs(_ selection: RunSelection) throws(StoreError) -> [RunRecord] {
        let all = try runs()
        do {
            return try selection.resolve(all)
        } catch {
            throw StoreError(kind: .notFound, path: path, message: error.description)
        }
    }

    /// Everything stored about `run` that its analysis reads, every probe kind at once.
    public func parts(_ run: RunRecord) throws(StoreError) -> RunParts {
        var attempts: [ProbeKind: [ProviderSeries]] = [:]
        // Every other kind's samples, so a new attempt-like probe (tcp) needs no query of its own.
        for kind in ProbeKind.allCases where !RunParts.ownFields.contains(kind) {
            let series = try load(run, probe: kind).series
            if !series.isEmpty { attempts[kind] = series }
        }
        return RunParts(latency: try load(run), bandwidth: try loadBandwidth(run), loadIntervals: try loadIntervals(run),
                        llm: try loadLLM(run), heartbeats: try load(run, probe: .availability).series,
                        provisions: try provisions(runID: run.info.id), attempts: attempts)
    }
}
