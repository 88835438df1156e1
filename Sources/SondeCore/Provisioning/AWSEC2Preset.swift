/// The `aws-ec2` adapter: the `command` machinery driving the `aws` CLI (run-instances,
/// describe-instances, terminate-instances). Credentials come only from the CLI's own chain
/// (environment, profile, instance role); nothing here names them.
public struct AWSEC2Preset: Sendable, Equatable {
    public var image: String
    public var instanceType: String
    public var region: String?
    /// `--endpoint-url`, e.g. a moto server on loopback or a private EC2 endpoint.
    public var endpointURL: String?

    public init(image: String, instanceType: String, region: String? = nil, endpointURL: String? = nil) {
        self.image = image
        self.instanceType = instanceType
        self.region = region
        self.endpointURL = endpointURL
    }

    /// The tag that carries each attempt's identity (`{attempt}`), and that `find` filters on.
    public static let attemptTag = "sonde-attempt"

    /// The argv templates of the aws CLI. run-instances carries the attempt as a tag (what
    /// cleanup finds it by) and as `--client-token` (AWS answers a retried request with the same
    /// instance instead of a second one; moto stores the token but does not deduplicate).
    public var commands: CommandSpec {
        var base = ["aws"]
        if let endpointURL { base += ["--endpoint-url", endpointURL] }
        if let region { base += ["--region", region] }
        let json = base + ["--output", "json"]
        let tags = "ResourceType=instance,Tags=[{Key=created-by,Value=sonde},{Key=\(Self.attemptTag),Value={attempt}}]"
        return CommandSpec(
            create: json + ["ec2", "run-instances", "--image-id", image, "--instance-type", instanceType, "--count", "1",
                            "--client-token", "{attempt}", "--tag-specifications", tags],
            id: .pointer(JSONPointer("/Instances/0/InstanceId")!),
            status: json + ["ec2", "describe-instances", "--instance-ids", "{id}"],
            state: .pointer(JSONPointer("/Reservations/0/Instances/0/State/Name")!),
            runningStates: ["running"],
            // An instance that stops or terminates before running will not come back by itself.
            failedStates: ["shutting-down", "terminated", "stopping", "stopped"],
            endpoint: .pointer(JSONPointer("/Reservations/0/Instances/0/PublicIpAddress")!),
            destroy: json + ["ec2", "terminate-instances", "--instance-ids", "{id}"],
            // Terminated instances stay listed for a while; only those that may still bill count.
            find: base + ["--output", "text", "ec2", "describe-instances", "--filters", "Name=tag:\(Self.attemptTag),Values={attempt}",
                          "Name=instance-state-name,Values=pending,running,stopping,stopped",
                          "--query", "Reservations[].Instances[].InstanceId"])
    }
}
