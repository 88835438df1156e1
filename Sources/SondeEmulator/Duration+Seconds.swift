extension Duration {
    /// The duration in fractional seconds, for the model's floating-point arithmetic. Named
    /// apart from SondeCore's `seconds` so that the emulator does not lean on it.
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
