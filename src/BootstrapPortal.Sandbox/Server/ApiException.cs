using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>An API error answered as a <c>Status</c> object (k8s.io/apimachinery <c>pkg/api/errors/errors.go</c>).</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public static ApiException NotFound(ResourceDefinition resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedResource} \"{name}\" not found", MakeDetails(resource.Group, resource.Plural, name));

    public static ApiException NotFound(string group, string plural, string name) =>
        new(404, "NotFound", $"{Qualified(group, plural)} \"{name}\" not found", MakeDetails(group, plural, name));

    public static ApiException AlreadyExists(ResourceDefinition resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", MakeDetails(resource.Group, resource.Plural, name));

    public static ApiException Conflict(ResourceDefinition resource, string name, string error) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": {error}",
            MakeDetails(resource.Group, resource.Plural, name));

    public static ApiException OptimisticLock(ResourceDefinition resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Forbidden(string group, string resource, string? name, string error)
    {
        var qualified = Qualified(group, resource);
        var message = string.IsNullOrEmpty(resource) ? $"forbidden: {error}"
            : string.IsNullOrEmpty(name) ? $"{qualified} is forbidden: {error}"
            : $"{qualified} \"{name}\" is forbidden: {error}";
        return new ApiException(403, "Forbidden", message, MakeDetails(group, resource, name));
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>405 as go-restful answers a method without a route (e.g. GET on a review resource, POST on an item).</summary>
    public static ApiException MethodNotSupported(ResourceDefinition resource, string action)
    {
        _ = resource;
        _ = action;
        return new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());
    }

    /// <summary>415 for a PATCH body type the server does not take (k8s.io/apiserver pkg/endpoints/handlers/negotiation/errors.go).</summary>
    public static ApiException UnsupportedMediaType(string contentType)
    {
        _ = contentType;
        return new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
    }

    /// <summary>415 for a request body in a format the server does not decode.</summary>
    public static ApiException UnsupportedBodyMediaType() =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", ContentNegotiation.RequestMediaTypes));

    /// <summary>406 when nothing in the Accept header is served.</summary>
    public static ApiException NotAcceptable(IEnumerable<string> accepted) =>
        new(406, "NotAcceptable", "only the following media types are accepted: " + string.Join(", ", accepted));

    /// <summary>
    /// 504 for a resourceVersion newer than the store has (k8s.io/apiserver pkg/storage/errors.go
    /// <c>NewTooLargeResourceVersionError</c>), after the server waited for it.
    /// </summary>
    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Timeout: Too large resource version: {requested}, current: {current}"), new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    /// <summary>422 for invalid request options (<c>ListOptions</c>, <c>CreateOptions</c>, <c>DeleteOptions</c>… in group meta.k8s.io).</summary>
    public static ApiException InvalidOptions(string optionsKind, params FieldError[] causes) => Invalid(optionsKind, "meta.k8s.io", string.Empty, causes);

    public static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    /// <summary>422 Invalid; <paramref name="causes"/> are (reason, message, field), message = "<c>field: message</c>" joined by ", ".</summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> causes)
    {
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : kind + "." + group;
        var text = causes.Count == 1 ? causes[0].ToString() : "[" + string.Join(", ", causes.Select(c => c.ToString())) + "]";
        var details = MakeDetails(group, kind, name);
        var array = new JsonArray();
        foreach (var cause in causes)
        {
            array.Add(new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Body, ["field"] = cause.Field });
        }

        details["causes"] = array;
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {text}", details);
    }

    /// <summary>
    /// A 422 without field causes, as <c>NewGenericServerResponse(422, …)</c> builds it for a JSON Patch that cannot be applied
    /// (k8s.io/apiserver pkg/endpoints/handlers/patch.go): the patch library's own text is not returned.
    /// </summary>
    public static ApiException PatchNotApplicable() => new(422, "Invalid", "the server rejected our request due to an error in our request", new JsonObject());

    public static string Qualified(string group, string resource) => string.IsNullOrEmpty(group) ? resource : resource + "." + group;

    private static JsonObject MakeDetails(string group, string kind, string? name)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }

        if (!string.IsNullOrEmpty(kind))
        {
            details["kind"] = kind;
        }

        return details;
    }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }
}
