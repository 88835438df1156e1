extension LatencyPlan {
    /// The heartbeat schedule of `probes.availability`: the latency probe's machinery (one
    /// open-loop schedule per provider, starts offset by interval/N, fresh connections so a
    /// dead node is never hidden behind a kept-alive socket) with the availability settings,
    /// storing its samples as probe `availability`. It runs for the settings' `duration`, or
    /// `duration` when shorter.
    public static func availability(config: Config, settings: AvailabilitySettings, providerIDs: [String: Int64],
                                    environment: [String: String], duration: Duration?) throws(ConfigError) -> LatencyPlan {
        availability(config: config, settings: settings, requests: try config.resolvedRequests(environment: environment),
                     providerIDs: providerIDs, duration: duration)
    }

    /// The heartbeat plan from requests resolved once (`requests[i]` is provider `i`'s).
    public static func availability(config: Config, settings: AvailabilitySettings, requests: [ResolvedRequest],
                                    providerIDs: [String: Int64], duration: Duration?) -> LatencyPlan {
        let count = config.providers.count
        let runFor = min(settings.duration, duration ?? settings.duration)
        // The duration decides when heartbeats stop; a finite count keeps progress totals sane.
        let samples = Int((runFor / settings.interval).rounded(.up)) + 1
        var targets: [Target] = []
        for (index, provider) in config.providers.enumerated() {
            let request = requests[index]
            guard let id = providerIDs[provider.name] else {
                preconditionFailure("provider \(provider.name) was not registered before planning")
            }
            targets.append(Target(
                providerID: id, name: provider.name,
                url: settings.path.map { RequestTarget.url(request.url, path: $0) } ?? request.url,
                headers: request.headers, interval: settings.interval, samples: samples, timeout: settings.timeout,
                reuse: false, verifyTLS: provider.verifyTLS, offset: settings.interval * index / count, firstSequence: 0))
        }
        var plan = LatencyPlan(targets: targets, maxDuration: runFor)
        plan.probe = .availability
        return plan
    }
}
