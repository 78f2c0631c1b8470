namespace BootstrapPortal.Core.Objects;

/// <summary>One core/v1 Event about an object, as <c>kubectl describe</c> lists it.</summary>
public sealed record ObjectEvent(string Type, string Reason, string Message, string Source, int Count, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen);
