import Testing
@testable import SondeCore

/// The attempt identity in configuration: `find` for the command adapter, and the aws-ec2
/// preset's tag, client token and lookup (issue 22).
struct ProvisionIdentityConfigTests {
    func commandConfig(create: String, find: String?) -> String {
        """
        providers:
          - name: gpu
            kind: depin
            endpoint: http://127.0.0.1:1/
            provision:
              adapter: command
              create: \(create)
              id: { pointer: /id }
              status: [cli, show, "{id}"]
              state: { pointer: /state }
              destroy: [cli, rm, "{id}"]
        """ + (find.map { "\n      find: \($0)" } ?? "") + "\n"
    }

    @Test func findIsReadWhenBothItAndCreateCarryTheAttempt() throws {
        let text = commandConfig(create: #"[cli, new, --name, "sonde-{attempt}"]"#, find: #"[cli, ls, --name, "sonde-{attempt}"]"#)
        let commands = try #require(try ConfigLoader.parse(text, source: "c.yaml").providers[0].provision?.commands)
        #expect(commands.find == ["cli", "ls", "--name", "sonde-{attempt}"])
        #expect(try ConfigLoader.parse(commandConfig(create: "[cli, new]", find: nil), source: "c.yaml")
            .providers[0].provision?.commands?.find == nil)
    }

    @Test func findWithoutTheAttemptInCreateOrInItselfIsRejected() throws {
        let noCreate = try #require(throws: ConfigError.self) {
            try ConfigLoader.parse(commandConfig(create: "[cli, new]", find: #"[cli, ls, "{attempt}"]"#), source: "c.yaml")
        }
        #expect(noCreate.field == "providers[0].provision.create" && noCreate.line == 7, "\(noCreate)")
        let noFind = try #require(throws: ConfigError.self) {
            try ConfigLoader.parse(commandConfig(create: #"[cli, new, "{attempt}"]"#, find: "[cli, ls]"), source: "c.yaml")
        }
        #expect(noFind.field == "providers[0].provision.find" && noFind.line == 12, "\(noFind)")
    }

    @Test func theEC2PresetTagsEveryInstanceWithItsAttemptAndFindsItByTheTag() throws {
        let commands = AWSEC2Preset(image: "ami-1", instanceType: "t2.micro", region: "us-east-1",
                                    endpointURL: "http://127.0.0.1:5000").commands
        let create = commands.create.joined(separator: " ")
        #expect(create.contains("--client-token {attempt}"))
        #expect(create.contains("Tags=[{Key=created-by,Value=sonde},{Key=sonde-attempt,Value={attempt}}]"))
        let find = try #require(commands.find).joined(separator: " ")
        #expect(find.contains("--output text ec2 describe-instances --filters Name=tag:sonde-attempt,Values={attempt}"))
        #expect(find.contains("Name=instance-state-name,Values=pending,running,stopping,stopped"))
    }
}
