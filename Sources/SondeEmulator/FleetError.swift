import SondeCore

/// The emulator's errors are the configuration's: a fleet file that does not parse, or a fleet
/// that cannot start, is a ``ConfigError`` naming the file (or `fleet`), the line when there is
/// one, and the field (or the provider). This name stays so that callers written against the
/// emulator's former copy of that type keep compiling.
public typealias FleetError = ConfigError
