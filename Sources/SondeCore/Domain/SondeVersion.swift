/// The version of sonde written into every run.
public enum SondeVersion {
    public static let current = "0.1.0"
}
