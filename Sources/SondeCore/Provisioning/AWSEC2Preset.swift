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

    /// The argv templates and output pointers of the aws CLI's JSON output.
    public var commands: CommandSpec {
        var base = ["aws", "--output", "json"]
        if let endpointURL { base += ["--endpoint-url", endpointURL] }
        if let region { base += ["--region", region] }
        return CommandSpec(
            create: base + ["ec2", "run-instances", "--image-id", image, "--instance-type", instanceType, "--count", "1",
                            "--tag-specifications", "ResourceType=instance,Tags=[{Key=created-by,Value=sonde}]"],
            id: .pointer(JSONPointer("/Instances/0/InstanceId")!),
            status: base + ["ec2", "describe-instances", "--instance-ids", "{id}"],
            state: .pointer(JSONPointer("/Reservations/0/Instances/0/State/Name")!),
            runningStates: ["running"],
            // An instance that stops or terminates before running will not come back by itself.
            failedStates: ["shutting-down", "terminated", "stopping", "stopped"],
            endpoint: .pointer(JSONPointer("/Reservations/0/Instances/0/PublicIpAddress")!),
            destroy: base + ["ec2", "terminate-instances", "--instance-ids", "{id}"])
    }
}
