namespace BootstrapPortal.Sandbox.Server;

/// <summary>One API resource the sandbox serves.</summary>
internal sealed record ResourceDefinition(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Subresources,
    IReadOnlyList<string> ExtraFieldSelectors,
    Type ModelType)
{
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string QualifiedResource => ApiException.Qualified(Group, Plural);

    public string QualifiedKind => Group.Length == 0 ? Kind : Kind + "." + Group;

    /// <summary>Create-only review resources (SubjectAccessReview, TokenReview…) are never stored.</summary>
    public bool IsReview => Verbs.Count == 1 && Verbs[0] == "create";

    /// <summary>Subresources whose only verb is create (TokenRequest); the others are get/update/patch.</summary>
    public static bool IsCreateOnlySubresource(string subresource) => subresource == "token";

    /// <summary>The resource whose storage this one shares in another form (events.k8s.io Events are core Events), or null.</summary>
    public ResourceDefinition? StorageResource { get; init; }

    public string StoreKey => StorageResource?.StoreKey ?? Group + "/" + Plural;

    public string BasePath => Group.Length == 0 ? "/api/v1" : "/apis/" + Group + "/" + Version;
}
