import Foundation

extension LatencyModel {
    /// The exact mean and variance of the wait, in seconds, at a time drawn uniformly from a
    /// long run: what a variance ratio measured on this model should estimate. Used by the
    /// coverage simulation as its known truth and to check the fleet file's calibration table.
    ///
    /// With body `B = m·e^{σZ}`, episode factor `F` (the multiplier with probability `p`, the
    /// share of time in an episode, else 1) and spike `S·I` (`I` Bernoulli with the spike
    /// probability `q`, `S = m_s·e^{σ_s Z'}`), all independent, the wait is `B·F + S·I`:
    ///   E[wait]  = m e^{σ²/2} E[F] + q m_s e^{σ_s²/2}
    ///   E[wait²] = m² e^{2σ²} E[F²] + 2 m e^{σ²/2} E[F] q m_s e^{σ_s²/2} + q m_s² e^{2σ_s²}
    /// (log-normal moments E[e^{kσZ}] = e^{k²σ²/2}). The cap at ``maximumDelay`` is ignored:
    /// it binds only for sigmas no fleet uses. A planted change is ignored too: these are the
    /// moments before it.
    public var stationaryMoments: (mean: Double, variance: Double) {
        let m = latency.median.secondsValue, s = latency.sigma
        let p = episodes?.expectedShareOfTime ?? 0
        let k = episodes?.multiplier ?? 1
        let factor1 = 1 - p + p * k, factor2 = 1 - p + p * k * k
        let body1 = m * exp(s * s / 2), body2 = m * m * exp(2 * s * s)
        let q = spikes?.probability ?? 0
        let spike1 = spikes.map { $0.median.secondsValue * exp($0.sigma * $0.sigma / 2) } ?? 0
        let spike2 = spikes.map { pow($0.median.secondsValue, 2) * exp(2 * $0.sigma * $0.sigma) } ?? 0
        let mean = body1 * factor1 + q * spike1
        let second = body2 * factor2 + 2 * body1 * factor1 * q * spike1 + q * spike2
        return (mean, second - mean * mean)
    }
}
