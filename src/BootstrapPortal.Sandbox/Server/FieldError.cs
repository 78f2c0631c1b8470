using System.Globalization;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>A field validation error (apimachinery <c>field.Error</c>): <c>&lt;field&gt;: &lt;body&gt;</c>.</summary>
internal sealed record FieldError(string Reason, string Field, string Body)
{
    public override string ToString() => $"{Field}: {Body}";

    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : "Required value: " + detail);

    public static FieldError Invalid(string field, string valueText, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {valueText}: {detail}");

    public static FieldError Invalid(string field, long value, string detail) =>
        Invalid(field, value.ToString(CultureInfo.InvariantCulture), detail);

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, "Forbidden: " + detail);

    public static FieldError Duplicate(string field, string valueText) => new("FieldValueDuplicate", field, "Duplicate value: " + valueText);

    public static FieldError NotSupported(string field, string valueText, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {valueText}: supported values: {string.Join(", ", supported.Select(s => "\"" + s + "\""))}");

    /// <summary>Go's <c>%q</c> of a string value.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
