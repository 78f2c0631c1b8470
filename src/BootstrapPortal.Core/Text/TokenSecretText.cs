namespace BootstrapPortal.Core.Text;

/// <summary>Why a Secret is not a valid bootstrap token (one sentence per problem); keys, names and values stay verbatim.</summary>
public static class TokenSecretText
{
    public static readonly TextFormat WrongType = new("type is \"{0}\", not {1}");
    public static readonly TextFormat WrongName = new("name \"{0}\" does not match bootstrap-token-<id> (id: 6 characters a-z0-9)");
    public static readonly TextFormat NoData = new("the Secret has no data");
    public static readonly TextFormat KeyMissing = new("the {0} key is missing");
    public static readonly TextFormat BadTokenId = new("{0} \"{1}\" is not 6 characters a-z0-9");
    public static readonly TextFormat TokenIdMismatch = new("{0} \"{1}\" does not match the name's id \"{2}\"");
    public static readonly TextFormat BadTokenSecret = new("{0} is not 16 characters a-z0-9");
    public static readonly TextFormat BadExpiration = new("{0} \"{1}\" is not an RFC 3339 time (the API server treats the token as expired)");
    public static readonly TextFormat UnknownUsage = new("unknown usage key \"{0}\"");
    public static readonly TextFormat UnknownKey = new("unknown key \"{0}\"");
    public static readonly TextFormat BadExtraGroup = new("extra group \"{0}\" does not match {1} (the API server rejects the token)");
}
