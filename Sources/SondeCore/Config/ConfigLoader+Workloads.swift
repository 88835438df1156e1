import Yams

extension ConfigLoader {
    static let workloadKeys: Set<String> = ["name", "kind", "compute", "checkpoint_cost", "restart_cost", "egress", "slo"]
    static let sloKeys: Set<String> = ["ttft", "tpot", "total", "percentile"]

    /// The `workloads:` list (docs/decision.md): training jobs and inference SLOs.
    static func parseWorkloads(_ node: Node?, _ reader: YAMLReader) throws(ConfigError) -> [Workload] {
        guard let node else { return [] }
        var workloads: [Workload] = []
        var names: Set<String> = []
        for (index, item) in try reader.sequence(node, "workloads").enumerated() {
            let field = "workloads[\(index)]"
            let fields = try reader.mapping(item, field, allowed: workloadKeys)
            func required(_ key: String) throws(ConfigError) -> Node {
                guard let n = fields[key] else { throw reader.error(item, "\(field).\(key)", "is missing") }
                return n
            }
            let name = try reader.string(try required("name"), "\(field).name")
            guard names.insert(name).inserted else { throw reader.error(fields["name"], "\(field).name", "'\(name)' is used by another workload") }
            let kindNode = try required("kind")
            let kind = try reader.string(kindNode, "\(field).kind")
            let trainingOnly = ["compute", "checkpoint_cost", "restart_cost", "egress"]
            switch kind {
            case "training":
                if let n = fields["slo"] { throw reader.error(n, "\(field).slo", "applies to inference workloads only") }
                let computeNode = try required("compute")
                let compute = try reader.duration(computeNode, "\(field).compute")
                let checkpointNode = try required("checkpoint_cost")
                let checkpoint = try reader.duration(checkpointNode, "\(field).checkpoint_cost")
                guard checkpoint < compute else {
                    throw reader.error(checkpointNode, "\(field).checkpoint_cost",
                                       "\(Grammar.format(checkpoint)) is not shorter than the job's compute (\(Grammar.format(compute)))")
                }
                let restart = try nonNegative(try required("restart_cost"), "\(field).restart_cost", reader)
                var job = TrainingWorkload(name: name, compute: compute, checkpointCost: checkpoint, restartCost: restart)
                if let n = fields["egress"] {
                    let text = try reader.string(n, "\(field).egress")
                    guard let bytes = Grammar.size(text) else { throw reader.error(n, "\(field).egress", "'\(text)' is not a size (e.g. 50GiB)") }
                    job.egressBytes = bytes
                }
                workloads.append(.training(job))
            case "inference":
                for key in trainingOnly where fields[key] != nil {
                    throw reader.error(fields[key], "\(field).\(key)", "applies to training workloads only")
                }
                let sloNode = try required("slo")
                let slo = try reader.mapping(sloNode, "\(field).slo", allowed: sloKeys)
                var service = InferenceWorkload(name: name)
                if let n = slo["ttft"] { service.ttft = try reader.duration(n, "\(field).slo.ttft") }
                if let n = slo["tpot"] { service.tpot = try reader.duration(n, "\(field).slo.tpot") }
                if let n = slo["total"] { service.total = try reader.duration(n, "\(field).slo.total") }
                guard service.ttft != nil || service.tpot != nil || service.total != nil else {
                    throw reader.error(sloNode, "\(field).slo", "needs at least one of ttft, tpot or total")
                }
                if let n = slo["percentile"] {
                    service.targetShare = try reader.number(n, "\(field).slo.percentile", in: 1...99.999) / 100
                }
                workloads.append(.inference(service))
            default:
                throw reader.error(kindNode, "\(field).kind", "'\(kind)' is not a workload kind (training or inference)")
            }
        }
        return workloads
    }

    private static func nonNegative(_ node: Node, _ field: String, _ reader: YAMLReader) throws(ConfigError) -> Duration {
        let text = try reader.string(node, field)
        guard let value = Grammar.duration(text) else { throw reader.error(node, field, "'\(text)' is not a duration (use e.g. 0s, 90s, 5m)") }
        return value
    }
}
